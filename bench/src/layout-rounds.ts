// The loop both comparison benches (workers-bench.ts, replicas-bench.ts) share: for each round,
// each layout in turn (so that a neighbour's burst of load does not fall on one layout only),
// a gateway started for it, and every scenario warmed up, then measured with wrk.
import type { RunResult } from "./types.ts";
import { runWrk } from "./wrk.ts";

export interface RoundScenario {
  name: string;
  path: string;
  script: () => string;
}

/** What a layout's gateway must offer the loop. */
export interface RoundGateway {
  url: string;
  death(): string | undefined;
  stop(): Promise<void>;
}

export interface RoundsOptions<L extends { name: string }, G extends RoundGateway, R extends RunResult> {
  rounds: number;
  layouts: L[];
  scenarios: RoundScenario[];
  start: (layout: L) => Promise<G>;
  /** wrk's settings for every run. */
  wrk: { duration: number; connections: number; workDir: string };
  log: (line: string) => void;
  /** The measured run, given the gateway; the default is wrk's result alone. */
  measure?: (gateway: G, run: () => Promise<RunResult>) => Promise<R>;
  describe?: (result: R) => string;
}

/** Each `layout|scenario`'s results, one a round. */
export async function alternatingRounds<
  L extends { name: string },
  G extends RoundGateway,
  R extends RunResult,
>(options: RoundsOptions<L, G, R>): Promise<Map<string, R[]>> {
  const { rounds, layouts, scenarios, start, wrk, log } = options;
  const measure =
    options.measure ?? (async (_gateway: G, run: () => Promise<RunResult>) => (await run()) as R);
  const results = new Map<string, R[]>();
  for (let round = 1; round <= rounds; round++)
    for (const layout of layouts) {
      log(`round ${round}, ${layout.name}: starting`);
      const gateway = await start(layout);
      try {
        for (const scenario of scenarios) {
          // A toggle run's warm-up and measured part share its actors: the sweep goes on.
          const script = scenario.script();
          const run = (seconds: number, name: string) =>
            runWrk({
              url: `${gateway.url}${scenario.path}`,
              script,
              duration: seconds,
              connections: wrk.connections,
              threads: 2,
              workDir: wrk.workDir,
              name,
            });
          await run(Math.max(1, Math.round(wrk.duration / 4)), "warmup");
          const result = await measure(gateway, () => run(wrk.duration, "measured"));
          const death = gateway.death();
          if (death) throw new Error(death);
          const key = `${layout.name}|${scenario.name}`;
          results.set(key, [...(results.get(key) ?? []), result]);
          const extra = options.describe ? `, ${options.describe(result)}` : "";
          log(
            `  ${scenario.name}: ${result.requestsPerSecond.toFixed(0)} req/s${extra}, ${result.errors} errors`,
          );
        }
      } finally {
        await gateway.stop();
      }
    }
  return results;
}
