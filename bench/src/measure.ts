import { readRssMb, waitForIdle } from "./processes.ts";
import type { Measurement, RunResult } from "./types.ts";
import { runWrk, type WrkRun } from "./wrk.ts";

/** The run with the median requests/s (the lower middle one for an even count). */
export function medianRun(runs: RunResult[]): RunResult {
  if (!runs.length) throw new Error("no runs to take a median of");
  const sorted = [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/**
 * Runs one wrk scenario `runs` times against a server, reading the server's RSS right after
 * each run, and reduces it to the median run, the errors of all runs and the largest RSS.
 */
export async function measure(
  run: Omit<WrkRun, "script"> & {
    script: (run: number) => string;
    runs: number;
    serverPid: number;
    /** Seconds of unmeasured load first, so the first run is not the one that warms the JIT. */
    warmup: number;
    /** Whether the server reports its RSS (the ceilings do not). */
    rss: boolean;
  },
): Promise<Measurement> {
  const results: RunResult[] = [];
  let rssMb: number | undefined;
  if (run.warmup > 0) {
    await runWrk({ ...run, duration: run.warmup, script: run.script(0), name: `${run.name}-warmup` });
    await waitForIdle(run.serverPid);
  }
  for (let i = 0; i < run.runs; i++) {
    results.push(await runWrk({ ...run, script: run.script(i), name: `${run.name}-${i + 1}` }));
    if (run.rss) {
      const rss = readRssMb(run.serverPid);
      if (rss !== undefined) rssMb = Math.max(rssMb ?? 0, rss);
    }
    await waitForIdle(run.serverPid);
  }
  return {
    runs: results,
    median: medianRun(results),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    ...(rssMb !== undefined ? { rssMb } : {}),
  };
}
