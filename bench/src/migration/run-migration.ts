// `pnpm bench --only migration`: issue 16's figures on each engine (export, import, live
// import), printed as the Migration table and written into that section of benchmarks.md.

import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { defer } from "../cleanup.ts";
import { log } from "../log.ts";
import { describeCommit } from "../machine.ts";
import type { Options } from "../options.ts";
import { measureExport } from "./export-figures.ts";
import type { MigrationFigure, MigrationReport } from "./figures.ts";
import { measureImport } from "./import-figures.ts";
import { measureLiveImport } from "./live-figures.ts";
import { sampleLoad } from "./load-sampler.ts";
import { writeRandomEdges } from "./random-edges.ts";
import { renderMigrationBlock, replaceMigrationBlock } from "./section.ts";
import { repoRoot } from "./timed-bin.ts";

export async function runMigrationBench(options: Options, outDir: string): Promise<number> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const commit = describeCommit(repoRoot);
  const load = sampleLoad();
  const workDir = await mkdtemp(join(tmpdir(), "follow-graph-bench-migration-"));
  defer(`remove ${workDir}`, () => rm(workDir, { recursive: true, force: true }));
  const { edges, users, followers, parts } = options.migration;
  const figures: MigrationFigure[] = [];
  const notes: string[] = [];

  const file = join(workDir, "edges.ndjson");
  if (parts.includes("import")) {
    log(`migration: writing ${edges} random edges among ${users} users to import`);
    await writeRandomEdges(file, users, edges);
    notes.push(
      "The import's file: `follower`, `followee`, `at` NDJSON lines sorted by follower, from a fixed seed (bench/src/migration/random-edges.ts).",
    );
  }
  for (const engine of options.engines) {
    if (parts.includes("export")) {
      const exported = await measureExport(engine, options.pgUrl, { users, edges }, workDir);
      figures.push(...exported.figures);
      notes.push(exported.note);
    }
    if (parts.includes("import")) figures.push(...(await measureImport(engine, options.pgUrl, file, edges)));
  }
  if (parts.includes("live")) {
    const live = await measureLiveImport(options.engines, options.pgUrl, followers, workDir);
    figures.push(...live.figures);
    notes.push(live.note);
  }
  // Engine by engine in the table, the live import's rows after the files'.
  const order = new Map(options.engines.map((engine, i) => [engine, i]));
  figures.sort((a, b) => order.get(a.engine)! - order.get(b.engine)!);
  const partsFlag = parts.length === 3 ? "" : ` --migration-parts ${parts.join(",")}`;
  notes.push(
    `Reproduce: \`pnpm bench --only migration${options.engines.join(",") === "postgres,pglite" ? "" : ` --engines ${options.engines.join(",")}`}${options.quick ? " --quick" : ""}${partsFlag}\` (sizes: \`--migration-edges\`, \`--migration-followers\`).`,
  );

  const report: MigrationReport = {
    startedAt,
    commit,
    loadBefore: load.first,
    loadDuring: load.stop(),
    cores: cpus().length,
    sizes: { edges, users, followers },
    figures,
    notes,
    totalSeconds: (performance.now() - started) / 1000,
  };
  const block = renderMigrationBlock(report);
  const target = join(outDir, "benchmarks.md");
  const doc = existsSync(target) ? await readFile(target, "utf8") : "# Benchmarks\n";
  await writeFile(target, replaceMigrationBlock(doc, block));
  console.log(
    `${block}\n\nWrote the Migration section of ${relative(process.env.INIT_CWD ?? process.cwd(), target)}`,
  );
  return 0;
}
