// The HTML report's inline stylesheet and script: the file must work offline, so no fonts or
// scripts from anywhere else. Light and dark follow the reader's system setting.

export const reportStyle = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --differs: #bf8700; --differs-bg: #fff8c5; --failed: #cf222e; --failed-bg: #ffebe9;
  --na-bg: #eef1f4; --ok: #1a7f37; --link: #0969da;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
    --differs: #d29922; --differs-bg: #3a2d0a; --failed: #f85149; --failed-bg: #3c1618;
    --na-bg: #1c2128; --ok: #3fb950; --link: #4493f8;
  }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 16px 24px 48px; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0; }
h3 { font-size: 14px; margin: 0 0 8px; font-weight: 600; }
.meta, .description { color: var(--muted); margin: 4px 0 12px; }
.toolbar { display: flex; gap: 8px; align-items: center; margin: 8px 0 16px; flex-wrap: wrap; }
.toolbar button { font: inherit; padding: 2px 10px; border: 1px solid var(--line); border-radius: 6px;
  background: var(--panel); color: var(--fg); cursor: pointer; }
table { border-collapse: collapse; }
.matrix { width: 100%; margin-bottom: 28px; scroll-margin-top: 8px; }
.matrix th, .matrix td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
/* Titles stay on one line so a row is one line high and the matrix fits a laptop screen. */
.matrix tbody th { white-space: nowrap; font-weight: 600; }
.matrix td { font-size: 13px; overflow-wrap: anywhere; }
@media (max-width: 900px) { .matrix tbody th { white-space: normal; } }
.matrix thead th { background: var(--panel); position: sticky; top: 0; }
.matrix td[data-differs="true"] { background: var(--differs-bg); box-shadow: inset 3px 0 0 var(--differs); }
.matrix td[data-failed="true"] { background: var(--failed-bg); box-shadow: inset 3px 0 0 var(--failed); }
.matrix td a { color: inherit; display: block; }
.mark { display: inline-block; min-width: 1.2em; font-weight: 700; color: var(--differs); }
.mark.failed { color: var(--failed); }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 0 8px; border-radius: 10px;
  border: 1px solid currentColor; margin-left: 8px; vertical-align: 2px; }
.badge.differs { color: var(--differs); }
.badge.failed { color: var(--failed); }
.badge.same { color: var(--ok); }
.scenario { border-top: 2px solid var(--line); padding-top: 16px; margin-top: 24px; }
.scenario:target .scenario-head h2 { background: var(--differs-bg); box-shadow: 0 0 0 4px var(--differs-bg); border-radius: 2px; }
.scenario-head { display: flex; align-items: baseline; gap: 8px; flex-wrap: wrap; }
.scenario-head .to-summary { margin-left: auto; font-size: 12px; }
.scenario-head code { color: var(--muted); }
.scenario-error, .outcome-error { color: var(--failed); font-weight: 600; }
.step { margin: 14px 0; padding: 10px 12px; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; }
.step[data-reported="false"] { opacity: 0.85; }
.step .action { color: var(--muted); font-weight: 400; font-size: 12px; margin-left: 6px; }
.step .note { color: var(--differs); font-weight: 600; margin-left: 8px; }
.step .setup { color: var(--muted); font-weight: 400; margin-left: 6px; }
/* Side by side while each column gets 17rem (a laptop fits four); narrower, they wrap. */
.columns { display: grid; gap: 10px; grid-template-columns: repeat(auto-fit, minmax(min(100%, 17rem), 1fr)); }
.outcome { min-width: 0; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.outcome[data-differs="true"] { border: 2px solid var(--differs); }
.outcome[data-state="failed"] { border: 2px solid var(--failed); background: var(--failed-bg); }
.outcome[data-state="not-applicable"] { background: var(--na-bg); border-style: dashed; }
.outcome .col-label { font-size: 12px; color: var(--muted); margin-bottom: 2px; }
.outcome .summary { font-weight: 700; font-size: 15px; margin-bottom: 6px; }
.outcome .request, .outcome .status { overflow-wrap: anywhere; margin: 2px 0; }
.outcome .method { font-weight: 700; }
.outcome .na { color: var(--muted); font-style: italic; }
.headers { margin: 2px 0 4px; display: grid; grid-template-columns: max-content minmax(0, 1fr); column-gap: 8px; }
.headers dt { color: var(--muted); }
.headers dd { margin: 0; overflow-wrap: anywhere; }
details { margin-top: 4px; }
summary { cursor: pointer; color: var(--link); }
pre { margin: 4px 0 0; padding: 6px 8px; background: var(--panel); border-radius: 4px; overflow: auto; max-height: 28em;
  white-space: pre-wrap; overflow-wrap: anywhere; }
/* Each line hangs at its own indent plus two: a wrapped value reads as part of its line. */
pre > span { display: inline-block; width: 100%; --hang: calc(var(--indent, 0) * 1ch + 2ch);
  padding-left: var(--hang); text-indent: calc(-1 * var(--hang)); }
/* Fixed layout: the value columns share the width equally, however long one value is. */
.differences { margin-top: 8px; width: 100%; table-layout: fixed; }
.differences thead th:first-child { width: 12em; }
.differences th, .differences td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
.differences td[data-differs="true"] { background: var(--differs-bg); font-weight: 600; }
body.only-differing .step[data-differs="false"] { display: none; }
`;

// Expand or collapse every body at once, and hide the steps that agree everywhere.
export const reportScript = `
document.querySelector("[data-action=expand]").addEventListener("click", () => {
  for (const details of document.querySelectorAll("details")) details.open = true;
});
document.querySelector("[data-action=collapse]").addEventListener("click", () => {
  for (const details of document.querySelectorAll("details")) details.open = false;
});
document.querySelector("[data-action=only-differing]").addEventListener("change", (event) => {
  document.body.classList.toggle("only-differing", event.target.checked);
});
`;
