// The emulator's state controls against issue 14's targets: reset() ≤ 50 ms with a 1,000-user
// fixture loaded; snapshot and restore of a 10,000-edge graph ≤ 200 ms each. Run with
// `pnpm exec tsx bench/src/emulator-bench.ts` (PGlite in memory; also PostgreSQL when
// TEST_DATABASE_URL names a server). Prints the median and worst of several runs.
import { bootstrapRoot, type Core } from "../../packages/core/src/index.ts";
import { createTestDatabase } from "../../packages/core/src/testing/index.ts";

const RUNS = 7;
const users = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ username: `fx${i}`, token: `fx${i}-token-secret` }));
/** 10,000 distinct edges among 1,000 users: each follows the next ten. */
const edges = (n: number, per: number) =>
  Array.from({ length: n * per }, (_, k) => [
    `fx${Math.floor(k / per)}`,
    `fx${(Math.floor(k / per) + 1 + (k % per)) % n}`,
  ]);

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const summary = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, worst ${sorted.at(-1)!.toFixed(1)} ms (${ms.length} runs)`;
};

async function load(core: Core, doc: unknown) {
  const result = await core.emulator.loadFixtures(doc);
  if (!result.ok) throw new Error(result.problems.join("\n"));
}

async function bench(engine: string) {
  const t = await createTestDatabase();
  try {
    await bootstrapRoot(t.core, "bench-root-token");
    const resets: number[] = [];
    const loads: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      loads.push(await time(() => load(t.core, { users: users(1000) })));
      resets.push(await time(() => t.core.emulator.resetGraph()));
    }
    await load(t.core, { users: users(1000), follows: edges(1000, 10) });
    const snapshots: number[] = [];
    const restores: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      let snapshot: Awaited<ReturnType<Core["emulator"]["snapshotGraph"]>> | undefined;
      snapshots.push(await time(async () => (snapshot = await t.core.emulator.snapshotGraph())));
      restores.push(await time(() => t.core.emulator.restoreGraph(snapshot!)));
    }
    const state = await t.core.emulator.graphState();
    console.log(`${engine}:`);
    console.log(`  load a 1,000-user fixture (tokens included): ${summary(loads)}`);
    console.log(`  reset() with 1,000 users loaded:             ${summary(resets)}   target ≤ 50 ms`);
    console.log(
      `  snapshot of ${state.follows.length} edges, ${state.users.length} users:      ${summary(snapshots)}   target ≤ 200 ms`,
    );
    console.log(`  restore of the same:                         ${summary(restores)}   target ≤ 200 ms`);
  } finally {
    await t.cleanup();
  }
}

const serverUrl = process.env.TEST_DATABASE_URL;
delete process.env.TEST_DATABASE_URL;
await bench("PGlite (memory)");
if (serverUrl) {
  process.env.TEST_DATABASE_URL = serverUrl;
  await bench("PostgreSQL");
}
