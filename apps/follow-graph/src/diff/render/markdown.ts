// GitHub-flavoured markdown: the summary matrix as a table (the README's "Where the two
// dialects deliberately differ" table is this table, generated), then a section per scenario
// with a table of its steps.
import type { DiffReport, ReportColumn, ScenarioResult, StepOutcome } from "../report-model.ts";
import { requestLine } from "./body-text.ts";

/** A table cell's text: a `|` would end the cell and a newline the row. */
export function escapeCell(text: string): string {
  return text
    .replace(/\\(?=\|)/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, "<br>");
}

/** Inline code, fenced with more backticks than the text holds in a row. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

const tableRow = (cells: string[]) => `| ${cells.join(" | ")} |`;

/** The summary matrix: scenario title × column label → outcome. */
export function renderSummaryTable(report: DiffReport): string {
  const lines = [
    tableRow(["Scenario", ...report.columns.map((column) => escapeCell(column.label))]),
    tableRow(["---", ...report.columns.map(() => "---")]),
    ...report.scenarios.map((scenario) =>
      tableRow([
        escapeCell(scenario.title),
        ...report.columns.map((column) => escapeCell(scenario.outcome[column.id] ?? "—")),
      ]),
    ),
  ];
  return `${lines.join("\n")}\n`;
}

function outcomeCell(outcome: StepOutcome | undefined): string {
  if (outcome === undefined) return "—";
  if (outcome.error !== undefined) return escapeCell(`**failed**: ${outcome.error}`);
  if (outcome.notApplicable !== undefined) return escapeCell(`n/a: ${outcome.notApplicable}`);
  if (outcome.exchange === undefined) return escapeCell(outcome.summary);
  return `${escapeCell(code(requestLine(outcome.exchange.request)))} → ${escapeCell(outcome.summary)}`;
}

function renderScenario(scenario: ScenarioResult, columns: ReportColumn[]): string {
  const parts = [
    `### ${scenario.title.replace(/\r?\n/g, " ")}`,
    `${code(scenario.name)}${scenario.differs ? " · differs" : ""}`,
  ];
  if (scenario.description) parts.push(scenario.description);
  if (scenario.error !== undefined) parts.push(`**Failed:** ${scenario.error}`);
  const table = [
    tableRow(["Step", ...columns.map((column) => escapeCell(column.label)), "Differs"]),
    tableRow(["---", ...columns.map(() => "---"), "---"]),
    ...scenario.steps.map((step) =>
      tableRow([
        escapeCell(`${step.index + 1}. ${step.intent}${step.reported ? "" : " (setup)"}`),
        ...columns.map((column) => outcomeCell(step.outcomes[column.id])),
        escapeCell(step.differences.map((difference) => difference.aspect).join(", ")),
      ]),
    ),
  ];
  parts.push(table.join("\n"));
  const differences = scenario.steps.flatMap((step) =>
    step.differences.map((difference) => {
      const values = columns.map((column) => `${column.label} ${code(difference.values[column.id] ?? "—")}`);
      return `- step ${step.index + 1}, ${difference.aspect}: ${values.join(" · ")}`;
    }),
  );
  if (differences.length > 0) parts.push(differences.join("\n"));
  return parts.join("\n\n");
}

export function renderMarkdown(report: DiffReport, options: { summaryOnly?: boolean } = {}): string {
  const table = renderSummaryTable(report);
  if (options.summaryOnly) return table;
  const { totals } = report;
  const heading = [
    "## follow-graph diff",
    `${report.mode} · server ${code(report.server)} · ${totals.scenarios} scenarios, ${totals.steps} steps, ` +
      `${totals.differingSteps} differing, ${totals.failedSteps} failed`,
  ];
  const sections = report.scenarios.map((scenario) => renderScenario(scenario, report.columns));
  return `${[...heading, table.trimEnd(), ...sections].join("\n\n")}\n`;
}
