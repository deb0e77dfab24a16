// `--format json`: the report model itself, which the README documents and CI jobs assert on.
import type { DiffReport } from "../report-model.ts";

export function renderJson(report: DiffReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
