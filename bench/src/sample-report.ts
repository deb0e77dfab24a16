import type { BenchReport, Engine, ResponseKind, RunResult, ScenarioResult } from "./types.ts";

/** A fixed, made-up report for the tests of the pure renderers. */
export function sampleReport(overrides: Partial<BenchReport["settings"]> = {}): BenchReport {
  const run = (requestsPerSecond: number, p99Ms = 30): RunResult => ({
    requests: requestsPerSecond * 8,
    seconds: 8,
    requestsPerSecond,
    p50Ms: 10,
    p99Ms,
    errors: 0,
    noops: 0,
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
      users: 100_001,
      edges: 1_000_000,
      popular: 100_000,
      duration: 8,
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
          users: 100_001,
          edges: 1_000_000,
          firstUserId: 2,
          lastUserId: 100_002,
          popular: { id: 2, username: "seed-2", followers: 100_000 },
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
          ),
          scenario(
            "postgres",
            "gitlab-deep-cursor",
            "GitLab page 1000 via the Link cursor",
            "gitlab-page-100",
            2400,
            {
              median: run(2400, 75),
            },
          ),
          scenario("postgres", "gitlab-toggle", "GitLab follow/unfollow toggles", "gitlab-follow", 2100, {
            write: true,
            rssMb: 260,
          }),
        ],
        walks: [{ client: "@octokit/rest paginate (GitHub)", followers: 100_000, pages: 1000, seconds: 20 }],
        notes: ["GitLab follow/unfollow toggles: 99.90% of 50,000 requests changed the graph."],
      },
      {
        engine: "pglite",
        seed: {
          users: 100_001,
          edges: 1_000_000,
          firstUserId: 2,
          lastUserId: 100_002,
          popular: { id: 2, username: "seed-2", followers: 100_000 },
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
          ),
          scenario("pglite", "gitlab-toggle", "GitLab follow/unfollow toggles", "gitlab-follow", 900, {
            write: true,
          }),
        ],
        walks: [
          {
            client: "@gitbeaker/rest allFollowers (GitLab)",
            followers: 99_999,
            pages: 1000,
            seconds: 25,
            problem: "99999 followers instead of 100000",
          },
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
  };
}
