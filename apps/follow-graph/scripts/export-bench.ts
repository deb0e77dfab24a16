// How fast `follow-graph export` carries a graph out, and in how much memory: seeds a store with
// `follow-graph seed`, then runs each export as its own process and prints edges/s and that
// process's peak RSS. PGlite in a temporary data directory by default; `--database-url URL`
// seeds a scratch database on that server instead (dropped at the end).
// The export's own time is the one its summary line gives (the store open and start-up, some
// seconds of PGlite and tsx, are the wall's difference); the start-up row is an export of
// nothing, so its RSS is the floor the others stand on.
//   tsx apps/follow-graph/scripts/export-bench.ts [--users 10000] [--edges 100000]
//     [--only ndjson,csv,github,gitlab] [--database-url URL]
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createScratchDatabase } from "@follow-graph/core/testing";
import { timedBin } from "./timed-bin.ts";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "10000" },
    edges: { type: "string", default: "100000" },
    only: { type: "string", default: "ndjson,csv,github,gitlab" },
    "database-url": { type: "string" },
  },
});

interface Run {
  seconds: number;
  /** What the export's summary line says it took. */
  exportSeconds: number;
  peakMb: number;
}

async function run(args: string[]): Promise<Run> {
  const r = await timedBin(args);
  return {
    seconds: r.seconds,
    peakMb: r.peakMb,
    exportSeconds: Number(r.stderr.match(/^export: .* in (\d+\.\d) s$/m)?.[1] ?? Number.NaN),
  };
}

const work = mkdtempSync(join(tmpdir(), "follow-graph-export-bench-"));
const scratch = values["database-url"] ? await createScratchDatabase(values["database-url"]) : undefined;
const store = scratch ? ["--database-url", scratch.url] : ["--data-dir", join(work, "store")];
const engine = scratch ? "PostgreSQL" : "PGlite";
try {
  const edges = Number(values.edges);
  const seeded = await run([
    "seed",
    "--users",
    values.users,
    "--edges",
    values.edges,
    "--random-seed",
    "1",
    ...store,
  ]);
  console.log(
    `${engine}: seeded ${values.users} users and ${edges} follows in ${seeded.seconds.toFixed(1)} s`,
  );
  const only = values.only.split(",");
  const cases: [string, string[], string][] = [
    [
      "start-up",
      ["--as", "ndjson", "--users", "root", "--out", join(work, "root.ndjson")],
      join(work, "root.ndjson"),
    ],
    ["ndjson", ["--as", "ndjson", "--out", join(work, "edges.ndjson")], join(work, "edges.ndjson")],
    ["csv", ["--as", "csv", "--out", join(work, "edges.csv")], join(work, "edges.csv")],
    ["github", ["--as", "github", "--out", join(work, "github")], join(work, "github")],
    ["gitlab", ["--as", "gitlab", "--out", join(work, "gitlab")], join(work, "gitlab")],
  ];
  console.log("| export | wall | export's own | edges/s | peak RSS | output |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const [name, args, output] of cases.filter(([name]) => name === "start-up" || only.includes(name))) {
    const result = await run(["export", ...args, ...store]);
    const bytes = statSync(output).isDirectory()
      ? readdirSync(output, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0)
      : statSync(output).size;
    const rate =
      name === "start-up" ? "" : Math.round(edges / Math.max(result.exportSeconds, 0.1)).toLocaleString("en");
    console.log(
      `| ${name} | ${result.seconds.toFixed(1)} s | ${result.exportSeconds.toFixed(1)} s | ${rate} | ${result.peakMb.toFixed(0)} MB | ${(bytes / 1e6).toFixed(1)} MB |`,
    );
  }
} finally {
  await scratch?.drop();
  rmSync(work, { recursive: true, force: true });
}
