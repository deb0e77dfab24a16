// docs/benchmarks.md's "Migration" section: the part `pnpm bench --only migration` writes sits
// between two markers, so the prose around it (what limits each figure) survives a new run,
// and the rest of the file (the default run's report) is left as it is.
import { ENGINE_LABEL } from "../types.ts";
import type { MigrationFigure, MigrationReport } from "./figures.ts";

export const HEADING = "## Migration";
export const BEGIN = "<!-- written by `pnpm bench --only migration`: begin -->";
export const END = "<!-- written by `pnpm bench --only migration`: end -->";

const amount = (value: number, unit: "s" | "MB") =>
  unit === "s" ? `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} s` : `${value.toFixed(0)} MB`;

function row(f: MigrationFigure): string[] {
  const measured = `${amount(f.value, f.unit)}${f.detail ? ` (${f.detail})` : ""}`;
  if (f.bound === undefined) return [ENGINE_LABEL[f.engine], f.figure, "—", measured, "", ""];
  const ratio = (f.value / f.bound).toFixed(2);
  // PGlite's figures are reported beside PostgreSQL's bound, not held to it (the issue's wording).
  if (f.engine === "pglite")
    return [
      ENGINE_LABEL[f.engine],
      f.figure,
      `report (≤ ${f.bound} ${f.unit} on PostgreSQL)`,
      measured,
      ratio,
      "",
    ];
  return [
    ENGINE_LABEL[f.engine],
    f.figure,
    `≤ ${f.bound} ${f.unit}`,
    measured,
    ratio,
    f.value <= f.bound ? "met" : "missed",
  ];
}

const line = (cells: string[]) => `| ${cells.join(" | ")} |`;

/** The generated block, markers included. */
export function renderMigrationBlock(report: MigrationReport): string {
  const { edges, users, followers } = report.sizes;
  const when = report.startedAt.slice(0, 16).replace("T", " ");
  return [
    BEGIN,
    `Written by \`pnpm bench --only migration\` on ${when} UTC at commit \`${report.commit}\`; the run took ${Math.round(report.totalSeconds)} s.`,
    `Machine load (the 1-minute load average, sampled every 10 s, on ${report.cores} cores shared with other work): ${report.loadBefore} at the start, ${report.loadDuring} over the run.`,
    `Sizes: ${edges.toLocaleString("en")} random edges among ${users.toLocaleString("en")} users for export and import; one account with ${followers.toLocaleString("en")} followers for the live import.`,
    "Each command ran as its own process (`node --import tsx apps/follow-graph/src/bin.ts …`); peak RSS is that process's own (`process.resourceUsage().maxRSS` at exit).",
    "",
    line(["engine", "figure", "bound", "measured", "ratio", ""]),
    line(["---", "---", "---", "---", "---:", "---"]),
    ...report.figures.map((f) => line(row(f))),
    "",
    ...report.notes.map((n) => `- ${n}`),
    END,
  ].join("\n");
}

/**
 * The document with its Migration block replaced by `block`: between the markers when they are
 * there; otherwise the block opens the Migration section (its old text kept after it), or a new
 * section before "## Notes" (or at the end).
 */
export function replaceMigrationBlock(doc: string, block: string): string {
  const begin = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (begin >= 0 && end > begin) return doc.slice(0, begin) + block + doc.slice(end + END.length);
  const heading = doc.search(/^## Migration$/m);
  if (heading >= 0) {
    const after = heading + HEADING.length;
    return `${doc.slice(0, after)}\n\n${block}\n${doc.slice(after).replace(/^\n+/, "\n")}`;
  }
  const notes = doc.search(/^## Notes$/m);
  const section = `${HEADING}\n\n${block}\n\n`;
  if (notes >= 0) return doc.slice(0, notes) + section + doc.slice(notes);
  return `${doc.replace(/\n*$/, "\n\n")}${section.trimEnd()}\n`;
}

/** The Migration section of `doc` (heading to the next "## "), or "" when it has none. */
export function migrationSection(doc: string): string {
  const start = doc.search(/^## Migration$/m);
  if (start < 0) return "";
  const rest = doc.slice(start + HEADING.length);
  const next = rest.search(/^## /m);
  return doc.slice(start, next < 0 ? doc.length : start + HEADING.length + next).trimEnd();
}

/**
 * A freshly rendered default report with `previous`'s Migration section carried over (before
 * its Notes, or at its end): the default run does not measure migration, and must not drop it.
 */
export function keepMigrationSection(rendered: string, previous: string): string {
  const section = migrationSection(previous);
  if (!section) return rendered;
  const notes = rendered.search(/^## Notes$/m);
  if (notes < 0) return `${rendered.trimEnd()}\n\n${section}\n`;
  return `${rendered.slice(0, notes)}${section}\n\n${rendered.slice(notes)}`;
}
