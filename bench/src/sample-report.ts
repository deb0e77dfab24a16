import type { BenchReport, Engine, Measurement, ResponseKind, RunResult, ScenarioResult } from "./types.ts";

/** A fixed, made-up report for the tests of the pure renderers. */
export function sampleReport(overrides: Partial<BenchReport["settings"]> = {}): BenchReport {
  const run = (requestsPerSecond: number, p99Ms = 30, slow: Partial<RunResult> = {}): RunResult => ({
    requests: requestsPerSecond * 5,
    seconds: 5,
    requestsPerSecond,
    p50Ms: 10,
    p99Ms,
    errors: 0,
    noops: 0,
    shed: 0,
    timeouts: 0,
    ...slow,
  });
  const reference = (rps: number, p99Ms = 20, rssMb = 90): Measurement => ({
    runs: [run(rps, p99Ms)],
    median: run(rps, p99Ms),
    errors: 0,
    rssMb,
  });
  const scenario = (
    engine: Engine,
    id: string,
    title: string,
    kind: ResponseKind,
    rps: number,
    extra: Partial<ScenarioResult> = {},
  ): ScenarioResult => ({
    id,
    title,
    engine,
    kind,
    write: false,
    runs: [run(rps)],
    median: run(rps),
    errors: 0,
    rssMb: 120,
    ...extra,
  });
  return {
    settings: {
      users: 20_001,
      edges: 200_000,
      popular: 20_000,
      duration: 5,
      runs: 3,
      connections: 64,
      threads: 2,
      quick: false,
      ...overrides,
    },
    machine: {
      cpu: "AMD EPYC",
      cores: 2,
      memoryGb: 23.5,
      node: "v20.20.2",
      postgres: "PostgreSQL 15.20",
      wrk: "debian/4.1.0-3+b2 [epoll]",
      commit: "abc1234",
    },
    startedAt: "2026-11-30T20:00:00.000Z",
    totalSeconds: 1234,
    engines: [
      {
        engine: "postgres",
        seed: {
          users: 20_001,
          edges: 200_000,
          firstUserId: 2,
          lastUserId: 20_002,
          popular: { id: 2, username: "seed-2", followers: 20_000 },
          seconds: 41.5,
          wallSeconds: 44,
        },
        listeningSeconds: 0.9,
        firstAnswerSeconds: 1.1,
        scenarios: [
          scenario(
            "postgres",
            "gitlab-followers-100",
            "GitLab followers, per_page 100",
            "gitlab-page-100",
            3200,
            { reference: reference(2000) },
          ),
          scenario(
            "postgres",
            "gitlab-deep-cursor",
            "GitLab page 200 via the Link cursor",
            "gitlab-page-100",
            2400,
            {
              median: run(2400, 75),
              reference: reference(2500, 25),
            },
          ),
          scenario("postgres", "gitlab-toggle", "GitLab follow/unfollow toggles", "gitlab-follow", 2100, {
            write: true,
            rssMb: 260,
            reference: reference(1400, 60),
          }),
        ],
        walks: [{ client: "@octokit/rest paginate (GitHub)", followers: 20_000, pages: 200, seconds: 4 }],
        counters: [{ store: "shared database", users: 20_002, wrong: 0 }],
        notes: ["GitLab follow/unfollow toggles: 99.90% of 50,000 requests changed the graph."],
      },
      {
        engine: "pglite",
        seed: {
          users: 20_001,
          edges: 200_000,
          firstUserId: 2,
          lastUserId: 20_002,
          popular: { id: 2, username: "seed-2", followers: 20_000 },
          seconds: 90,
          wallSeconds: 95,
        },
        listeningSeconds: 1.5,
        firstAnswerSeconds: 2.5,
        scenarios: [
          scenario(
            "pglite",
            "gitlab-followers-100",
            "GitLab followers, per_page 100",
            "gitlab-page-100",
            1500,
            {
              runs: [run(1500, 30, { timeouts: 3, shed: 40 })],
              reference: reference(1200, 900, 150),
            },
          ),
          scenario("pglite", "gitlab-toggle", "GitLab follow/unfollow toggles", "gitlab-follow", 900, {
            write: true,
            reference: reference(1000),
          }),
        ],
        walks: [
          {
            client: "@gitbeaker/rest allFollowers (GitLab)",
            followers: 19_999,
            pages: 200,
            seconds: 5,
            problem: "19999 followers instead of 20000",
          },
        ],
        counters: [
          { store: "gateway's directory", users: 20_002, wrong: 0 },
          { store: "reference's copy", users: 20_002, wrong: 2 },
        ],
        notes: [],
      },
    ],
    ceilings: [
      {
        kind: "gitlab-page-100",
        status: 200,
        bytes: 24_541,
        runs: [run(8000)],
        median: run(8000),
        errors: 0,
      },
    ],
    emulator: {
      runs: 5,
      startToFirstAnswerMs: 640.2,
      execTrueMs: 2150,
      engines: [
        {
          engine: "pglite",
          resetWith1000UsersMs: 31.4,
          snapshot10000EdgesMs: 48.5,
          restoreAfterFewChangesMs: 61,
          restoreAfterResetMs: 240.7,
        },
        {
          engine: "postgres",
          resetWith1000UsersMs: 12.1,
          snapshot10000EdgesMs: 20.2,
          restoreAfterFewChangesMs: 25.3,
          restoreAfterResetMs: 150,
        },
      ],
    },
  };
}
