// The terminal report: the summary matrix first, then each scenario's steps with every column's
// request and outcome, differences marked `≠`. Pure: whether to colour is the caller's choice
// (colour only when stdout is a TTY).
import type { DiffReport, ReportColumn, ScenarioResult, StepOutcome, StepResult } from "../report-model.ts";
import { describeBody, requestLine } from "./body-text.ts";
import { differingColumnsOfScenario } from "./differing-columns.ts";

export interface TextOptions {
  color?: boolean;
  /** Only the summary matrix. */
  summaryOnly?: boolean;
}

type Paint = (text: string) => string;
interface Palette {
  bold: Paint;
  dim: Paint;
  differs: Paint;
  failed: Paint;
}

const ansi =
  (code: string): Paint =>
  (text) =>
    `\u001b[${code}m${text}\u001b[0m`;
const plain: Paint = (text) => text;
const palette = (color: boolean): Palette =>
  color
    ? { bold: ansi("1"), dim: ansi("2"), differs: ansi("33"), failed: ansi("31") }
    : { bold: plain, dim: plain, differs: plain, failed: plain };

/** One line of cells, each padded to its column's width (padding outside the colour codes). */
function row(cells: { text: string; paint?: Paint }[], widths: number[]): string {
  return cells
    .map(({ text, paint = plain }, i) => {
      const padded = i === cells.length - 1 ? text : text.padEnd(widths[i] ?? 0);
      return paint === plain ? padded : paint(text) + padded.slice(text.length);
    })
    .join("  ")
    .trimEnd();
}

const oneLine = (text: string) => text.replace(/\s*\r?\n\s*/g, " ");

export function renderSummaryMatrixText(report: DiffReport, options: TextOptions = {}): string {
  const paint = palette(options.color ?? false);
  const header = ["Scenario", "", ...report.columns.map((column) => column.label)];
  const body = report.scenarios.map((scenario) => {
    const marked = differingColumnsOfScenario(scenario);
    return [
      { text: oneLine(scenario.title) },
      scenario.error !== undefined
        ? { text: "!", paint: paint.failed }
        : { text: scenario.differs ? "≠" : "", paint: paint.differs },
      ...report.columns.map((column) => ({
        text: oneLine(scenario.outcome[column.id] ?? "—"),
        paint: marked.has(column.id) ? paint.differs : plain,
      })),
    ];
  });
  const widths = header.map((text, i) =>
    Math.max(text.length, ...body.map((cells) => cells[i]?.text.length ?? 0)),
  );
  return [
    row(
      header.map((text) => ({ text, paint: paint.bold })),
      widths,
    ),
    ...body.map((cells) => row(cells, widths)),
  ].join("\n");
}

function outcomeLine(outcome: StepOutcome | undefined, paint: Palette): string {
  if (outcome === undefined) return paint.dim("(no outcome)");
  if (outcome.error !== undefined) return paint.failed(`failed: ${oneLine(outcome.error)}`);
  if (outcome.notApplicable !== undefined) return paint.dim(`n/a: ${oneLine(outcome.notApplicable)}`);
  if (outcome.exchange === undefined) return outcome.summary;
  const { request, response } = outcome.exchange;
  const body =
    response.body === null || response.body === undefined ? "" : ` (${describeBody(response.body)})`;
  return `${requestLine(request)} → ${outcome.summary}${paint.dim(body)}`;
}

function renderStep(step: StepResult, columns: ReportColumn[], paint: Palette): string[] {
  const setup = step.reported ? "" : paint.dim(" (setup)");
  const aspects = step.differences.map((difference) => difference.aspect);
  const mark = aspects.length > 0 ? paint.differs(`  ≠ ${aspects.join(", ")}`) : "";
  const lines = [`  ${step.index + 1}. ${oneLine(step.intent)}${setup}${mark}`];
  const width = Math.max(...columns.map((column) => column.label.length));
  for (const column of columns) {
    lines.push(`     ${column.label.padEnd(width)}  ${outcomeLine(step.outcomes[column.id], paint)}`);
  }
  for (const difference of step.differences) {
    const values = columns.map(
      (column) => `${column.label}: ${oneLine(difference.values[column.id] ?? "—")}`,
    );
    lines.push(paint.differs(`     ≠ ${difference.aspect}  ${values.join(" · ")}`));
  }
  return lines;
}

function renderScenario(scenario: ScenarioResult, columns: ReportColumn[], paint: Palette): string {
  const status =
    scenario.error !== undefined
      ? paint.failed("  ! failed")
      : scenario.differs
        ? paint.differs("  ≠ differs")
        : "";
  const lines = [paint.bold(`${oneLine(scenario.title)}  [${scenario.name}]`) + status];
  if (scenario.description) lines.push(`  ${oneLine(scenario.description)}`);
  if (scenario.error !== undefined) lines.push(paint.failed(`  ! ${oneLine(scenario.error)}`));
  for (const step of scenario.steps) lines.push(...renderStep(step, columns, paint));
  return lines.join("\n");
}

export function renderText(report: DiffReport, options: TextOptions = {}): string {
  const paint = palette(options.color ?? false);
  const matrix = renderSummaryMatrixText(report, options);
  if (options.summaryOnly) return `${matrix}\n`;
  const { totals } = report;
  const heading =
    `follow-graph diff (${report.mode}, server ${report.server}): ${totals.scenarios} scenarios, ` +
    `${totals.steps} steps, ${totals.differingSteps} differing, ${totals.failedSteps} failed`;
  const sections = report.scenarios.map((scenario) => renderScenario(scenario, report.columns, paint));
  return `${[paint.bold(heading), matrix, ...sections].join("\n\n")}\n`;
}
