import { ENGINE_LABEL, type Engine, type EngineReport, type ScenarioResult } from "./types.ts";

/** One of the targets, as measured. `met` is null when the run has nothing to judge it by. */
export interface TargetCheck {
  engine: Engine;
  what: string;
  goal: string;
  measured: string;
  met: boolean | null;
}

const rps = (n: number) => `${Math.round(n).toLocaleString("en-US")} req/s`;

/** Throughput floors per scenario: PostgreSQL's from the issue, PGlite's for writes only. */
const FLOORS: Record<Engine, Record<string, number>> = {
  postgres: {
    "gitlab-followers-100": 3000,
    "github-followers-30": 3000,
    "github-followers-100": 1500,
    "github-check-204": 8000,
    "github-check-404": 8000,
    "gitlab-toggle": 2000,
    "github-toggle": 2000,
  },
  pglite: { "gitlab-toggle": 1000, "github-toggle": 1000 },
};

/** Deep pages, as a share of page 1 of the same dialect at the same page size (PostgreSQL). */
const SHARES: Record<string, { of: string; share: number }> = {
  "gitlab-deep-cursor": { of: "gitlab-followers-100", share: 0.9 },
  "github-deep-cursor": { of: "github-followers-100", share: 0.9 },
  "gitlab-deep-bare": { of: "gitlab-followers-100", share: 0.3 },
  "github-deep-bare": { of: "github-followers-100", share: 0.3 },
};

export const P99_LIMIT_MS = 60;
export const RSS_LIMIT_MB = 250;
export const PGLITE_START_LIMIT_S = 2;

/** The target of one row of the table, when the issue sets one for it. */
export function rowTarget(
  result: ScenarioResult,
  all: ScenarioResult[],
): Omit<TargetCheck, "engine" | "what"> | undefined {
  const floor = FLOORS[result.engine][result.id];
  const value = result.median.requestsPerSecond;
  if (floor !== undefined) return { goal: `≥ ${rps(floor)}`, measured: rps(value), met: value >= floor };
  const share = SHARES[result.id];
  if (!share || result.engine !== "postgres") return undefined;
  const base = all.find((r) => r.engine === result.engine && r.id === share.of);
  const goal = `≥ ${share.share * 100}% of page 1`;
  if (!base || base.median.requestsPerSecond === 0) return { goal, measured: "—", met: null };
  const ratio = value / base.median.requestsPerSecond;
  return { goal, measured: `${Math.round(ratio * 100)}% of page 1`, met: ratio >= share.share };
}

/** Every target of the issue that this run can judge. */
export function evaluateTargets(engines: EngineReport[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const report of engines) {
    const { engine, scenarios } = report;
    for (const result of scenarios) {
      const target = rowTarget(result, scenarios);
      if (target) checks.push({ engine, what: result.title, ...target });
    }
    if (engine === "postgres") {
      const reads = scenarios.filter((s) => !s.write);
      const worst = reads.reduce<ScenarioResult | undefined>(
        (w, s) => (!w || s.median.p99Ms > w.median.p99Ms ? s : w),
        undefined,
      );
      if (worst)
        checks.push({
          engine,
          what: "p99 latency of every read",
          goal: `< ${P99_LIMIT_MS} ms`,
          measured: `worst ${worst.median.p99Ms.toFixed(1)} ms (${worst.title})`,
          met: worst.median.p99Ms < P99_LIMIT_MS,
        });
      const rss = Math.max(0, ...scenarios.map((s) => s.rssMb ?? 0));
      if (rss > 0)
        checks.push({
          engine,
          what: "server RSS",
          goal: `< ${RSS_LIMIT_MB} MB`,
          measured: `at most ${Math.round(rss)} MB`,
          met: rss < RSS_LIMIT_MB,
        });
    }
    if (engine === "pglite")
      checks.push({
        engine,
        what: "start to first answered request",
        goal: `< ${PGLITE_START_LIMIT_S} s`,
        measured: `${report.firstAnswerSeconds.toFixed(2)} s`,
        met: report.firstAnswerSeconds < PGLITE_START_LIMIT_S,
      });
  }
  return checks;
}

export const verdict = (met: boolean | null) => (met === null ? "—" : met ? "met" : "missed");

export const engineLabel = (engine: Engine) => ENGINE_LABEL[engine];
