import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { edgesFixture, usersFixture } from "./fixtures.ts";

const run = promisify(execFile);
const packageDist = fileURLToPath(new URL("../../../apps/follow-graph/dist/", import.meta.url));

/** Medians of `runs` measurements each, in milliseconds, with the bound issue 14 sets. */
export interface EmulatorFigures {
  runs: number;
  /** A fresh process: import follow-graph/testing, start in memory, first request answered (≤ 1,000). */
  startToFirstAnswerMs: number;
  /** reset() of a graph holding 1,000 fixture users (≤ 50). */
  resetWith1000UsersMs: number;
  /** snapshot() of a graph with 10,000 follows (snapshot + restore ≤ 200). */
  snapshot10000EdgesMs: number;
  /** restore() of that snapshot. */
  restore10000EdgesMs: number;
  /** `follow-graph exec -- true`, from spawning the bin to its exit (≤ 2,000). */
  execTrueMs: number;
}

export interface EmulatorBenchOptions {
  /** Measurements per figure (default 5). */
  runs?: number;
  /** The built package's dist folder (default apps/follow-graph/dist: run `pnpm build` first). */
  dist?: string;
}

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

  const { startFollowGraph } = (await import(
    testing
  )) as typeof import("../../../apps/follow-graph/src/testing.ts");
  const graph = await startFollowGraph();
  try {
    const resets: number[] = [];
    for (let i = 0; i < runs; i++) {
      await graph.loadFixtures(usersFixture(1000));
      resets.push(await timed(() => graph.reset()));
    }
    await graph.loadFixtures(edgesFixture(1000, 10_000));
    const snapshots: number[] = [];
    const restores: number[] = [];
    for (let i = 0; i < runs; i++) {
      let snapshot: Awaited<ReturnType<typeof graph.snapshot>> | undefined;
      snapshots.push(await timed(async () => (snapshot = await graph.snapshot())));
      await graph.unfollow("user-1", "user-2");
      restores.push(await timed(() => graph.restore(snapshot!)));
    }
    return {
      runs,
      startToFirstAnswerMs: round(median(starts)),
      resetWith1000UsersMs: round(median(resets)),
      snapshot10000EdgesMs: round(median(snapshots)),
      restore10000EdgesMs: round(median(restores)),
      execTrueMs: round(median(execs)),
    };
  } finally {
    await graph.close();
  }
}
