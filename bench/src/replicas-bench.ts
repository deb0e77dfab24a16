import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
// The bench has no dependency on the core: the replica pair is the tests' own helper, by path.
import { createPgReplicaPair } from "../../packages/core/src/testing/pg-replica.ts";
import { castUsers } from "./actors.ts";
import { defer, installSignalHandlers, unwind } from "./cleanup.ts";
import { gatewayEnv } from "./gateway.ts";
import { alternatingRounds } from "./layout-rounds.ts";
import { staticScript, toggleScript, USER_AGENT } from "./lua.ts";
import { freePort, startChild } from "./processes.ts";
import { seedWithCli } from "./seed.ts";

// One gateway on a primary of its own, without and with DATABASE_REPLICA_URLS naming a
// streaming replica of it (both clusters made by the tests' pg-replica helper, both running in
// either layout): follower-list GETs in both dialects, which the replica serves, and GitLab
// follow/unfollow toggles, which stay on the primary and pay one more statement (the WAL
// position that pins the writer).

const USAGE = `usage: pnpm exec tsx bench/src/replicas-bench.ts [--duration S] [--rounds R] [--connections N]

  --duration S      seconds of each measured wrk run, after a warm-up of a quarter of it (default 10)
  --rounds R        rounds, each starting both layouts in turn; the table has each figure's median (default 3)
  --connections N   wrk's connections (default 32; 2 threads)

Needs root and postgresql-common (pg_createcluster): it makes and drops two clusters of its own.`;

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const ROOT_TOKEN = "replicas-bench-root-token";
/** Counted on every GitHub request (a write on the primary, as deployed) but never reached. */
const UNREACHED_LIMIT = "root=999999999,999999999";
const TOGGLE_ACTORS = 32;
const TOGGLE_TARGETS = 200;

const log = (line: string) => console.error(line);

/**
 * The gateway from its sources (node with tsx), not the bundle: both layouts run the same way,
 * and the figures do not wait on a bundle build. Warnings only, so that no request is logged;
 * ready once /readyz answers 200.
 */
async function startGateway(options: {
  repoRoot: string;
  storeEnv: Record<string, string>;
  rootToken: string;
}) {
  const port = await freePort();
  const child = startChild("gateway", process.execPath, ["--import", "tsx", "apps/gateway/src/main.ts"], {
    cwd: options.repoRoot,
    env: {
      ...gatewayEnv(options.storeEnv, options.rootToken),
      GITHUB_RATE_LIMIT: UNREACHED_LIMIT,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
    },
  });
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.process.exitCode !== null) throw new Error(`the gateway exited:\n${child.tail()}`);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`the gateway was not ready in 120 s:\n${child.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } catch (error) {
    await child.stop();
    throw error;
  }
  const death = () => {
    const { exitCode, signalCode } = child.process;
    return exitCode === null && signalCode === null
      ? undefined
      : `the gateway exited (${exitCode ?? signalCode}):\n${child.tail()}`;
  };
  return { url: `http://127.0.0.1:${port}`, death, stop: () => child.stop() };
}
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

async function main(): Promise<number> {
  let duration: number;
  let rounds: number;
  let connections: number;
  try {
    const { values } = parseArgs({
      options: { duration: { type: "string" }, rounds: { type: "string" }, connections: { type: "string" } },
    });
    duration = wholeNumber(values.duration, 10, "duration");
    rounds = wholeNumber(values.rounds, 3, "rounds");
    connections = wholeNumber(values.connections, 32, "connections");
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }

  const workDir = await mkdtemp(join(tmpdir(), "follow-graph-replicas-bench-"));
  defer(`remove ${workDir}`, () => rm(workDir, { recursive: true, force: true }));
  log("creating a primary and a streaming replica");
  const pair = await createPgReplicaPair();
  defer("drop the primary and replica clusters", () => pair.drop());
  const primaryEnv = { DATABASE_URL: pair.primary.url };
  log("seeding 2,000 users and 20,000 follows");
  const seeded = await seedWithCli(
    repoRoot,
    gatewayEnv(primaryEnv, ROOT_TOKEN),
    { users: 2000, edges: 20_000, popular: 1000 },
    log,
  );
  const popular = seeded.popular;
  if (!popular) throw new Error("the seed named no popular account");
  const toggleRuns = rounds * 2;
  const caster = await startGateway({ repoRoot, storeEnv: primaryEnv, rootToken: ROOT_TOKEN });
  const cast = await castUsers({
    baseUrl: caster.url,
    rootToken: ROOT_TOKEN,
    seed: seeded,
    sets: toggleRuns,
    actorsPerSet: TOGGLE_ACTORS,
    targets: TOGGLE_TARGETS,
  }).finally(() => caster.stop());
  const actorSets = [...cast.actorSets];
  await pair.caughtUp(60_000);

  const layouts = [
    { name: "primary only", env: primaryEnv },
    { name: "primary + 1 replica", env: { ...primaryEnv, DATABASE_REPLICA_URLS: pair.replica.url } },
  ];
  const scenarios = [
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
    {
      name: "GitLab follow/unfollow toggles",
      path: "",
      script: () =>
        toggleScript({
          dialect: "gitlab",
          actors: actorSets.shift()!,
          targets: cast.targets,
          threads: 2,
          prefix: "/api/v4",
        }),
    },
  ];

  const results = await alternatingRounds({
    rounds,
    layouts,
    scenarios,
    start: (layout) => startGateway({ repoRoot, storeEnv: layout.env, rootToken: ROOT_TOKEN }),
    wrk: { duration, connections, workDir },
    log,
  });

  const [load] = loadavg();
  console.log(
    `\nFollower lists and follow toggles, one gateway, ${connections} connections, ${duration} s each, median of ${rounds} rounds (${seeded.users} users, ${popular.followers} followers of ${popular.username}); primary and replica on this machine; ${availableParallelism()} CPUs, load average ${load?.toFixed(2)} at the end\n`,
  );
  console.log(
    "| scenario | layout | req/s | p50 ms | p99 ms | errors | vs primary only | req/s of each round |",
  );
  console.log("|---|---|---:|---:|---:|---:|---:|---|");
  for (const scenario of scenarios) {
    const base = median(results.get(`primary only|${scenario.name}`)!.map((r) => r.requestsPerSecond));
    for (const layout of layouts) {
      const runs = results.get(`${layout.name}|${scenario.name}`)!;
      const rps = median(runs.map((r) => r.requestsPerSecond));
      console.log(
        `| ${scenario.name} | ${layout.name} | ${rps.toFixed(0)} | ${median(runs.map((r) => r.p50Ms)).toFixed(2)} | ${median(runs.map((r) => r.p99Ms)).toFixed(2)} | ${runs.reduce((sum, r) => sum + r.errors, 0)} | ${(rps / base).toFixed(2)}x | ${runs.map((r) => r.requestsPerSecond.toFixed(0)).join(", ")} |`,
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
