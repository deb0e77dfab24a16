import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createScratchDatabase } from "../../../packages/core/src/testing/index.ts";
import type { EmulatorEngineFigures, EmulatorFigures, Engine } from "../types.ts";
import { edgesFixture, usersFixture } from "./fixtures.ts";

const run = promisify(execFile);
const packageDist = fileURLToPath(new URL("../../../apps/follow-graph/dist/", import.meta.url));

export interface EmulatorBenchOptions {
  /** Measurements per figure (default 5). */
  runs?: number;
  /** The built package's dist folder (default apps/follow-graph/dist: run `pnpm build` first). */
  dist?: string;
  /** Engines for the state controls (default PGlite alone); start and exec are in-memory PGlite's. */
  engines?: Engine[];
  /** The PostgreSQL server to make the bench database on, when `engines` has postgres. */
  pgUrl?: string;
}

/** Follows and unfollows a test might make between a snapshot and its restore. */
const FEW_CHANGES = 10;
const DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/postgres";

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const round = (ms: number) => Math.round(ms * 10) / 10;

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

// A process of its own for each start, so nothing is warm: what a suite's first test pays.
const START_PROBE = `
const started = performance.now();
const { startFollowGraph } = await import(process.argv[1]);
const graph = await startFollowGraph();
const response = await fetch(graph.gitlabUrl + "/users/1", { headers: { "PRIVATE-TOKEN": graph.rootToken } });
if (response.status !== 200) throw new Error("GET /users/1 answered " + response.status);
console.log(performance.now() - started);
await graph.close();
`;

/**
 * The emulator's speed figures (issue 14) on the built package: in-process start to the first
 * answer, reset() with 1,000 users, snapshot and restore with 10,000 follows, `exec -- true`.
 */
export async function measureEmulator(options: EmulatorBenchOptions = {}): Promise<EmulatorFigures> {
  const runs = options.runs ?? 5;
  const dist = options.dist ?? packageDist;
  const testing = `${dist}/testing.mjs`;
  const bin = `${dist}/bin.mjs`;
  if (!existsSync(testing) || !existsSync(bin))
    throw new Error(`no built follow-graph package in ${dist}: run pnpm build first`);

  const starts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", START_PROBE, testing]);
    starts.push(Number(stdout.trim()));
  }

  const execs: number[] = [];
  for (let i = 0; i < runs; i++)
    execs.push(await timed(() => run(process.execPath, [bin, "exec", "--", "true"])));

  const engines: EmulatorEngineFigures[] = [];
  for (const engine of options.engines ?? ["pglite"]) {
    // A database of its own (not follow_graph_bench): the engines' store may still be in use.
    const scratch =
      engine === "postgres" ? await createScratchDatabase(options.pgUrl ?? DEFAULT_PG_URL) : undefined;
    try {
      engines.push(await measureStateControls(testing, runs, engine, scratch?.url));
    } finally {
      await scratch?.drop();
    }
  }
  return {
    runs,
    startToFirstAnswerMs: round(median(starts)),
    execTrueMs: round(median(execs)),
    engines,
  };
}

/**
 * reset() with 1,000 users; snapshot() of 10,000 follows; restore() after a few follows and
 * unfollows (the realistic case) and after a reset (every row differs: the worst case).
 */
async function measureStateControls(
  testing: string,
  runs: number,
  engine: Engine,
  databaseUrl: string | undefined,
): Promise<EmulatorEngineFigures> {
  const { startFollowGraph } = (await import(
    testing
  )) as typeof import("../../../apps/follow-graph/src/testing.ts");
  const graph = await startFollowGraph(databaseUrl ? { databaseUrl } : {});
  try {
    const resets: number[] = [];
    for (let i = 0; i < runs; i++) {
      await graph.loadFixtures(usersFixture(1000));
      resets.push(await timed(() => graph.reset()));
    }
    await graph.reset();
    await graph.loadFixtures(edgesFixture(1000, 10_000));
    const snapshots: number[] = [];
    const fewChanges: number[] = [];
    const afterReset: number[] = [];
    for (let i = 0; i < runs; i++) {
      let snapshot: Awaited<ReturnType<typeof graph.snapshot>> | undefined;
      snapshots.push(await timed(async () => (snapshot = await graph.snapshot())));
      // The ring's first step (user-k follows user-k+1) exists; edges two hundred apart do not.
      for (let k = 1; k <= FEW_CHANGES / 2; k++) {
        await graph.unfollow(`user-${k}`, `user-${k + 1}`);
        await graph.follow(`user-${k}`, `user-${k + 200}`);
      }
      fewChanges.push(await timed(() => graph.restore(snapshot!)));
      await graph.reset();
      afterReset.push(await timed(() => graph.restore(snapshot!)));
    }
    return {
      engine,
      resetWith1000UsersMs: round(median(resets)),
      snapshot10000EdgesMs: round(median(snapshots)),
      restoreAfterFewChangesMs: round(median(fewChanges)),
      restoreAfterResetMs: round(median(afterReset)),
    };
  } finally {
    await graph.close();
  }
}
