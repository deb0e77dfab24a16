import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { castUsers } from "./actors.ts";
import { type CapturedResponse, capture, startCeiling } from "./ceiling.ts";
import { renderChart } from "./chart.ts";
import { defer, installSignalHandlers, isInterrupted, unwind } from "./cleanup.ts";
import { createStore, type Store } from "./databases.ts";
import { int, ms } from "./format.ts";
import { gatewayEnv, startGateway } from "./gateway.ts";
import { type StaticRequest, staticScript } from "./lua.ts";
import { describeMachine } from "./machine.ts";
import { measure } from "./measure.ts";
import { type Options, parseOptions, USAGE, UsageError } from "./options.ts";
import { ceilingRates, renderMarkdown, renderTextTable } from "./report.ts";
import { planScenarios } from "./scenarios.ts";
import { cliHasSeed, seedWithCli } from "./seed.ts";
import { seedOverHttp } from "./seed-http.ts";
import {
  type BenchReport,
  type CeilingResult,
  ENGINE_LABEL,
  type Engine,
  type EngineReport,
  type ResponseKind,
  type ScenarioResult,
  type SeedReport,
} from "./types.ts";
import { walkFollowers } from "./walk.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const began = performance.now();
const log = (line: string) => {
  const t = Math.round((performance.now() - began) / 1000);
  console.error(
    `[${String(Math.floor(t / 60)).padStart(2, "0")}:${String(t % 60).padStart(2, "0")}] ${line}`,
  );
};

/** Toggle actors per run: 64 tokens, two wrk threads of 32. */
const ACTORS_PER_RUN = 64;
/** Toggle targets; GitLab caps an account's followees at 300. */
const TOGGLE_TARGETS = 200;
const WALK_TIMEOUT_SECONDS = 300;
const warmupSeconds = (options: Options) => Math.max(1, Math.round(options.duration / 8));

let hasSeed: Promise<boolean> | undefined;

async function seedEngine(
  options: Options,
  engine: Engine,
  store: Store,
  rootToken: string,
): Promise<SeedReport> {
  const size = { users: options.users, edges: options.edges, popular: options.popular };
  log(
    `${ENGINE_LABEL[engine]}: seeding ${int(size.users)} users, ${int(size.edges)} edges, ${int(size.popular)} followers`,
  );
  hasSeed ??= cliHasSeed(repoRoot);
  if (await hasSeed) return seedWithCli(repoRoot, gatewayEnv(store.env, rootToken), size, log);
  log(
    "this checkout's `pnpm cli` has no seed command: seeding over the HTTP admin API (slow; small graphs only)",
  );
  const gateway = await startGateway({ repoRoot, storeEnv: store.env, rootToken });
  try {
    return await seedOverHttp(gateway.url, rootToken, size);
  } finally {
    await gateway.stop();
  }
}

async function benchEngine(
  options: Options,
  engine: Engine,
  workDir: string,
  captured: Partial<Record<ResponseKind, CapturedResponse>> | undefined,
): Promise<{
  report: EngineReport;
  captured: Partial<Record<ResponseKind, CapturedResponse>>;
  requests: Partial<Record<ResponseKind, StaticRequest>>;
}> {
  const label = ENGINE_LABEL[engine];
  const rootToken = `bench-root-${randomBytes(16).toString("hex")}`;
  const store = await createStore(engine, options.pgUrl);
  try {
    const seed = await seedEngine(options, engine, store, rootToken);
    log(`${label}: seeded in ${seed.seconds.toFixed(1)} s`);
    if (!seed.popular) throw new Error("the seed made no popular account; pass --popular");
    const popular = seed.popular;

    const gateway = await startGateway({ repoRoot, storeEnv: store.env, rootToken });
    try {
      log(
        `${label}: gateway pid ${gateway.pid} listening after ${gateway.listeningSeconds.toFixed(2)} s, first 200 after ${gateway.firstAnswerSeconds.toFixed(2)} s`,
      );
      const cast = await castUsers({
        baseUrl: gateway.url,
        rootToken,
        seed,
        sets: 2 * options.runs,
        actorsPerSet: ACTORS_PER_RUN,
        targets: TOGGLE_TARGETS,
      });
      const plan = await planScenarios({
        baseUrl: gateway.url,
        rootToken,
        popular,
        cast,
        threads: options.threads,
      });
      const captures: Partial<Record<ResponseKind, CapturedResponse>> = captured ?? {};
      if (!captured)
        for (const [kind, request] of Object.entries(plan.captures))
          captures[kind as ResponseKind] = await capture(request);

      const scenarios: ScenarioResult[] = [];
      for (const scenario of plan.scenarios) {
        const result = await measure({
          name: `${engine}-${scenario.id}`,
          url: scenario.url,
          script: scenario.script,
          runs: options.runs,
          duration: options.duration,
          connections: options.connections,
          threads: options.threads,
          workDir,
          serverPid: gateway.pid,
          rss: true,
          // Writes skip it: a warm-up would leave the grid half-followed for the first run.
          warmup: scenario.write ? 0 : warmupSeconds(options),
        });
        scenarios.push({
          ...result,
          id: scenario.id,
          title: scenario.title,
          engine,
          kind: scenario.kind,
          write: scenario.write,
        });
        log(
          `${label}: ${scenario.title}: ${int(result.median.requestsPerSecond)} req/s, p50 ${ms(result.median.p50Ms)} ms, p99 ${ms(result.median.p99Ms)} ms, ${result.errors} errors, RSS ${int(result.rssMb ?? 0)} MB`,
        );
      }
      const notes = [...plan.notes];
      for (const toggle of scenarios.filter((s) => s.write)) {
        const requests = toggle.runs.reduce((n, r) => n + r.requests, 0);
        const noops = toggle.runs.reduce((n, r) => n + r.noops, 0);
        if (requests)
          notes.push(
            `${toggle.title}: ${((100 * (requests - noops - toggle.errors)) / requests).toFixed(2)}% of ${int(requests)} requests changed the graph${noops ? ` (${int(noops)} were GitLab's 304 no-op)` : ""}.`,
          );
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
      return {
        report: {
          engine,
          seed,
          listeningSeconds: gateway.listeningSeconds,
          firstAnswerSeconds: gateway.firstAnswerSeconds,
          scenarios,
          walks,
          notes,
        },
        captured: captures,
        requests: Object.fromEntries(Object.entries(plan.captures).map(([kind, c]) => [kind, c.request])),
      };
    } finally {
      await gateway.stop();
    }
  } finally {
    await store.remove();
  }
}

async function benchCeilings(
  options: Options,
  captured: Partial<Record<ResponseKind, CapturedResponse>>,
  requests: Partial<Record<ResponseKind, StaticRequest>>,
  workDir: string,
): Promise<CeilingResult[]> {
  const ceiling = await startCeiling(captured, workDir, repoRoot);
  try {
    const results: CeilingResult[] = [];
    for (const [kind, response] of Object.entries(captured) as Array<[ResponseKind, CapturedResponse]>) {
      const request = requests[kind]!;
      const script = staticScript({
        ...request,
        ...(response.status >= 200 && response.status < 400 && request.method === "GET"
          ? {}
          : { expect: [response.status] }),
      });
      const result = await measure({
        name: `ceiling-${kind}`,
        url: ceiling.url(kind),
        script: () => script,
        runs: options.runs,
        duration: options.duration,
        connections: options.connections,
        threads: options.threads,
        workDir,
        serverPid: ceiling.pid,
        rss: false,
        warmup: warmupSeconds(options),
      });
      const bytes = response.body ? Buffer.from(response.body, "base64").length : 0;
      results.push({ ...result, kind, status: response.status, bytes });
      log(
        `ceiling ${kind}: ${int(result.median.requestsPerSecond)} req/s, p99 ${ms(result.median.p99Ms)} ms`,
      );
    }
    return results;
  } finally {
    await ceiling.stop();
  }
}

async function main(args: string[]): Promise<number> {
  let options: Options;
  try {
    // `pnpm bench -- --quick` hands the separator on too.
    const parsed = parseOptions(args[0] === "--" ? args.slice(1) : args, process.env);
    if (parsed === "help") {
      console.log(USAGE);
      return 0;
    }
    options = parsed;
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  installSignalHandlers();
  const startedAt = new Date().toISOString();
  const machine = await describeMachine(
    repoRoot,
    options.engines.includes("postgres") ? options.pgUrl : null,
  );
  if (machine.wrk === "unknown") {
    console.error("wrk is not installed: run scripts/setup.sh (or apt-get install wrk)");
    return 1;
  }
  if (options.engines.includes("postgres") && !machine.postgres) {
    console.error(
      `cannot reach PostgreSQL at ${options.pgUrl}: start it, pass --pg-url, or use --engines pglite`,
    );
    return 1;
  }
  const workDir = await mkdtemp(join(tmpdir(), "follow-graph-bench-wrk-"));
  defer(`remove ${workDir}`, () => rm(workDir, { recursive: true, force: true }));

  const engines: EngineReport[] = [];
  let ceilings: CeilingResult[] = [];
  let captured: Partial<Record<ResponseKind, CapturedResponse>> | undefined;
  let requests: Parameters<typeof benchCeilings>[2] = {};
  for (const engine of options.engines) {
    const first = !captured;
    const done = await benchEngine(options, engine, workDir, captured);
    engines.push(done.report);
    if (first) {
      captured = done.captured;
      requests = done.requests;
      // The ceilings run once, while no gateway is running, on the first engine's responses.
      log("ceilings: a bare hono app replaying the captured responses");
      ceilings = await benchCeilings(options, captured, requests, workDir);
    }
  }

  const report: BenchReport = {
    settings: options,
    machine,
    startedAt,
    totalSeconds: (performance.now() - began) / 1000,
    engines,
    ceilings,
  };
  const outDir = resolve(repoRoot, options.outDir);
  await mkdir(outDir, { recursive: true });
  const chartFile = "benchmarks.svg";
  const title = `follow-graph: requests/s, ${options.connections} connections${options.quick ? " (quick smoke run)" : ""}`;
  await writeFile(
    join(outDir, chartFile),
    renderChart({ scenarios: engines.flatMap((e) => e.scenarios), ceilings: ceilingRates(report), title }),
  );
  await writeFile(join(outDir, "benchmarks.md"), renderMarkdown(report, chartFile));
  console.log(renderTextTable(report));
  // pnpm runs scripts from the root; show paths as the caller would type them.
  const shown = (file: string) => relative(process.env.INIT_CWD ?? process.cwd(), file);
  console.log(`\nWrote ${shown(join(outDir, "benchmarks.md"))} and ${shown(join(outDir, chartFile))}`);
  return 0;
}

let code = 1;
try {
  code = await main(process.argv.slice(2));
} catch (error) {
  if (!isInterrupted())
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  await unwind();
}
process.exit(code);
