// The README's "Where the two dialects deliberately differ" table is the summary matrix of the
// built-in catalogue on a fresh server; `pnpm diff:readme` writes it between these markers and
// a test fails when the README's copy and the tool's output disagree.
import { catalogue } from "./catalogue/index.ts";
import { dialectColumns } from "./columns.ts";
import { renderSummaryTable } from "./render/index.ts";
import { runScenarios } from "./runner.ts";

export const README_TABLE_BEGIN = "<!-- follow-graph diff: begin -->";
export const README_TABLE_END = "<!-- follow-graph diff: end -->";

/** The catalogue's summary matrix as a markdown table, from a run on a fresh server. */
export async function catalogueTable(): Promise<string> {
  const columns = await dialectColumns(undefined);
  try {
    const { report, failed } = await runScenarios(catalogue(), columns.plans, {
      mode: "dialects",
      server: "fresh",
    });
    if (failed)
      throw new Error("the catalogue did not run through: follow-graph diff shows which step failed");
    return renderSummaryTable(report);
  } finally {
    await columns.close();
  }
}

/** The table between the README's markers; undefined when the markers are missing. */
export function readmeTable(readme: string): string | undefined {
  const begin = readme.indexOf(README_TABLE_BEGIN);
  const end = readme.indexOf(README_TABLE_END);
  if (begin < 0 || end < begin) return undefined;
  return readme.slice(begin + README_TABLE_BEGIN.length, end).trim();
}

/** The README with `table` between its markers. */
export function withReadmeTable(readme: string, table: string): string {
  const begin = readme.indexOf(README_TABLE_BEGIN);
  const end = readme.indexOf(README_TABLE_END);
  if (begin < 0 || end < begin)
    throw new Error(`README.md lacks the markers ${README_TABLE_BEGIN} … ${README_TABLE_END}`);
  return `${readme.slice(0, begin + README_TABLE_BEGIN.length)}\n${table.trim()}\n${readme.slice(end)}`;
}
