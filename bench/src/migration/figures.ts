import type { Engine } from "../types.ts";

/** Issue 16's bounds, on PostgreSQL; PGlite's figures are reported beside them. */
export const BOUNDS = {
  exportSeconds: 15,
  importSeconds: 60,
  peakMb: 300,
  liveSeconds: 120,
} as const;

/** One line of the Migration table. */
export interface MigrationFigure {
  engine: Engine;
  figure: string;
  /** The bound it is held to, in `unit`; absent for a figure reported for its own sake. */
  bound?: number;
  unit: "s" | "MB";
  /** What was measured, in `unit`, compared with the bound. */
  value: number;
  /** What else the run showed (rates, wall times, summaries). */
  detail?: string;
}

export interface MigrationReport {
  startedAt: string;
  commit: string;
  /** The 1-minute load average at the start, and its range over the run. */
  loadBefore: string;
  loadDuring: string;
  cores: number;
  sizes: { edges: number; users: number; followers: number };
  figures: MigrationFigure[];
  /** How each part was set up, for the notes under the table. */
  notes: string[];
  totalSeconds: number;
}

export const perSecond = (count: number, seconds: number) =>
  Math.round(count / Math.max(seconds, 0.001)).toLocaleString("en");

/** The "… in 12.34 s" a command's summary line ends with, or NaN. */
export function summarySeconds(text: string, pattern: RegExp): number {
  return Number(text.match(pattern)?.[1] ?? Number.NaN);
}
