import { int, latency, ms, ratio, seconds } from "./format.ts";
import { evaluateTargets, rowTarget, verdict } from "./targets.ts";
import { type BenchReport, ENGINE_LABEL, type ResponseKind, type ScenarioResult } from "./types.ts";

/** Each kind's ceiling: the median requests/s of the bare hono app replaying that response. */
export function ceilingRates(report: BenchReport): Partial<Record<ResponseKind, number>> {
  return Object.fromEntries(report.ceilings.map((c) => [c.kind, c.median.requestsPerSecond]));
}

export interface Row {
  scenario: string;
  engine: string;
  rps: string;
  p50: string;
  p99: string;
  errors: string;
  rss: string;
  ratio: string;
  target: string;
}

/** The figures of every scenario, formatted once for both the terminal and the markdown. */
export function resultRows(report: BenchReport): Row[] {
  const ceilings = ceilingRates(report);
  const all = report.engines.flatMap((e) => e.scenarios);
  return all.map((s: ScenarioResult) => {
    const ceiling = ceilings[s.kind];
    const target = rowTarget(s, all);
    return {
      scenario: s.title,
      engine: ENGINE_LABEL[s.engine],
      rps: int(s.median.requestsPerSecond),
      p50: latency(s.median, s.median.p50Ms),
      p99: latency(s.median, s.median.p99Ms),
      errors: int(s.errors),
      rss: s.rssMb === undefined ? "—" : int(s.rssMb),
      ratio: ratio(ceiling ? s.median.requestsPerSecond / ceiling : undefined),
      target: target ? `${target.goal}: ${verdict(target.met)}` : "",
    };
  });
}

const HEADERS: Row = {
  scenario: "scenario",
  engine: "engine",
  rps: "req/s",
  p50: "p50 ms",
  p99: "p99 ms",
  errors: "errors",
  rss: "RSS MB",
  ratio: "ratio to ceiling",
  target: "target",
};
const COLUMNS = Object.keys(HEADERS) as Array<keyof Row>;
const NUMERIC = new Set<keyof Row>(["rps", "p50", "p99", "errors", "rss", "ratio"]);

/** The results as an aligned plain-text table for the terminal. */
export function renderTextTable(report: BenchReport): string {
  const rows = [HEADERS, ...resultRows(report)];
  const widths = COLUMNS.map((c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: Row) =>
    COLUMNS.map((c, i) => (NUMERIC.has(c) ? r[c].padStart(widths[i]!) : r[c].padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const ceilings = report.ceilings
    .map(
      (c) =>
        `  ${c.kind.padEnd(16)} ${int(c.median.requestsPerSecond).padStart(8)} req/s  p99 ${ms(c.median.p99Ms)} ms`,
    )
    .join("\n");
  return [
    line(rows[0]!),
    rule,
    ...rows.slice(1).map(line),
    "",
    "Ceilings (bare hono, same bytes):",
    ceilings,
  ].join("\n");
}

const table = (headers: string[], rows: string[][], right: number[] = []) => {
  const align = headers.map((_, i) => (right.includes(i) ? "---:" : "---"));
  return [headers, align, ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
};

/** docs/benchmarks.md: what ran, where, the table, the chart, the targets and the walks. */
export function renderMarkdown(report: BenchReport, chartFile: string): string {
  const { settings: s, machine: m } = report;
  const engines = report.engines.map((e) => ENGINE_LABEL[e.engine]).join(" and ");
  const out: string[] = ["# Benchmarks", ""];
  if (s.quick)
    out.push(
      "> **Quick smoke run** (`pnpm bench --quick`): a small graph and one short run per scenario.",
      "> It shows that the bench works, not how fast the server is.",
      "",
    );
  out.push(
    `Written by \`pnpm bench\` on ${report.startedAt.slice(0, 16).replace("T", " ")} UTC; the whole run took ${seconds(report.totalSeconds)}.`,
    "",
    "## What ran",
    "",
    `- Engines: ${engines}, each in a fresh store (database \`follow_graph_bench\`, or a temporary PGlite directory).`,
    `- Graph: ${int(s.users)} users, ${int(s.edges)} random follow edges, one account with ${int(s.popular)} followers.`,
    `- Load: wrk ${m.wrk}, ${s.threads} threads, ${s.connections} connections, no pipelining, ${s.duration} s per run, ${s.runs} run${s.runs === 1 ? "" : "s"} per scenario; the median run by requests/s is reported.`,
    "- Each scenario's server is the gateway as its own node process (`node apps/gateway/dist/main.mjs`, built by `pnpm build` as `pnpm start` does) on 127.0.0.1; wrk runs on the same machine.",
    "",
    "## Machine",
    "",
    table(
      ["CPU", "cores", "memory", "Node", "PostgreSQL", "commit"],
      [[m.cpu, String(m.cores), `${m.memoryGb.toFixed(1)} GB`, m.node, m.postgres ?? "—", `\`${m.commit}\``]],
    ),
    "",
    "## Seeding and start-up",
    "",
    table(
      [
        "engine",
        "seeded by",
        "users",
        "edges",
        "popular followers",
        "seed time",
        "spawn → listening",
        "spawn → first 200",
      ],
      report.engines.map((e) => [
        ENGINE_LABEL[e.engine],
        int(e.seed.users),
        int(e.seed.edges),
        int(e.seed.popular?.followers ?? 0),
        seconds(e.seed.seconds),
        seconds(e.seed.wallSeconds),
        `${e.listeningSeconds.toFixed(2)} s`,
        `${e.firstAnswerSeconds.toFixed(2)} s`,
      ]),
      [1, 2, 3, 4, 5, 6, 7],
    ),
    "",
    "Seeded with `pnpm cli seed --users … --edges … --popular … --json`.",
    "“seed time” is what the seed reports for its own work; “wall” adds its process start and migrations.",
    "“first 200” is the first answered `GET /api/v4/user`, timed from the spawn of the process, on the seeded store.",
    "",
    "## Results",
    "",
    table(
      Object.values(HEADERS),
      resultRows(report).map((r) => COLUMNS.map((c) => r[c])),
      [2, 3, 4, 5, 6, 7],
    ),
    "",
    `![Requests per second by scenario and engine, with each response kind's ceiling](${chartFile})`,
    "",
    "- **req/s**: the median run; **p50/p99**: that run's latencies; **errors**: all runs together —",
    "  socket errors plus any status the scenario does not expect (a 404 is expected only by the 404 check;",
    "  a toggle expects GitLab's 201 or GitHub's 204, GitLab's 304 no-op is counted apart).",
    "- **RSS**: the gateway's largest VmRSS read from /proc right after a run of the scenario.",
    "- **ratio to ceiling**: the scenario's req/s over the ceiling of its response kind (below).",
    "- **toggles**: 64 fresh actors per run (each with its own token) × 200 targets they did not follow;",
    "  each sweep of that grid follows every pair, the next unfollows them, and the writes in flight go to",
    "  different targets (a diagonal order), so they measure writing rather than one counter row's lock.",
    "",
    "### Ceilings",
    "",
    "A bare hono app on @hono/node-server, its own process, answering with the status, headers and body",
    "bytes the real server gave for one request of each kind, measured the same way.",
    "",
    table(
      ["response kind", "status", "body bytes", "req/s", "p50 ms", "p99 ms", "errors"],
      report.ceilings.map((c) => [
        c.kind,
        String(c.status),
        int(c.bytes),
        int(c.median.requestsPerSecond),
        ms(c.median.p50Ms),
        ms(c.median.p99Ms),
        int(c.errors),
      ]),
      [1, 2, 3, 4, 5, 6],
    ),
    "",
    "## Targets",
    "",
    "The targets of issue 4: PostgreSQL for throughput, latency and memory; PGlite for writes and start-up.",
    "",
    table(
      ["engine", "target", "goal", "measured", ""],
      evaluateTargets(report.engines).map((t) => [
        ENGINE_LABEL[t.engine],
        t.what,
        t.goal,
        t.measured,
        verdict(t.met),
      ]),
    ),
    "",
    "## Full walks",
    "",
    "Every page of the popular account's followers, 100 a page, following the `Link` header as the clients do;",
    "each follower must come back exactly once (GitLab's in id order), the same set in both dialects.",
    "",
    table(
      ["engine", "client", "followers", "pages", "time", "pages/s", "check"],
      report.engines.flatMap((e) =>
        e.walks.map((w) => [
          ENGINE_LABEL[e.engine],
          w.client,
          int(w.followers),
          int(w.pages),
          seconds(w.seconds),
          w.seconds > 0 ? int(w.pages / w.seconds) : "—",
          w.problem ? `**${w.problem}**` : "every follower once",
        ]),
      ),
      [2, 3, 4, 5],
    ),
  );
  const notes = report.engines.flatMap((e) => e.notes.map((n) => `- ${ENGINE_LABEL[e.engine]}: ${n}`));
  if (notes.length) out.push("", "## Notes", "", ...notes);
  return `${out.join("\n")}\n`;
}
