import {
  type EmulatorFigures,
  ENGINE_LABEL,
  type Engine,
  type EngineReport,
  type ScenarioResult,
} from "./types.ts";

/** One of the targets, as measured. `met` is null when the run has nothing to judge it by. */
export interface TargetCheck {
  engine: Engine;
  what: string;
  goal: string;
  measured: string;
  met: boolean | null;
}

/** Page 1 of a followers list, in either dialect, signed in or not: the rows held to 1.5. */
const LIST_PAGES = new Set([
  "gitlab-followers-100",
  "github-followers-30",
  "github-followers-100",
  "github-followers-30-anon",
  "github-followers-100-anon",
]);

/**
 * The gateway's requests/s over the reference's that a row must reach (issue 13): on PostgreSQL
 * 2.0 for the toggles, 1.5 for list pages, 1.0 elsewhere; on PGlite 1.0 everywhere.
 */
export function ratioFloor(result: Pick<ScenarioResult, "engine" | "id" | "write">): number {
  if (result.engine === "pglite") return 1;
  if (result.write) return 2;
  return LIST_PAGES.has(result.id) ? 1.5 : 1;
}

/** The gateway's median requests/s over the reference's, or undefined without a reference. */
export function rpsRatio(result: ScenarioResult): number | undefined {
  const reference = result.reference?.median.requestsPerSecond;
  return reference ? result.median.requestsPerSecond / reference : undefined;
}

/** The gateway's p99 over the reference's, or undefined without a reference. */
export function p99Ratio(result: ScenarioResult): number | undefined {
  const reference = result.reference?.median.p99Ms;
  return reference ? result.median.p99Ms / reference : undefined;
}

export const P99_RATIO_LIMIT = 2;
export const RSS_LIMIT_MB: Record<Engine, number> = { postgres: 200, pglite: 400 };
export const PGLITE_START_LIMIT_S = 2;

const times = (n: number) => `${n.toFixed(2)}×`;
const sum = (result: ScenarioResult, field: "timeouts" | "shed") =>
  result.runs.reduce((n, r) => n + (r[field] ?? 0), 0);

/** The target of one row of the table: gateway / reference against its floor. */
export function rowTarget(result: ScenarioResult): Omit<TargetCheck, "engine" | "what"> {
  const floor = ratioFloor(result);
  const goal = `gateway / reference ≥ ${floor.toFixed(1)}`;
  const ratio = rpsRatio(result);
  if (ratio === undefined) return { goal, measured: "—", met: null };
  return { goal, measured: times(ratio), met: ratio >= floor };
}

/** Every target of the issue that this run can judge. */
export function evaluateTargets(engines: EngineReport[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const report of engines) {
    const { engine, scenarios } = report;
    for (const result of scenarios) checks.push({ engine, what: result.title, ...rowTarget(result) });
    const reads = scenarios.filter((s) => !s.write && p99Ratio(s) !== undefined);
    const worst = reads.reduce<ScenarioResult | undefined>(
      (w, s) => (!w || p99Ratio(s)! > p99Ratio(w)! ? s : w),
      undefined,
    );
    if (engine === "postgres" && worst)
      checks.push({
        engine,
        what: "p99 of every read",
        goal: `≤ ${P99_RATIO_LIMIT}× the reference's`,
        measured: `worst ${times(p99Ratio(worst)!)} (${worst.title}: ${worst.median.p99Ms.toFixed(1)} vs ${worst.reference!.median.p99Ms.toFixed(1)} ms)`,
        met: p99Ratio(worst)! <= P99_RATIO_LIMIT,
      });
    const rss = Math.max(0, ...scenarios.map((s) => s.rssMb ?? 0));
    if (rss > 0)
      checks.push({
        engine,
        what: "gateway RSS after every scenario",
        goal: `≤ ${RSS_LIMIT_MB[engine]} MB`,
        measured: `at most ${Math.round(rss)} MB`,
        met: rss <= RSS_LIMIT_MB[engine],
      });
    if (engine === "pglite") {
      const slow = scenarios.reduce((n, s) => n + sum(s, "timeouts"), 0);
      const shed = scenarios.reduce((n, s) => n + sum(s, "shed"), 0);
      checks.push({
        engine,
        what: "requests slower than 2 s (wrk timeouts), gateway",
        goal: "0",
        measured: `${slow.toLocaleString("en-US")} (and ${shed.toLocaleString("en-US")} shed with 503)`,
        met: slow === 0,
      });
      checks.push({
        engine,
        what: "start to first answered request",
        goal: `< ${PGLITE_START_LIMIT_S} s`,
        measured: `${report.firstAnswerSeconds.toFixed(2)} s`,
        met: report.firstAnswerSeconds < PGLITE_START_LIMIT_S,
      });
    }
    for (const c of report.counters ?? [])
      checks.push({
        engine,
        what: `counters equal COUNT(*) after the toggles (${c.store})`,
        goal: "every user",
        measured: c.wrong
          ? `${c.wrong.toLocaleString("en-US")} of ${c.users.toLocaleString("en-US")} wrong`
          : `all ${c.users.toLocaleString("en-US")}`,
        met: c.wrong === 0,
      });
  }
  return checks;
}

/** Issue 14's bounds on the emulator, in milliseconds. */
export const EMULATOR_LIMITS_MS = { start: 1000, reset: 50, snapshotOrRestore: 200, execTrue: 2000 };

/**
 * The emulator's figures against issue 14's bounds: start and `exec -- true` on in-memory PGlite,
 * reset, snapshot and both restores on every engine measured. "Snapshot and restore of a
 * 10,000-edge graph ≤ 200 ms" is read as each operation on its own.
 */
export function evaluateEmulatorTargets(figures: EmulatorFigures): TargetCheck[] {
  const { start, reset, snapshotOrRestore, execTrue } = EMULATOR_LIMITS_MS;
  const check = (engine: Engine, what: string, limit: number, ms: number): TargetCheck => ({
    engine,
    what,
    goal: `≤ ${limit.toLocaleString("en-US")} ms`,
    measured: `${ms.toFixed(1)} ms`,
    met: ms <= limit,
  });
  return [
    check(
      "pglite",
      "in-process start (fresh process, in memory) to the first answered request",
      start,
      figures.startToFirstAnswerMs,
    ),
    check("pglite", "`follow-graph exec -- true`, spawn to exit", execTrue, figures.execTrueMs),
    ...figures.engines.flatMap((e) => [
      check(e.engine, "reset() with 1,000 users loaded", reset, e.resetWith1000UsersMs),
      check(e.engine, "snapshot() of 10,000 follows", snapshotOrRestore, e.snapshot10000EdgesMs),
      check(
        e.engine,
        "restore() after 10 follows and unfollows",
        snapshotOrRestore,
        e.restoreAfterFewChangesMs,
      ),
      check(
        e.engine,
        "restore() after a reset (every row differs)",
        snapshotOrRestore,
        e.restoreAfterResetMs,
      ),
    ]),
  ];
}

export const verdict = (met: boolean | null) => (met === null ? "—" : met ? "met" : "missed");

export const engineLabel = (engine: Engine) => ENGINE_LABEL[engine];
