// `follow-graph export --as ndjson` of a seeded graph, as its own process: the export's own
// time (its summary line), the wall with start-up, and the process's peak RSS beside that of
// an export of nothing (the floor the engine and runtime stand on).
import { statSync } from "node:fs";
import { join } from "node:path";
import { log } from "../log.ts";
import { ENGINE_LABEL, type Engine } from "../types.ts";
import { BOUNDS, type MigrationFigure, perSecond, summarySeconds } from "./figures.ts";
import { withScratchStore } from "./stores.ts";
import { timedBin } from "./timed-bin.ts";

const EXPORT_SUMMARY = /^export: .* in (\d+(?:\.\d+)?) s$/m;

export async function measureExport(
  engine: Engine,
  pgUrl: string,
  size: { users: number; edges: number },
  workDir: string,
): Promise<{ figures: MigrationFigure[]; note: string }> {
  return withScratchStore(engine, pgUrl, async (store) => {
    const label = ENGINE_LABEL[engine];
    log(`migration: ${label}: seeding ${size.users} users and ${size.edges} follows to export`);
    const seeded = await timedBin([
      "seed",
      "--users",
      String(size.users),
      "--edges",
      String(size.edges),
      "--random-seed",
      "1",
      ...store.flags,
    ]);
    const nothing = join(workDir, `${engine}-nothing.ndjson`);
    log(`migration: ${label}: an export of nothing (start-up), then every edge as NDJSON`);
    const floor = await timedBin([
      "export",
      "--as",
      "ndjson",
      "--users",
      "root",
      "--out",
      nothing,
      ...store.flags,
    ]);
    const file = join(workDir, `${engine}-export.ndjson`);
    const run = await timedBin(["export", "--as", "ndjson", "--out", file, ...store.flags]);
    const own = summarySeconds(run.stderr, EXPORT_SUMMARY);
    const seconds = Number.isNaN(own) ? run.seconds : own;
    const count = size.edges.toLocaleString("en");
    const figures: MigrationFigure[] = [
      {
        engine,
        figure: `NDJSON export of ${count} edges (the export's own time; ${run.seconds.toFixed(1)} s wall with start-up)`,
        bound: BOUNDS.exportSeconds,
        unit: "s",
        value: seconds,
        detail: `${perSecond(size.edges, seconds)} edges/s, ${(statSync(file).size / 1e6).toFixed(0)} MB written`,
      },
      {
        engine,
        figure: `peak RSS of that export (an export of nothing: ${floor.peakMb.toFixed(0)} MB)`,
        bound: BOUNDS.peakMb,
        unit: "MB",
        value: run.peakMb,
      },
    ];
    return {
      figures,
      note: `${label}: seeded with \`follow-graph seed --users ${size.users} --edges ${size.edges} --random-seed 1\` in ${seeded.seconds.toFixed(1)} s.`,
    };
  });
}
