// `follow-graph import ndjson` of the random-edges file, each run its own process: into an
// empty store (the bounded figure), the same file again (merge, every edge there already), with
// --mode overwrite, and into a running server on the same engine through its control API.
import { log } from "../log.ts";
import { ENGINE_LABEL, type Engine } from "../types.ts";
import { BOUNDS, type MigrationFigure, perSecond, summarySeconds } from "./figures.ts";
import { serve } from "./serve.ts";
import { withScratchStore } from "./stores.ts";
import { type TimedRun, timedBin } from "./timed-bin.ts";

const IMPORT_SUMMARY = / in (\d+(?:\.\d+)?) s$/m;

/** The import's own time from its summary line, or the wall when the line says none. */
function ownSeconds(run: TimedRun): number {
  const own = summarySeconds(run.stdout, IMPORT_SUMMARY);
  return Number.isNaN(own) ? run.seconds : own;
}

const unbounded = (engine: Engine, figure: string, run: TimedRun, edges: number): MigrationFigure => {
  const seconds = ownSeconds(run);
  return {
    engine,
    figure: `${figure} (the import's own time)`,
    unit: "s",
    value: seconds,
    detail: `${run.seconds.toFixed(1)} s wall, ${perSecond(edges, seconds)} edges/s, peak RSS ${run.peakMb.toFixed(0)} MB`,
  };
};

export async function measureImport(
  engine: Engine,
  pgUrl: string,
  file: string,
  edges: number,
): Promise<MigrationFigure[]> {
  const label = ENGINE_LABEL[engine];
  const count = edges.toLocaleString("en");
  const figures: MigrationFigure[] = [];
  await withScratchStore(engine, pgUrl, async (store) => {
    log(`migration: ${label}: importing ${count} edges into an empty store`);
    const first = await timedBin(["import", "ndjson", file, ...store.flags]);
    const seconds = ownSeconds(first);
    figures.push(
      {
        engine,
        figure: `NDJSON import of ${count} edges into an empty store (the import's own time; ${first.seconds.toFixed(1)} s wall)`,
        bound: BOUNDS.importSeconds,
        unit: "s",
        value: seconds,
        detail: `${perSecond(edges, seconds)} edges/s`,
      },
      { engine, figure: "peak RSS of that import", bound: BOUNDS.peakMb, unit: "MB", value: first.peakMb },
    );
    log(`migration: ${label}: the same file again (merge), then --mode overwrite`);
    const again = await timedBin(["import", "ndjson", file, ...store.flags]);
    figures.push(unbounded(engine, "the same file again (merge, every edge already there)", again, edges));
    const overwrite = await timedBin(["import", "ndjson", file, "--mode", "overwrite", ...store.flags]);
    figures.push(unbounded(engine, "the same file, `--mode overwrite`", overwrite, edges));
  });
  await withScratchStore(engine, pgUrl, async (store) => {
    log(`migration: ${label}: importing into a running server (--url)`);
    const server = await serve(`serve (${label}, import target)`, store.flags, {
      rootToken: "fg-root-bench-import",
    });
    try {
      const run = await timedBin([
        "import",
        "ndjson",
        file,
        "--url",
        server.url,
        "--root-token",
        server.rootToken,
      ]);
      figures.push(
        unbounded(
          engine,
          "the same file into a running server (`--url`, control API; RSS is the client's)",
          run,
          edges,
        ),
      );
    } finally {
      await server.stop();
    }
  });
  return figures;
}
