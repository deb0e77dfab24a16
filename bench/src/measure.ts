import { readRssMb, waitForIdle } from "./processes.ts";
import type { Measurement, RunResult } from "./types.ts";
import { runWrk } from "./wrk.ts";

/** How hard and how long every scenario is driven; the same for the gateway and the ceilings. */
export interface Load {
  duration: number;
  runs: number;
  connections: number;
  threads: number;
  /** Seconds of unmeasured load before a scenario's runs, so the first run does not warm the JIT. */
  warmup: number;
  /** Where the wrk scripts are written. */
  workDir: string;
}

/** The run with the median requests/s (the lower middle one for an even count). */
export function medianRun(runs: RunResult[]): RunResult {
  if (!runs.length) throw new Error("no runs to take a median of");
  const sorted = [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/**
 * Runs one scenario `load.runs` times with wrk, letting the server go idle after each run and
 * reading its RSS, and reduces that to the median run, the errors of all runs and the largest RSS.
 */
export async function measure(
  load: Load,
  scenario: {
    name: string;
    url: string;
    /** The wrk script of run `run` (toggles use fresh actors per run). */
    script: (run: number) => string;
    serverPid: number;
    /** Whether to report the server's RSS (not for the ceilings). */
    rss: boolean;
    /** Writes skip the warm-up: it would leave their grid half-followed for the first run. */
    warmup: boolean;
  },
): Promise<Measurement> {
  const wrk = (name: string, duration: number, script: string) =>
    runWrk({ ...load, url: scenario.url, name, duration, script });
  if (scenario.warmup && load.warmup > 0) {
    await wrk(`${scenario.name}-warmup`, load.warmup, scenario.script(0));
    await waitForIdle(scenario.serverPid);
  }
  const results: RunResult[] = [];
  let rssMb: number | undefined;
  for (let i = 0; i < load.runs; i++) {
    results.push(await wrk(`${scenario.name}-${i + 1}`, load.duration, scenario.script(i)));
    if (scenario.rss) {
      const rss = readRssMb(scenario.serverPid);
      if (rss !== undefined) rssMb = Math.max(rssMb ?? 0, rss);
    }
    // When wrk stops, the server may still be working off the requests in flight.
    await waitForIdle(scenario.serverPid);
  }
  return {
    runs: results,
    median: medianRun(results),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    ...(rssMb !== undefined ? { rssMb } : {}),
  };
}

/** One server's side of an alternating measurement. */
export interface Contender {
  name: string;
  url: string;
  script: (run: number) => string;
  serverPid: number;
}

/**
 * Runs one scenario on several servers in turn — run 1 of each, then run 2 of each, … — so a
 * change in the machine's load lands on all of them alike; each gets its own warm-up first
 * (reads only), its RSS read after each of its runs, and its own median.
 */
export async function measureAlternating(
  load: Load,
  contenders: Contender[],
  options: { warmup: boolean },
): Promise<Measurement[]> {
  if (options.warmup && load.warmup > 0)
    for (const c of contenders) {
      await runWrk({
        ...load,
        url: c.url,
        name: `${c.name}-warmup`,
        duration: load.warmup,
        script: c.script(0),
      });
      await waitForIdle(c.serverPid);
    }
  const results = contenders.map(() => [] as RunResult[]);
  const rss = contenders.map(() => undefined as number | undefined);
  for (let i = 0; i < load.runs; i++)
    for (const [k, c] of contenders.entries()) {
      results[k]!.push(
        await runWrk({
          ...load,
          url: c.url,
          name: `${c.name}-${i + 1}`,
          duration: load.duration,
          script: c.script(i),
        }),
      );
      const mb = readRssMb(c.serverPid);
      if (mb !== undefined) rss[k] = Math.max(rss[k] ?? 0, mb);
      await waitForIdle(c.serverPid);
    }
  return results.map((runs, k) => ({
    runs,
    median: medianRun(runs),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    ...(rss[k] !== undefined ? { rssMb: rss[k] } : {}),
  }));
}
