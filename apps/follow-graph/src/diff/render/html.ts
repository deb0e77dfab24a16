// The HTML report: one self-contained file (inline style and script, no network). The summary
// matrix comes first, each cell a link to its scenario; then every scenario with the columns
// side by side, step by step. Elements carry stable hooks for tests and scripts:
// `data-scenario`, `data-column`, `data-step`, `data-differs`, `data-failed`, `data-state`.
import type {
  DiffReport,
  Exchange,
  ReportColumn,
  ScenarioResult,
  StepOutcome,
  StepResult,
} from "../report-model.ts";
import { bodyText, describeBody } from "./body-text.ts";
import {
  differingColumnsOf,
  differingColumnsOfScenario,
  differingColumnsOfStep,
  failedColumnsOfScenario,
} from "./differing-columns.ts";
import { escapeHtml as e, scenarioAnchor } from "./html-escape.ts";
import { reportScript, reportStyle } from "./html-style.ts";

const flag = (value: boolean) => (value ? "true" : "false");

function matrix(report: DiffReport): string {
  const head = report.columns
    .map((column) => `<th data-column="${e(column.id)}">${e(column.label)}</th>`)
    .join("");
  const rows = report.scenarios.map((scenario, i) => {
    const href = `#${scenarioAnchor(i, scenario.name)}`;
    const differing = differingColumnsOfScenario(scenario);
    const failed = failedColumnsOfScenario(scenario);
    const mark =
      scenario.error !== undefined
        ? `<span class="mark failed" title="failed">!</span>`
        : `<span class="mark" title="differs">${scenario.differs ? "≠" : ""}</span>`;
    const cells = report.columns.map((column) => {
      const differs = scenario.differs && differing.has(column.id);
      return (
        `<td data-column="${e(column.id)}" data-differs="${flag(differs)}" data-failed="${flag(failed.has(column.id))}">` +
        `<a href="${href}">${e(scenario.outcome[column.id] ?? "—")}</a></td>`
      );
    });
    return (
      `<tr data-scenario="${e(scenario.name)}" data-differs="${flag(scenario.differs)}">` +
      `<th>${mark} <a href="${href}">${e(scenario.title)}</a></th>${cells.join("")}</tr>`
    );
  });
  return (
    `<table class="matrix" id="summary" data-summary><thead><tr><th>Scenario</th>${head}</tr></thead>` +
    `<tbody>${rows.join("\n")}</tbody></table>`
  );
}

function headerList(headers: Record<string, string>): string {
  const entries = Object.entries(headers);
  if (entries.length === 0) return "";
  const items = entries.map(
    ([name, value]) => `<dt class="mono">${e(name)}</dt><dd class="mono">${e(value)}</dd>`,
  );
  return `<dl class="headers">${items.join("")}</dl>`;
}

/**
 * A body a line to a span that hangs at the line's own indent, so a long value wrapped in a
 * narrow column stays under its key instead of restarting at the margin. The newlines stay in
 * the text: what a reader copies is the body as printed.
 */
function bodyLines(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      const indent = /^ */.exec(line)?.[0].length ?? 0;
      return indent === 0 ? `<span>${e(line)}</span>` : `<span style="--indent: ${indent}">${e(line)}</span>`;
    })
    .join("\n");
}

function bodyDetails(label: string, body: unknown): string {
  const text = bodyText(body);
  if (text === undefined) return "";
  return `<details data-body="${e(label)}"><summary>${e(label)}: ${e(describeBody(body))}</summary><pre>${bodyLines(text)}</pre></details>`;
}

function exchangeHtml(exchange: Exchange): string {
  const { request, response } = exchange;
  const noBody = response.body === null || response.body === undefined ? `<div class="na">no body</div>` : "";
  return [
    `<div class="request mono"><span class="method">${e(request.method)}</span> ${e(request.path)}</div>`,
    headerList(request.headers),
    bodyDetails("request body", request.body),
    `<div class="status mono">→ <strong>${e(String(response.status))}</strong></div>`,
    headerList(response.headers),
    bodyDetails("response body", response.body),
    noBody,
  ].join("");
}

function outcomeState(outcome: StepOutcome | undefined): string {
  if (outcome === undefined || outcome.error !== undefined) return "failed";
  if (outcome.notApplicable !== undefined) return "not-applicable";
  return "ok";
}

function outcomeHtml(column: ReportColumn, outcome: StepOutcome | undefined, differs: boolean): string {
  const state = outcomeState(outcome);
  let content: string;
  if (outcome === undefined) content = `<div class="outcome-error">no outcome</div>`;
  else if (outcome.error !== undefined)
    content = `<div class="summary">${e(outcome.summary)}</div><div class="outcome-error">failed: ${e(outcome.error)}</div>`;
  else if (outcome.notApplicable !== undefined)
    content = `<div class="summary">${e(outcome.summary)}</div><div class="na">not applicable: ${e(outcome.notApplicable)}</div>`;
  else
    content =
      `<div class="summary">${e(outcome.summary)}</div>` +
      (outcome.exchange ? exchangeHtml(outcome.exchange) : "");
  return (
    `<div class="outcome" data-column="${e(column.id)}" data-state="${state}" data-differs="${flag(differs)}">` +
    `<div class="col-label">${e(column.label)}</div>${content}</div>`
  );
}

function differencesTable(step: StepResult, columns: ReportColumn[]): string {
  if (step.differences.length === 0) return "";
  const head = columns.map((column) => `<th>${e(column.label)}</th>`).join("");
  const rows = step.differences.map((difference) => {
    const marked = differingColumnsOf(difference);
    const cells = columns.map(
      (column) =>
        `<td class="mono" data-column="${e(column.id)}" data-differs="${flag(marked.has(column.id))}">` +
        `${e(difference.values[column.id] ?? "—")}</td>`,
    );
    return `<tr data-aspect="${e(difference.aspect)}"><th class="mono">${e(difference.aspect)}</th>${cells.join("")}</tr>`;
  });
  return `<table class="differences"><thead><tr><th>differs</th>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function stepHtml(step: StepResult, columns: ReportColumn[]): string {
  const differs = step.differences.length > 0;
  const failed = Object.values(step.outcomes).some((outcome) => outcome.error !== undefined);
  const marked = differingColumnsOfStep(step);
  const note = differs
    ? `<span class="note">differs: ${e(step.differences.map((difference) => difference.aspect).join(", "))}</span>`
    : "";
  const setup = step.reported ? "" : `<span class="setup">(setup, not in the summary)</span>`;
  const outcomes = columns.map((column) =>
    outcomeHtml(column, step.outcomes[column.id], marked.has(column.id)),
  );
  return (
    `<div class="step" data-step="${step.index}" data-differs="${flag(differs)}" data-failed="${flag(failed)}" data-reported="${flag(step.reported)}">` +
    `<h3>${step.index + 1}. ${e(step.intent)}<span class="action">${e(step.action)}</span>${setup}${note}</h3>` +
    `<div class="columns">${outcomes.join("")}</div>` +
    `${differencesTable(step, columns)}</div>`
  );
}

function scenarioHtml(scenario: ScenarioResult, index: number, columns: ReportColumn[]): string {
  const badge =
    scenario.error !== undefined
      ? `<span class="badge failed">failed</span>`
      : scenario.differs
        ? `<span class="badge differs">differs</span>`
        : `<span class="badge same">same</span>`;
  const description = scenario.description ? `<p class="description">${e(scenario.description)}</p>` : "";
  const error = scenario.error !== undefined ? `<p class="scenario-error">${e(scenario.error)}</p>` : "";
  const steps = scenario.steps.map((step) => stepHtml(step, columns)).join("\n");
  return (
    `<section class="scenario" id="${scenarioAnchor(index, scenario.name)}" data-scenario="${e(scenario.name)}" ` +
    `data-differs="${flag(scenario.differs)}" data-failed="${flag(scenario.error !== undefined)}">` +
    `<div class="scenario-head"><h2>${e(scenario.title)}</h2><code>${e(scenario.name)}</code>${badge}` +
    `<a class="to-summary" href="#summary">↑ summary</a></div>` +
    `${description}${error}${steps}</section>`
  );
}

export function renderHtml(report: DiffReport): string {
  const { totals } = report;
  const meta =
    `${e(report.mode)} · server ${e(report.server)} · ${e(report.generatedAt)} · ${totals.scenarios} scenarios, ` +
    `${totals.steps} steps, ${totals.differingSteps} differing, ${totals.failedSteps} failed`;
  const columns = report.columns
    .map((column) => `${e(column.label)} <code>${e(column.baseUrl)}</code>`)
    .join(" · ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>follow-graph diff</title>
<style>${reportStyle}</style>
</head>
<body>
<header>
<h1>follow-graph diff</h1>
<p class="meta" data-totals>${meta}</p>
<p class="meta">${columns}</p>
</header>
<main>
${matrix(report)}
<div class="toolbar"><button type="button" data-action="expand">Expand all bodies</button>
<button type="button" data-action="collapse">Collapse all</button>
<label><input type="checkbox" data-action="only-differing"> only steps that differ</label></div>
${report.scenarios.map((scenario, i) => scenarioHtml(scenario, i, report.columns)).join("\n")}
</main>
<script>${reportScript}</script>
</body>
</html>
`;
}
