import { randomBytes } from "node:crypto";
import { castUsers } from "./actors.ts";
import { capture, type Replays } from "./ceiling.ts";
import { createStore, type Store } from "./databases.ts";
import { int, ms } from "./format.ts";
import { type Gateway, gatewayEnv, startGateway } from "./gateway.ts";
import { log } from "./log.ts";
import { type Load, measure } from "./measure.ts";
import { ACTORS_PER_RUN, type Options, TOGGLE_TARGETS } from "./options.ts";
import { planScenarios } from "./scenarios.ts";
import { seedWithCli } from "./seed.ts";
import {
  ENGINE_LABEL,
  type Engine,
  type EngineReport,
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
function toggleNote(toggle: ScenarioResult): string | undefined {
  const requests = toggle.runs.reduce((n, r) => n + r.requests, 0);
  const noops = toggle.runs.reduce((n, r) => n + r.noops, 0);
  if (!requests) return undefined;
  const share = ((100 * (requests - noops - toggle.errors)) / requests).toFixed(2);
  return `${toggle.title}: ${share}% of ${int(requests)} requests changed the graph${noops ? ` (${int(noops)} were GitLab's 304 no-op)` : ""}.`;
}

interface Run {
  options: Options;
  load: Load;
  engine: Engine;
  rootToken: string;
  seeded: SeedReport;
  popular: NonNullable<SeedReport["popular"]>;
  /** Whether to capture the responses the ceilings will replay. */
  replay: boolean;
}

/**
 * One engine from nothing to nothing: a fresh store, the seed, the gateway (timed to its first
 * answer), then {@link benchGateway}; whatever happens, the gateway stops and the store goes.
 */
export async function benchEngine(
  repoRoot: string,
  options: Options,
  load: Load,
  engine: Engine,
  replay: boolean,
): Promise<{ report: EngineReport; replays: Replays }> {
  const rootToken = `bench-root-${randomBytes(16).toString("hex")}`;
  const store = await createStore(engine, options.pgUrl);
  try {
    const seeded = await seed(repoRoot, options, engine, store, rootToken);
    log(
      `${ENGINE_LABEL[engine]}: seeded in ${seeded.seconds.toFixed(1)} s (${seeded.wallSeconds.toFixed(1)} s with start-up)`,
    );
    const popular = seeded.popular;
    if (!popular) throw new Error("the seed made no popular account; pass --popular");
    const gateway = await startGateway({ repoRoot, storeEnv: store.env, rootToken });
    try {
      return await benchGateway(gateway, { options, load, engine, rootToken, seeded, popular, replay });
    } catch (error) {
      // Whatever failed, a gateway that died first is the story.
      const death = gateway.death();
      throw death ? new Error(death) : error;
    } finally {
      await gateway.stop();
    }
  } finally {
    await store.remove();
  }
}

/** Tokens, every scenario with wrk, the full walks, against one running gateway. */
async function benchGateway(gateway: Gateway, run: Run): Promise<{ report: EngineReport; replays: Replays }> {
  const { options, load, engine, rootToken, seeded, popular, replay } = run;
  const label = ENGINE_LABEL[engine];
  log(
    `${label}: gateway pid ${gateway.pid}: listening after ${gateway.listeningSeconds.toFixed(2)} s, first 200 after ${gateway.firstAnswerSeconds.toFixed(2)} s`,
  );
  const cast = await castUsers({
    baseUrl: gateway.url,
    rootToken,
    seed: seeded,
    sets: 2 * options.runs,
    actorsPerSet: ACTORS_PER_RUN,
    targets: TOGGLE_TARGETS,
  });
  const plan = await planScenarios({
    baseUrl: gateway.url,
    rootToken,
    popular,
    cast,
    threads: load.threads,
  });
  const replays: Replays = {};
  if (replay)
    for (const kind of Object.keys(plan.captures) as ResponseKind[]) {
      const what = plan.captures[kind];
      replays[kind] = { request: what.request, response: await capture(what) };
    }

  const scenarios: ScenarioResult[] = [];
  for (const scenario of plan.scenarios) {
    const result = await measure(load, {
      name: `${engine}-${scenario.id}`,
      url: scenario.url,
      script: scenario.script,
      serverPid: gateway.pid,
      rss: true,
      warmup: !scenario.write,
    });
    const { id, title, kind, write } = scenario;
    scenarios.push({ ...result, id, title, engine, kind, write });
    const m = result.median;
    log(
      `${label}: ${title}: ${int(m.requestsPerSecond)} req/s, p50 ${ms(m.p50Ms)} ms, p99 ${ms(m.p99Ms)} ms, ${result.errors} errors, RSS ${int(result.rssMb ?? 0)} MB`,
    );
  }
  const notes = [...plan.notes];
  for (const toggle of scenarios.filter((s) => s.write)) {
    const note = toggleNote(toggle);
    if (note) notes.push(note);
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
  const report: EngineReport = {
    engine,
    seed: seeded,
    listeningSeconds: gateway.listeningSeconds,
    firstAnswerSeconds: gateway.firstAnswerSeconds,
    scenarios,
    walks,
    notes,
  };
  const death = gateway.death();
  if (death) throw new Error(death);
  return { report, replays };
}
