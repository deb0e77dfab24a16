import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { benchCeilings } from "./ceiling.ts";
import { renderChart } from "./chart.ts";
import { defer, installSignalHandlers, isInterrupted, unwind } from "./cleanup.ts";
import { measureEmulator } from "./emulator/measure-emulator.ts";
import { benchEngine } from "./engine.ts";
import { elapsedSeconds, log } from "./log.ts";
import { describeMachine } from "./machine.ts";
import type { Load } from "./measure.ts";
import { runMigrationBench } from "./migration/run-migration.ts";
import { keepMigrationSection } from "./migration/section.ts";
import { type Options, parseOptions, USAGE, UsageError } from "./options.ts";
import { runToEnd } from "./processes.ts";
import { ceilingRates, renderMarkdown, renderTextTable } from "./report.ts";
import type { BenchReport, CeilingResult, EngineReport } from "./types.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The command line, or the exit status when there is nothing to run. */
function readOptions(args: string[]): Options | number {
  try {
    // `pnpm bench -- --quick` hands the separator on too.
    const parsed = parseOptions(args[0] === "--" ? args.slice(1) : args, process.env);
    if (parsed !== "help") return parsed;
    console.log(USAGE);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
}

async function writeReport(report: BenchReport, outDir: string) {
  await mkdir(outDir, { recursive: true });
  const chartFile = "benchmarks.svg";
  const { connections, quick } = report.settings;
  const title = `follow-graph: requests/s, ${connections} connections${quick ? " (quick smoke run)" : ""}`;
  const scenarios = report.engines.flatMap((e) => e.scenarios);
  await writeFile(join(outDir, chartFile), renderChart({ scenarios, ceilings: ceilingRates(report), title }));
  // The migration figures come from their own opt-in run: a default run keeps that section.
  const target = join(outDir, "benchmarks.md");
  const previous = existsSync(target) ? await readFile(target, "utf8") : "";
  await writeFile(target, keepMigrationSection(renderMarkdown(report, chartFile), previous));
  // pnpm runs scripts from the root; show paths as the caller would type them.
  const shown = (file: string) => relative(process.env.INIT_CWD ?? process.cwd(), join(outDir, file));
  return `Wrote ${shown("benchmarks.md")} and ${shown(chartFile)}`;
}

async function main(args: string[]): Promise<number> {
  const options = readOptions(args);
  if (typeof options === "number") return options;
  installSignalHandlers();
  if (options.only === "migration") {
    if (options.engines.includes("postgres") && !(await describeMachine(repoRoot, options.pgUrl)).postgres) {
      console.error(
        `cannot reach PostgreSQL at ${options.pgUrl}: start it, pass --pg-url, or use --engines pglite`,
      );
      return 1;
    }
    return runMigrationBench(options, resolve(repoRoot, options.outDir));
  }
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
  // The gateway runs from its bundle, as `pnpm start` runs it; build it once from this tree.
  const built = await runToEnd("build", process.execPath, ["apps/gateway/build.mjs"], {
    cwd: repoRoot,
    env: process.env,
    timeoutMs: 120_000,
  });
  if (built.code !== 0) {
    console.error(`could not build the gateway:\n${built.stderr}`);
    return 1;
  }
  const workDir = await mkdtemp(join(tmpdir(), "follow-graph-bench-wrk-"));
  defer(`remove ${workDir}`, () => rm(workDir, { recursive: true, force: true }));
  const load: Load = {
    duration: options.duration,
    runs: options.runs,
    connections: options.connections,
    threads: options.threads,
    warmup: options.quick ? 0 : Math.max(1, Math.round(options.duration / 8)),
    workDir,
  };

  const engines: EngineReport[] = [];
  let ceilings: CeilingResult[] = [];
  for (const [i, engine] of options.engines.entries()) {
    const { report, replays } = await benchEngine(repoRoot, options, load, engine, i === 0);
    engines.push(report);
    if (i === 0) {
      // Once per run, on the first engine's responses, while no gateway is running.
      log("ceilings: a bare hono app replaying the captured responses");
      ceilings = await benchCeilings(load, replays, repoRoot);
    }
  }

  // Once per run, after every server has stopped: the emulator as users install it.
  log("emulator: building the follow-graph package");
  const packaged = await runToEnd("build", process.execPath, ["--import", "tsx", "build.mjs"], {
    cwd: join(repoRoot, "apps/follow-graph"),
    env: process.env,
    timeoutMs: 180_000,
  });
  if (packaged.code !== 0) {
    console.error(`could not build the follow-graph package:\n${packaged.stderr}`);
    return 1;
  }
  const emulatorRuns = options.quick ? 3 : 5;
  log(`emulator: start, exec -- true, reset, snapshot and restores, median of ${emulatorRuns}`);
  const emulator = await measureEmulator({
    runs: emulatorRuns,
    engines: options.engines,
    pgUrl: options.pgUrl,
  });

  const report: BenchReport = {
    settings: options,
    machine,
    startedAt,
    totalSeconds: elapsedSeconds(),
    engines,
    ceilings,
    emulator,
  };
  const written = await writeReport(report, resolve(repoRoot, options.outDir));
  console.log(`${renderTextTable(report)}\n\n${written}`);
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
