import type { CounterCheck } from "./counters.ts";

/** The storage engines the gateway runs on. */
export type Engine = "postgres" | "pglite";

export const ENGINE_LABEL: Record<Engine, string> = { postgres: "PostgreSQL", pglite: "PGlite" };

/**
 * What a ceiling serves: one captured response of the real server, replayed byte for byte by a
 * bare hono app. Every scenario is compared with the ceiling of the response it gets.
 */
export type ResponseKind =
  | "gitlab-page-100"
  | "github-page-30"
  | "github-page-100"
  | "gitlab-user"
  | "github-user"
  | "gitlab-follow"
  | "empty-204"
  | "github-404";

/** One wrk run, reduced to what the report needs. */
export interface RunResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Socket errors (connect, read, write, timeout) plus responses with an unexpected status. */
  errors: number;
  /** Responses that were allowed but changed nothing (GitLab's 304 on a follow toggle). */
  noops: number;
  /** 503s counted apart as shed load (only where the script counts them). */
  shed: number;
  /** Requests wrk gave up on after its 2 s timeout (also among `errors`). */
  timeouts: number;
}

export interface Measurement {
  runs: RunResult[];
  /** The run with the median requests/s; its latencies are the ones reported. */
  median: RunResult;
  /** Errors summed over every run. */
  errors: number;
  /** The server's largest VmRSS read right after a run, in MB; undefined for ceilings. */
  rssMb?: number;
}

/** A scenario's figures: the gateway's (the Measurement itself) and the plain reference's, same run. */
export interface ScenarioResult extends Measurement {
  id: string;
  title: string;
  engine: Engine;
  kind: ResponseKind;
  write: boolean;
  /** The reference server's runs, alternated with the gateway's; undefined if it was not measured. */
  reference?: Measurement;
}

export interface CeilingResult extends Measurement {
  kind: ResponseKind;
  /** The replayed response's status and body size. */
  status: number;
  bytes: number;
}

export interface SeedReport {
  users: number;
  edges: number;
  firstUserId: number;
  lastUserId: number;
  popular: { id: number; username: string; followers: number } | null;
  seconds: number;
  /** The seed command's time from spawn to exit, start-up and migrations included. */
  wallSeconds: number;
}

export interface WalkResult {
  client: string;
  followers: number;
  pages: number;
  seconds: number;
  /** Undefined when every follower came back exactly once, in the dialect's order. */
  problem?: string;
}

export interface EngineReport {
  engine: Engine;
  seed: SeedReport;
  /** Spawn to the "Listening on" line, and spawn to the first 200 from GET /api/v4/user. */
  listeningSeconds: number;
  firstAnswerSeconds: number;
  scenarios: ScenarioResult[];
  walks: WalkResult[];
  /** Every user's counters against COUNT(*), after the toggles, per store. */
  counters: CounterCheck[];
  notes: string[];
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  postgres: string | null;
  wrk: string;
  commit: string;
}

export interface Settings {
  users: number;
  edges: number;
  popular: number;
  duration: number;
  runs: number;
  connections: number;
  threads: number;
  quick: boolean;
}

/** The emulator's state controls on one engine (issue 14), medians in milliseconds. */
export interface EmulatorEngineFigures {
  engine: Engine;
  /** reset() of a graph holding 1,000 fixture users. */
  resetWith1000UsersMs: number;
  /** snapshot() of a graph with 10,000 follows. */
  snapshot10000EdgesMs: number;
  /** restore() of that snapshot after a few follows and unfollows: what a suite's test leaves. */
  restoreAfterFewChangesMs: number;
  /** restore() of that snapshot after a reset(): every row differs (the worst case). */
  restoreAfterResetMs: number;
}

/** The emulator's speed figures, measured on the built follow-graph package. */
export interface EmulatorFigures {
  /** Measurements per figure; each figure is their median. */
  runs: number;
  /** A fresh process: import follow-graph/testing, start on in-memory PGlite, first request answered. */
  startToFirstAnswerMs: number;
  /** `follow-graph exec -- true`, from spawning the bin to its exit. */
  execTrueMs: number;
  engines: EmulatorEngineFigures[];
}

export interface BenchReport {
  settings: Settings;
  machine: Machine;
  startedAt: string;
  totalSeconds: number;
  engines: EngineReport[];
  ceilings: CeilingResult[];
  /** Absent from reports written before the emulator was benched. */
  emulator?: EmulatorFigures;
}
