import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { type Cast, castUsers } from "./actors.ts";
import { capture, type Replays } from "./ceiling.ts";
import { type CounterCheck, checkPgliteCounters, checkPostgresCounters } from "./counters.ts";
import { createStore, type Store } from "./databases.ts";
import { int, ms } from "./format.ts";
import { gatewayEnv, startGateway } from "./gateway.ts";
import { log } from "./log.ts";
import { type Load, measureAlternating } from "./measure.ts";
import { ACTORS_PER_RUN, type Options, TOGGLE_TARGETS } from "./options.ts";
import { copyPgliteDir, type Server, startReference } from "./reference-process.ts";
import { type Plan, planScenarios } from "./scenarios.ts";
import { seedWithCli } from "./seed.ts";
import {
  ENGINE_LABEL,
  type Engine,
  type EngineReport,
  type Measurement,
  type ResponseKind,
  type ScenarioResult,
  type SeedReport,
} from "./types.ts";
import { walkFollowers } from "./walk.ts";

const WALK_TIMEOUT_SECONDS = 300;

async function seed(repoRoot: string, options: Options, engine: Engine, store: Store, rootToken: string) {
  const size = { users: options.users, edges: options.edges, popular: options.popular };
  log(
    `${ENGINE_LABEL[engine]}: seeding ${int(size.users)} users, ${int(size.edges)} edges, ${int(size.popular)} followers`,
  );
  return seedWithCli(repoRoot, gatewayEnv(store.env, rootToken), size, log);
}

/** What share of a toggle scenario's requests changed the graph. */
function toggleNote(server: string, toggle: ScenarioResult, m: Measurement): string | undefined {
  const requests = m.runs.reduce((n, r) => n + r.requests, 0);
  const noops = m.runs.reduce((n, r) => n + r.noops, 0);
  if (!requests) return undefined;
  const share = ((100 * (requests - noops - m.errors)) / requests).toFixed(2);
  return `${toggle.title} (${server}): ${share}% of ${int(requests)} requests changed the graph${noops ? ` (${int(noops)} were GitLab's 304 no-op)` : ""}.`;
}

const describe = (m: Measurement) =>
  `${int(m.median.requestsPerSecond)} req/s, p99 ${ms(m.median.p99Ms)} ms, ${m.errors} errors, RSS ${int(m.rssMb ?? 0)} MB`;

/** Every user's counters against COUNT(*), on each store the servers wrote (they are stopped first for PGlite). */
async function checkCounters(
  engine: Engine,
  store: Store,
  referenceDir: string | null,
): Promise<CounterCheck[]> {
  if (engine === "postgres") return [await checkPostgresCounters(store.env.DATABASE_URL!, "shared database")];
  return [
    await checkPgliteCounters(store.env.PGLITE_DATA_DIR!, "gateway's directory"),
    await checkPgliteCounters(referenceDir!, "reference's copy"),
  ];
}

/**
 * One engine from nothing to nothing: a fresh store, the seed, the gateway (timed to its first
 * answer) and the plain reference on the same data (PostgreSQL: the same database; PGlite: a
 * copy of the directory, made once the actors have their tokens), every scenario on both in
 * alternating runs, the walks, and the counters checked; whatever happens, both stop and the
 * store goes.
 */
export async function benchEngine(
  repoRoot: string,
  options: Options,
  load: Load,
  engine: Engine,
  replay: boolean,
): Promise<{ report: EngineReport; replays: Replays }> {
  const label = ENGINE_LABEL[engine];
  const rootToken = `bench-root-${randomBytes(16).toString("hex")}`;
  const store = await createStore(engine, options.pgUrl);
  const running: Server[] = [];
  const stopAll = async () => {
    for (const server of running.splice(0)) await server.stop();
  };
  try {
    const seeded = await seed(repoRoot, options, engine, store, rootToken);
    log(
      `${label}: seeded in ${seeded.seconds.toFixed(1)} s (${seeded.wallSeconds.toFixed(1)} s with start-up)`,
    );
    const popular = seeded.popular;
    if (!popular) throw new Error("the seed made no popular account; pass --popular");
    let gateway = await startGateway({ repoRoot, storeEnv: store.env, rootToken });
    running.push(gateway);
    const { listeningSeconds, firstAnswerSeconds } = gateway;
    log(
      `${label}: gateway pid ${gateway.pid}: listening after ${listeningSeconds.toFixed(2)} s, first 200 after ${firstAnswerSeconds.toFixed(2)} s`,
    );
    // Half the actor sets are the gateway's, half the reference's: every toggle run starts fresh.
    const cast = await castUsers({
      baseUrl: gateway.url,
      rootToken,
      seed: seeded,
      sets: 4 * options.runs,
      actorsPerSet: ACTORS_PER_RUN,
      targets: TOGGLE_TARGETS,
    });
    let referenceEnv = store.env;
    let referenceDir: string | null = null;
    if (engine === "pglite") {
      await stopAll();
      referenceDir = join(dirname(store.env.PGLITE_DATA_DIR!), "pglite-reference");
      await copyPgliteDir(store.env.PGLITE_DATA_DIR!, referenceDir);
      referenceEnv = { PGLITE_DATA_DIR: referenceDir };
      gateway = await startGateway({ repoRoot, storeEnv: store.env, rootToken });
      running.push(gateway);
    }
    const reference = await startReference({ repoRoot, storeEnv: referenceEnv });
    running.push(reference);
    log(`${label}: reference pid ${reference.pid} at ${reference.url}`);
    try {
      const result = await benchBoth(gateway, reference, {
        options,
        load,
        engine,
        rootToken,
        seeded,
        popular,
        cast,
        replay,
      });
      await stopAll();
      const counters = await checkCounters(engine, store, referenceDir);
      for (const c of counters)
        log(
          `${label}: counters of ${int(c.users)} users against COUNT(*) (${c.store}): ${c.wrong ? `${int(c.wrong)} WRONG` : "all exact"}`,
        );
      return {
        report: { ...result.report, listeningSeconds, firstAnswerSeconds, counters },
        replays: result.replays,
      };
    } catch (error) {
      // Whatever failed, a server that died first is the story.
      const death = gateway.death() ?? reference.death();
      throw death ? new Error(death) : error;
    }
  } finally {
    await stopAll();
    await store.remove();
  }
}

interface Run {
  options: Options;
  load: Load;
  engine: Engine;
  rootToken: string;
  seeded: SeedReport;
  popular: NonNullable<SeedReport["popular"]>;
  cast: Cast;
  /** Whether to capture the responses the ceilings will replay. */
  replay: boolean;
}

const planFor = (server: Server, run: Run, firstActorSet: number): Promise<Plan> =>
  planScenarios({
    baseUrl: server.url,
    rootToken: run.rootToken,
    popular: run.popular,
    cast: run.cast,
    threads: run.load.threads,
    firstActorSet,
    countShed: run.engine === "pglite",
  });

/** Every scenario with wrk on both servers, runs alternating, then the full walks on the gateway. */
async function benchBoth(
  gateway: Server,
  reference: Server,
  run: Run,
): Promise<{
  report: Omit<EngineReport, "listeningSeconds" | "firstAnswerSeconds" | "counters">;
  replays: Replays;
}> {
  const { load, engine, seeded, popular, cast, replay } = run;
  const label = ENGINE_LABEL[engine];
  const plan = await planFor(gateway, run, 0);
  const referencePlan = await planFor(reference, run, 2 * run.options.runs);
  const replays: Replays = {};
  if (replay)
    for (const kind of Object.keys(plan.captures) as ResponseKind[]) {
      const what = plan.captures[kind];
      replays[kind] = { request: what.request, response: await capture(what) };
    }

  const scenarios: ScenarioResult[] = [];
  const notes = [...plan.notes, ...referencePlan.notes.map((n) => `reference: ${n}`)];
  for (const scenario of plan.scenarios) {
    const twin = referencePlan.scenarios.find((s) => s.id === scenario.id);
    if (!twin) throw new Error(`the reference has no scenario ${scenario.id}`);
    const [measured, referenced] = await measureAlternating(
      load,
      [
        {
          name: `${engine}-${scenario.id}`,
          url: scenario.url,
          script: scenario.script,
          serverPid: gateway.pid,
        },
        {
          name: `${engine}-${scenario.id}-reference`,
          url: twin.url,
          script: twin.script,
          serverPid: reference.pid,
        },
      ],
      { warmup: !scenario.write },
    );
    const { id, title, kind, write } = scenario;
    const result: ScenarioResult = { ...measured!, id, title, engine, kind, write, reference: referenced! };
    scenarios.push(result);
    const ratio = referenced!.median.requestsPerSecond
      ? (measured!.median.requestsPerSecond / referenced!.median.requestsPerSecond).toFixed(2)
      : "—";
    log(
      `${label}: ${title}: gateway ${describe(measured!)}; reference ${describe(referenced!)}; ratio ${ratio}`,
    );
    if (write) {
      for (const [server, m] of [
        ["gateway", measured!],
        ["reference", referenced!],
      ] as const) {
        const note = toggleNote(server, result, m);
        if (note) notes.push(note);
      }
    }
  }

  log(`${label}: walking all ${int(popular.followers)} followers with Octokit and gitbeaker`);
  const walks = await walkFollowers({
    baseUrl: gateway.url,
    token: cast.reader.token,
    popular,
    timeoutSeconds: WALK_TIMEOUT_SECONDS,
  });
  for (const w of walks)
    log(
      `${label}: ${w.client}: ${int(w.followers)} followers, ${w.pages} pages in ${w.seconds.toFixed(1)} s${w.problem ? ` — ${w.problem}` : ""}`,
    );
  const death = gateway.death() ?? reference.death();
  if (death) throw new Error(death);
  return { report: { engine, seed: seeded, scenarios, walks, notes }, replays };
}
