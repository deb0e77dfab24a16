// Issue 17, item 5's figures: the gateway on a PostgreSQL cluster of its own, 32 clients
// through both dialects, PostgreSQL stopped (immediate) for each outage length and started
// again. Prints, per run: requests answered during the outage and how many failed, the
// slowest failure, the time from the start to the first good answer, and acknowledged writes
// lost (must be 0). Needs root and postgresql-common (pg_createcluster).
//
//   node --import tsx apps/gateway/scripts/outage-figures.ts [outage seconds …] [--runs N]
//   (default: 5 5 5 30 — three 5 s outages and one of 30 s)
import { loadavg } from "node:os";
import { openDatabase } from "@follow-graph/core";
import { createPgCluster, pgClusterUnavailable, rowsOf, sql } from "@follow-graph/core/testing";
import { parseEnv } from "../src/env.ts";
import { startServer } from "../src/server.ts";
import {
  acknowledged,
  allowedEdgeStates,
  createLoadClients,
  type Sample,
  startLoad,
} from "../test/outage-load.ts";
import { ROOT_TOKEN } from "../test/test-server.ts";

const CLIENTS = 32;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const good = (s: Sample) =>
  s.dialect === "gitlab" ? [200, 201, 304].includes(s.status) : [200, 204].includes(s.status);

const outages = process.argv
  .slice(2)
  .filter((arg) => /^\d+$/.test(arg))
  .map(Number);
const lengths = outages.length > 0 ? outages : [5, 5, 5, 30];

const cannot = pgClusterUnavailable();
if (cannot) {
  console.error(`outage-figures: ${cannot}`);
  process.exit(2);
}

console.log(
  `machine load before: ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")}`,
);
console.log(
  "| outage | requests during | failed (503) | other answers | failures' p50 / p99 / max | max, sent while down / caught by the stop | first good answer after start | acked writes | lost |",
);
console.log("|---|---|---|---|---|---|---|---|---|");
for (const [run, length] of lengths.entries()) {
  const cluster = await createPgCluster();
  const parsed = parseEnv({ PORT: "0", HOST: "127.0.0.1", ROOT_TOKEN, DATABASE_URL: cluster.url });
  if (!parsed.ok) throw new Error(parsed.reason);
  const server = await startServer(parsed.env);
  try {
    const clients = await createLoadClients(server.url, CLIENTS, `run${run}u`);
    // Clients wait 35 s for an answer, beyond the measured 30 s outage: a hang would show.
    const load = startLoad(server.url, clients, 35_000);
    await sleep(2000);
    const stopInvoked = performance.now();
    await cluster.stop("immediate");
    const stopped = performance.now();
    await sleep(length * 1000);
    const startInvoked = performance.now();
    await cluster.start();
    const started = performance.now();
    await sleep(3000);
    await load.stop();
    const samples = load.samples;
    const during = samples.filter((s) => s.sentAt >= stopped && s.sentAt < startInvoked);
    const failed = during.filter((s) => s.status === 503);
    const other = during.filter((s) => s.status !== 503);
    const latencies = samples
      .filter((s) => !good(s))
      .map((s) => s.answeredAt - s.sentAt)
      .sort((a, b) => a - b);
    // Sent before the stop and failed by it: these may also wait out the stop itself.
    const caught = samples.filter((s) => !good(s) && s.sentAt < stopped).map((s) => s.answeredAt - s.sentAt);
    const whileDown = samples
      .filter((s) => !good(s) && s.sentAt >= stopped)
      .map((s) => s.answeredAt - s.sentAt);
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    const firstGood = samples
      .filter((s) => s.sentAt >= started && good(s))
      .sort((a, b) => a.answeredAt - b.answeredAt)[0];
    const allowed = allowedEdgeStates(samples, clients);
    const database = await openDatabase({ driver: "postgres", url: cluster.url, maxConnections: 1 });
    const rows = rowsOf<{ pair: string }>(
      await database.db.execute(sql`select follower_id || '>' || followee_id as pair from follows`),
    );
    await database.close();
    const stored = new Set(rows.map((row) => row.pair));
    const lost = [...allowed].filter(([pair, states]) => !states.has(stored.has(pair))).length;
    const acked = samples.filter((s) => s.targetId !== undefined && acknowledged(s)).length;
    console.log(
      `| ${length} s | ${during.length} | ${failed.length} | ${other.length} | ${seconds(at(0.5))} / ${seconds(at(0.99))} / ${seconds(at(1))} | ${seconds(Math.max(0, ...whileDown))} / ${seconds(Math.max(0, ...caught))} | ${
        firstGood ? seconds(firstGood.answeredAt - started) : "none"
      } (start took ${seconds(started - startInvoked)}, stop ${seconds(stopped - stopInvoked)}) | ${acked} | ${lost} |`,
    );
  } finally {
    await server.stop();
    await cluster.drop();
  }
}
console.log(
  `machine load after: ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")}`,
);
