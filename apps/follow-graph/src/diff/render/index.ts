// The diff tool's renderers: one report, four formats.
import type { DiffReport } from "../report-model.ts";
import { renderHtml } from "./html.ts";
import { renderJson } from "./json.ts";
import { renderMarkdown } from "./markdown.ts";
import { renderText } from "./text.ts";

export { renderHtml } from "./html.ts";
export { renderJson } from "./json.ts";
export { escapeCell, renderMarkdown, renderSummaryTable } from "./markdown.ts";
export { renderSummaryMatrixText, renderText } from "./text.ts";

export const REPORT_FORMATS = ["text", "markdown", "html", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderOptions {
  /** text only: ANSI colours (the caller decides, e.g. when stdout is a TTY). */
  color?: boolean;
  /** text and markdown: only the summary matrix (markdown: the README's table). */
  summaryOnly?: boolean;
}

export function renderReport(report: DiffReport, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case "text":
      return renderText(report, options);
    case "markdown":
      return renderMarkdown(report, options);
    case "html":
      return renderHtml(report);
    case "json":
      return renderJson(report);
  }
}
