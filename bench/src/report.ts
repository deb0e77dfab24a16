import { int, latency, ms, ratio, seconds } from "./format.ts";
import {
  evaluateEmulatorTargets,
  evaluateTargets,
  p99Ratio,
  rowTarget,
  rpsRatio,
  verdict,
} from "./targets.ts";
import {
  type BenchReport,
  type EmulatorFigures,
  ENGINE_LABEL,
  type ResponseKind,
  type ScenarioResult,
} from "./types.ts";

/** Each kind's ceiling: the median requests/s of the bare hono app replaying that response. */
export function ceilingRates(report: BenchReport): Partial<Record<ResponseKind, number>> {
  return Object.fromEntries(report.ceilings.map((c) => [c.kind, c.median.requestsPerSecond]));
}

export interface Row {
  scenario: string;
  engine: string;
  rps: string;
  refRps: string;
  ratio: string;
  p50: string;
  p99: string;
  refP99: string;
  p99Ratio: string;
  errors: string;
  slow: string;
  rss: string;
  refRss: string;
  ceiling: string;
  target: string;
}

const times = (n: number | undefined) => (n === undefined ? "—" : n.toFixed(2));
const mb = (n: number | undefined) => (n === undefined ? "—" : int(n));

/** The figures of every scenario, formatted once for both the terminal and the markdown. */
export function resultRows(report: BenchReport): Row[] {
  const ceilings = ceilingRates(report);
  const all = report.engines.flatMap((e) => e.scenarios);
  return all.map((s: ScenarioResult) => {
    const ceiling = ceilings[s.kind];
    const target = rowTarget(s);
    const ref = s.reference;
    const timeouts = s.runs.reduce((n, r) => n + (r.timeouts ?? 0), 0);
    const shed = s.runs.reduce((n, r) => n + (r.shed ?? 0), 0);
    return {
      scenario: s.title,
      engine: ENGINE_LABEL[s.engine],
      rps: int(s.median.requestsPerSecond),
      refRps: ref ? int(ref.median.requestsPerSecond) : "—",
      ratio: times(rpsRatio(s)),
      p50: latency(s.median, s.median.p50Ms),
      p99: latency(s.median, s.median.p99Ms),
      refP99: ref ? latency(ref.median, ref.median.p99Ms) : "—",
      p99Ratio: times(p99Ratio(s)),
      errors: int(s.errors),
      slow: `${int(timeouts)} / ${int(shed)}`,
      rss: mb(s.rssMb),
      refRss: mb(ref?.rssMb),
      ceiling: ratio(ceiling ? s.median.requestsPerSecond / ceiling : undefined),
      target: `${target.goal.replace("gateway / reference ", "")}: ${verdict(target.met)}`,
    };
  });
}

const HEADERS: Row = {
  scenario: "scenario",
  engine: "engine",
  rps: "gateway req/s",
  refRps: "reference req/s",
  ratio: "gateway / reference",
  p50: "p50 ms",
  p99: "p99 ms",
  refP99: "ref p99 ms",
  p99Ratio: "p99 / ref p99",
  errors: "errors",
  slow: "> 2 s / 503",
  rss: "RSS MB",
  refRss: "ref RSS MB",
  ceiling: "of ceiling",
  target: "target (ratio)",
};
const COLUMNS = Object.keys(HEADERS) as Array<keyof Row>;
const NUMERIC = new Set<keyof Row>([
  "rps",
  "refRps",
  "ratio",
  "p50",
  "p99",
  "refP99",
  "p99Ratio",
  "errors",
  "slow",
  "rss",
  "refRss",
  "ceiling",
]);
const NUMERIC_INDEXES = COLUMNS.flatMap((c, i) => (NUMERIC.has(c) ? [i] : []));

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
  const totals = evaluateTargets(report.engines)
    .filter(
      (t) =>
        !report.engines.some((e) => e.engine === t.engine && e.scenarios.some((s) => s.title === t.what)),
    )
    .map((t) => `  ${ENGINE_LABEL[t.engine]}: ${t.what}: ${t.goal}: ${t.measured}: ${verdict(t.met)}`);
  const emulator = report.emulator
    ? [
        "",
        `Emulator (built package, median of ${report.emulator.runs}):`,
        ...evaluateEmulatorTargets(report.emulator).map(
          (t) => `  ${ENGINE_LABEL[t.engine]}: ${t.what}: ${t.goal}: ${t.measured}: ${verdict(t.met)}`,
        ),
      ]
    : [];
  return [
    line(rows[0]!),
    rule,
    ...rows.slice(1).map(line),
    "",
    "Ceilings (bare hono, same bytes):",
    ceilings,
    "",
    "Targets beyond the rows:",
    ...totals,
    ...emulator,
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
    "- Beside it, the plain reference server (`bench/src/reference`: node:http with postgres.js or PGlite, no framework, no ORM, not tuned) as its own node process on the same data: the same PostgreSQL database, or a copy of the seeded PGlite directory. Each scenario runs gateway run 1, reference run 1, gateway run 2, …, each server with its own warm-up and, for the toggles, its own fresh actors.",
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
        "users",
        "edges",
        "popular followers",
        "seed time",
        "wall",
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
      NUMERIC_INDEXES,
    ),
    "",
    `![Requests per second by scenario and engine, with each response kind's ceiling](${chartFile})`,
    "",
    "- **req/s**: the median run of each server; **gateway / reference**: the gateway's median req/s over the reference's;",
    "  **p50/p99**: the gateway's median run's latencies, **ref p99** the reference's, **p99 / ref p99** their ratio.",
    "- **errors** (gateway, all runs together): socket errors plus any status the scenario does not expect (a 404 is",
    "  expected only by the 404 check; a toggle expects GitLab's 201 or GitHub's 204, GitLab's 304 no-op is counted apart).",
    "- **> 2 s / 503** (gateway, all runs): requests wrk gave up on after its 2 s timeout, and 503s counted apart as shed",
    "  load (counted on PGlite only, where the queue is bounded; elsewhere a 503 is an error).",
    "- **RSS**: each server's largest VmRSS read from /proc right after one of its runs of the scenario.",
    "- **of ceiling**: the gateway's req/s over the ceiling of its response kind (below).",
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
    "The targets of issue 13 (gateway against the plain reference, same run), with PGlite's start-up from issue 4.",
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
    "## Counters",
    "",
    "After each engine's scenarios, with both servers stopped, every user's four counters against COUNT(*) over `follows`",
    "(followers and following count edges whose other end is active; the row counters every edge).",
    "",
    table(
      ["engine", "store", "users", "wrong"],
      report.engines.flatMap((e) =>
        (e.counters ?? []).map((c) => [ENGINE_LABEL[e.engine], c.store, int(c.users), int(c.wrong)]),
      ),
      [2, 3],
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
  if (report.emulator) out.push("", ...emulatorSection(report.emulator));
  const notes = report.engines.flatMap((e) => e.notes.map((n) => `- ${ENGINE_LABEL[e.engine]}: ${n}`));
  if (notes.length) out.push("", "## Notes", "", ...notes);
  return `${out.join("\n")}\n`;
}

/** docs/benchmarks.md's "Emulator" section: issue 14's figures, each against its bound. */
export function emulatorSection(figures: EmulatorFigures): string[] {
  return [
    "## Emulator",
    "",
    "Issue 14's speed targets, measured on the built follow-graph package (`apps/follow-graph/dist`, as",
    `users install it) after the scenarios, with none of the bench's servers running; each figure is the median of ${figures.runs} runs.`,
    "The start is a fresh node process importing `follow-graph/testing`, starting on in-memory PGlite and",
    "answering `GET /api/v4/users/1`; the state controls run in process through `startFollowGraph()` on a",
    "1,000-user fixture (reset) and a 1,000-user, 10,000-follow fixture (snapshot and restores), on PostgreSQL",
    "through `startFollowGraph({ databaseUrl })` on a scratch database. A restore writes only the rows that",
    "differ from the snapshot: after a test's few changes, or after a reset, when every row does.",
    "",
    table(
      ["engine", "figure", "target", "measured", ""],
      evaluateEmulatorTargets(figures).map((t) => [
        ENGINE_LABEL[t.engine],
        t.what,
        t.goal,
        t.measured,
        verdict(t.met),
      ]),
    ),
  ];
}
