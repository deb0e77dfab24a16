import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { castUsers } from "./actors.ts";
import { defer, installSignalHandlers, unwind } from "./cleanup.ts";
import { createStore } from "./databases.ts";
import { gatewayEnv, startGateway } from "./gateway.ts";
import { alternatingRounds } from "./layout-rounds.ts";
import { staticScript, toggleScript, USER_AGENT } from "./lua.ts";
import { runToEnd } from "./processes.ts";
import { seedWithCli } from "./seed.ts";
import { treeCpuSeconds } from "./tree-cpu.ts";
import type { RunResult } from "./types.ts";

// WORKERS=1 against WORKERS=2 (and one process without a cluster) on one PostgreSQL store,
// in one run: follower-list GETs and follow/unfollow toggles in both dialects, the GitHub ones
// with the shared rate limit on, so its extra statement per request is in the figures.

const USAGE = `usage: pnpm --filter @follow-graph/bench workers [--duration S] [--rounds R] [--connections N] [--pg-url URL]

  --duration S      seconds of each measured wrk run, after a warm-up of a quarter of it (default 10)
  --rounds R        rounds, each starting every layout in turn; the table has each figure's median (default 3)
  --connections N   wrk's connections (default 32; 2 threads)
  --pg-url URL      the PostgreSQL server (default $BENCH_PG_URL or postgres://postgres@127.0.0.1:5432/postgres)`;

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const ROOT_TOKEN = "workers-bench-root-token";
/** As many per hour as GITHUB_RATE_LIMIT takes: the limit is counted on every request but never reached. */
const UNREACHED_LIMIT = "root=999999999,999999999";
const LAYOUTS: Array<{ name: string; env: Record<string, string> }> = [
  { name: "one process", env: {} },
  { name: "WORKERS=1", env: { WORKERS: "1" } },
  { name: "WORKERS=2", env: { WORKERS: "2" } },
];

/** Per toggle run: as many actors as wrk's connections by default, each toggling over the targets. */
const TOGGLE_ACTORS = 32;
const TOGGLE_TARGETS = 200;

const log = (line: string) => console.error(line);
const wholeNumber = (text: string | undefined, fallback: number, name: string) => {
  if (text === undefined) return fallback;
  if (!/^[1-9]\d{0,5}$/.test(text)) throw new Error(`--${name} must be a whole number of at least 1`);
  return Number(text);
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** One measured run, and the gateway's CPU time per request during it (primary and workers). */
type Measured = RunResult & { cpuMsPerRequest: number };

/** Each figure's median over the rounds (errors summed), and every round's req/s. */
const medianOf = (runs: Measured[]) => ({
  cpuMsPerRequest: median(runs.map((r) => r.cpuMsPerRequest)),
  requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
  p50Ms: median(runs.map((r) => r.p50Ms)),
  p99Ms: median(runs.map((r) => r.p99Ms)),
  errors: runs.reduce((sum, r) => sum + r.errors, 0),
  each: runs.map((r) => r.requestsPerSecond.toFixed(0)).join(", "),
});

async function main(): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        duration: { type: "string" },
        rounds: { type: "string" },
        connections: { type: "string" },
        "pg-url": { type: "string" },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  let duration: number;
  let rounds: number;
  let connections: number;
  try {
    duration = wholeNumber(values.duration, 10, "duration");
    rounds = wholeNumber(values.rounds, 3, "rounds");
    connections = wholeNumber(values.connections, 32, "connections");
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const pgUrl = values["pg-url"] ?? process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

  log("building the gateway");
  const built = await runToEnd("build", process.execPath, ["apps/gateway/build.mjs"], {
    cwd: repoRoot,
    env: process.env,
    timeoutMs: 120_000,
  });
  if (built.code !== 0) {
    console.error(`could not build the gateway:\n${built.stderr}`);
    return 1;
  }
  const workDir = await mkdtemp(join(tmpdir(), "follow-graph-workers-bench-"));
  defer(`remove ${workDir}`, () => rm(workDir, { recursive: true, force: true }));
  const store = await createStore("postgres", pgUrl);
  log("seeding 2,000 users and 20,000 follows");
  const seeded = await seedWithCli(
    repoRoot,
    gatewayEnv(store.env, ROOT_TOKEN),
    { users: 2000, edges: 20_000, popular: 1000 },
    log,
  );
  const popular = seeded.popular;
  if (!popular) throw new Error("the seed named no popular account");

  // Every toggle run gets actors of its own, so that none starts from another's leftovers.
  const toggleRuns = rounds * LAYOUTS.length * 2;
  log(`casting ${toggleRuns} sets of ${TOGGLE_ACTORS} toggle actors`);
  const caster = await startGateway({ repoRoot, storeEnv: store.env, rootToken: ROOT_TOKEN });
  const cast = await castUsers({
    baseUrl: caster.url,
    rootToken: ROOT_TOKEN,
    seed: seeded,
    sets: toggleRuns,
    actorsPerSet: TOGGLE_ACTORS,
    targets: TOGGLE_TARGETS,
  }).finally(() => caster.stop());
  const actorSets = [...cast.actorSets];

  type Scenario = { name: string; path: string; script: () => string };
  const toggles =
    (dialect: "gitlab" | "github"): Scenario["script"] =>
    () =>
      toggleScript({
        dialect,
        actors: actorSets.shift()!,
        targets: cast.targets,
        threads: 2,
        prefix: dialect === "gitlab" ? "/api/v4" : "/api/v3",
      });
  const scenarios: Scenario[] = [
    {
      name: "GitLab followers, page 1 of 20",
      path: `/api/v4/users/${popular.id}/followers?per_page=20`,
      script: () => staticScript({ method: "GET", headers: { "PRIVATE-TOKEN": ROOT_TOKEN }, expect: [200] }),
    },
    {
      name: "GitHub followers, page 1 of 20, rate limit counted",
      path: `/users/${encodeURIComponent(popular.username)}/followers?per_page=20`,
      script: () =>
        staticScript({
          method: "GET",
          headers: { Authorization: `token ${ROOT_TOKEN}`, "User-Agent": USER_AGENT },
          expect: [200],
        }),
    },
    { name: "GitLab follow/unfollow toggles", path: "", script: toggles("gitlab") },
    { name: "GitHub follow/unfollow toggles, rate limit counted", path: "", script: toggles("github") },
  ];
  const results = await alternatingRounds({
    rounds,
    layouts: LAYOUTS,
    scenarios,
    start: (layout) =>
      startGateway({
        repoRoot,
        storeEnv: { ...store.env, ...layout.env, GITHUB_RATE_LIMIT: UNREACHED_LIMIT },
        rootToken: ROOT_TOKEN,
      }),
    wrk: { duration, connections, workDir },
    log,
    async measure(gateway, run): Promise<Measured> {
      const cpuBefore = treeCpuSeconds(gateway.pid);
      const result = await run();
      const cpuMs = (treeCpuSeconds(gateway.pid) - cpuBefore) * 1000;
      return { ...result, cpuMsPerRequest: cpuMs / Math.max(1, result.requests) };
    },
    describe: (r) => `${r.cpuMsPerRequest.toFixed(2)} gateway CPU ms a request`,
  });
  await store.remove();

  // Workers, wrk and PostgreSQL share these CPUs: the ratio says more on an idle machine.
  const [load] = loadavg();
  console.log(
    `\nFollower lists and follow toggles on PostgreSQL, ${connections} connections, ${duration} s each, median of ${rounds} rounds (${seeded.users} users, ${popular.followers} followers of ${popular.username}); ${availableParallelism()} CPUs, load average ${load?.toFixed(2)} at the end\n`,
  );
  console.log(
    "| scenario | layout | req/s | p50 ms | p99 ms | errors | vs WORKERS=1 | gateway CPU ms/request | req/s of each round |",
  );
  console.log("|---|---|---:|---:|---:|---:|---:|---:|---|");
  for (const scenario of scenarios) {
    const base = medianOf(results.get(`WORKERS=1|${scenario.name}`)!);
    for (const layout of LAYOUTS) {
      const r = medianOf(results.get(`${layout.name}|${scenario.name}`)!);
      const ratio = (r.requestsPerSecond / base.requestsPerSecond).toFixed(2);
      console.log(
        `| ${scenario.name} | ${layout.name} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.errors} | ${ratio}x | ${r.cpuMsPerRequest.toFixed(2)} | ${r.each} |`,
      );
    }
  }
  return 0;
}

installSignalHandlers();
main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  })
  .then(async (code) => {
    await unwind();
    process.exit(code);
  });
