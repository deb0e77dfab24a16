// How fast `follow-graph import` brings a graph in, and in how much memory: writes an NDJSON
// of M random edges among N users (sorted by follower, as overwrite wants), then runs each
// import as its own process and prints edges/s and that process's peak RSS. PGlite in a
// temporary data directory by default; `--database-url URL` imports into scratch databases on
// that server instead (dropped at the end). The last row imports into a running server
// (started here, on the same engine) through its control API.
// The import's own time is the one its summary line gives (the wall adds the process's
// start-up and the store's open: seconds of tsx, and of PGlite's first start).
//   tsx apps/follow-graph/scripts/import-bench.ts [--users 10000] [--edges 100000] [--database-url URL]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createScratchDatabase } from "@follow-graph/core/testing";
import { startEmulator } from "../src/emulator.ts";
import { timedBin } from "./timed-bin.ts";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "10000" },
    edges: { type: "string", default: "100000" },
    "database-url": { type: "string" },
  },
});

interface Run {
  seconds: number;
  /** What the import's summary line says it took. */
  importSeconds: number;
  summary: string;
  peakMb: number;
}

async function run(args: string[]): Promise<Run> {
  const r = await timedBin(args);
  return {
    seconds: r.seconds,
    peakMb: r.peakMb,
    summary: r.stdout.trim(),
    importSeconds: Number(r.stdout.match(/ in (\d+\.\d+) s$/m)?.[1] ?? Number.NaN),
  };
}

/** M distinct random edges among N users, no self-follows, from a fixed seed, by follower. */
function randomEdges(n: number, m: number): string {
  let state = 1;
  const random = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  const pairs = new Set<number>();
  while (pairs.size < m) {
    const f = Math.floor(random() * n);
    const e = Math.floor(random() * n);
    if (f !== e) pairs.add(f * n + e);
  }
  const start = Date.parse("2024-01-01T00:00:00Z");
  return [...pairs]
    .sort((a, b) => a - b)
    .map((p, i) => {
      const at = new Date(start + i * 1000).toISOString();
      return `${JSON.stringify({ follower: `user${Math.floor(p / n)}`, followee: `user${p % n}`, at })}\n`;
    })
    .join("");
}

const work = mkdtempSync(join(tmpdir(), "follow-graph-import-bench-"));
const serverUrl = values["database-url"];
const scratch = serverUrl ? await createScratchDatabase(serverUrl) : undefined;
const serverScratch = serverUrl ? await createScratchDatabase(serverUrl) : undefined;
const store = scratch ? ["--database-url", scratch.url] : ["--data-dir", join(work, "store")];
const engine = scratch ? "PostgreSQL" : "PGlite";
try {
  const edges = Number(values.edges);
  const file = join(work, "edges.ndjson");
  writeFileSync(file, randomEdges(Number(values.users), edges));
  console.log(
    `${engine}: ${edges.toLocaleString("en")} edges among ${Number(values.users).toLocaleString("en")} users`,
  );
  console.log("| import | wall | import's own | edges/s | peak RSS | summary |");
  console.log("|---|---:|---:|---:|---:|---|");
  const row = (name: string, r: Run) =>
    console.log(
      `| ${name} | ${r.seconds.toFixed(1)} s | ${r.importSeconds.toFixed(1)} s | ${Math.round(edges / r.importSeconds).toLocaleString("en")} | ${r.peakMb.toFixed(0)} MB | ${r.summary.replace(/^imported into .*?: (?=[\d,]+ edges read)/, "")} |`,
    );
  row("ndjson into an empty store", await run(["import", "ndjson", file, ...store]));
  row("the same again (merge: all there)", await run(["import", "ndjson", file, ...store]));
  row("the same, --mode overwrite", await run(["import", "ndjson", file, "--mode", "overwrite", ...store]));
  const server = await startEmulator(serverScratch ? { databaseUrl: serverScratch.url } : {});
  try {
    row(
      "ndjson into a running server (--url)",
      await run(["import", "ndjson", file, "--url", server.server.url, "--root-token", server.rootToken]),
    );
  } finally {
    await server.server.stop();
  }
} finally {
  await scratch?.drop();
  await serverScratch?.drop();
  rmSync(work, { recursive: true, force: true });
}
