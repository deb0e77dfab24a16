import { fileURLToPath } from "node:url";
import * as v from "valibot";
import { type GitHubRateLimits, readGitHubRateLimit } from "./rate-limits.ts";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

const port = v.pipe(
  v.optional(v.string(), "3000"),
  v.regex(/^\d+$/, "PORT must be a whole number from 0 to 65535"),
  v.transform(Number),
  v.maxValue(65535, "PORT must be a whole number from 0 to 65535"),
);

/** A port to listen on besides PORT; absent when unset. */
const extraPort = (name: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,5}$/, `${name} must be a whole number from 1 to 65535`),
      v.transform(Number),
      v.minValue(1, `${name} must be a whole number from 1 to 65535`),
      v.maxValue(65535, `${name} must be a whole number from 1 to 65535`),
    ),
  );

/** pino's levels, quietest last; `silent` logs nothing. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

const httpUrl = (name: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.check(
        (s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol),
        `${name} must be an absolute http(s) URL`,
      ),
    ),
  );

// The first wording predates `off` and the per-layout form, and is kept for values without `=`.
const RATE_LIMIT_FORMAT =
  "GITHUB_RATE_LIMIT must be requests per hour for signed-in callers, optionally followed by a comma and the anonymous limit (5000 or 5000,60)";
const PER_LAYOUT_FORMAT =
  "GITHUB_RATE_LIMIT per layout must be root= and/or v3=, each once, followed by limits or off, joined by ; (root=5000,60;v3=off)";

/** `5000`, `5000,60`, `off`, or per layout (`root=5000,60;v3=off`): see readGitHubRateLimit. */
const githubRateLimit = v.optional(
  v.pipe(
    v.string(),
    v.check(
      (s) => readGitHubRateLimit(s) !== undefined,
      (issue) => (String(issue.input).includes("=") ? PER_LAYOUT_FORMAT : RATE_LIMIT_FORMAT),
    ),
    v.transform((s) => readGitHubRateLimit(s) as GitHubRateLimits),
  ),
);

/** A whole number from `min` up, given as decimal digits. */
const wholeNumber = (name: string, fallback: string, min = 0) =>
  v.pipe(
    v.optional(v.string(), fallback),
    v.regex(/^\d{1,12}$/, `${name} must be a whole number of at least ${min}`),
    v.transform(Number),
    v.minValue(min, `${name} must be a whole number of at least ${min}`),
  );

const WORKERS_RANGE = "WORKERS must be a whole number from 1 to 256";

const EnvSchema = v.object({
  PORT: port,
  HOST: v.optional(v.pipe(v.string(), v.minLength(1, "HOST must not be empty")), "127.0.0.1"),
  PUBLIC_URL: httpUrl("PUBLIC_URL"),
  DATABASE_URL: v.optional(
    v.pipe(
      v.string(),
      v.check(
        (s) => /^postgres(ql)?:\/\//.test(s) && URL.canParse(s),
        "DATABASE_URL must be a postgres:// URL",
      ),
    ),
  ),
  /** Connections kept to PostgreSQL (with DATABASE_URL); docs/writes.md has the sizes measured. */
  DATABASE_POOL_SIZE: wholeNumber("DATABASE_POOL_SIZE", "10", 1),
  /**
   * Streaming replicas of DATABASE_URL, comma-separated: reads go to them, writes and a caller's
   * reads until a replica has replayed its writes go to the primary (packages/core/src/db/replicas.ts).
   */
  DATABASE_REPLICA_URLS: v.optional(
    v.pipe(
      v.string(),
      v.transform((s) => s.split(",").map((url) => url.trim())),
      v.check(
        (urls) => urls.every((url) => /^postgres(ql)?:\/\//.test(url) && URL.canParse(url)),
        "DATABASE_REPLICA_URLS must be postgres:// URLs separated by commas",
      ),
    ),
  ),
  PGLITE_DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), `${repoRoot}.data/pglite`),
  /** `strict`: a write is acknowledged once it is on disk; `relaxed`: once the OS has it. */
  PGLITE_DURABILITY: v.optional(
    v.picklist(["strict", "relaxed"], "PGLITE_DURABILITY must be strict or relaxed"),
    "strict",
  ),
  /** Requests an embedded store lets wait before answering 503 with Retry-After. */
  PGLITE_MAX_QUEUE: wholeNumber("PGLITE_MAX_QUEUE", "64", 1),
  /** The largest request body read, in bytes; a longer one is a 413. */
  MAX_BODY_BYTES: wholeNumber("MAX_BODY_BYTES", "1048576", 1),
  /** Seconds between SIGTERM/SIGINT and the exit, however busy the server still is. */
  SHUTDOWN_TIMEOUT: wholeNumber("SHUTDOWN_TIMEOUT", "10", 1),
  /**
   * Server processes on one port (node:cluster), on PostgreSQL only; unset, the server is this
   * one process. Each worker keeps its own DATABASE_POOL_SIZE connections.
   */
  WORKERS: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, WORKERS_RANGE),
      v.transform(Number),
      v.minValue(1, WORKERS_RANGE),
      v.maxValue(256, WORKERS_RANGE),
    ),
  ),
  GITHUB_RATE_LIMIT: githubRateLimit,
  ROOT_TOKEN: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[\x21-\x7e]{8,255}$/, "ROOT_TOKEN must be 8 to 255 printable characters, no spaces"),
    ),
  ),
  /** `1` serves the emulator's control API under /__follow-graph/ (reset, fixtures, faults…). */
  FOLLOW_GRAPH_CONTROL: v.pipe(
    v.optional(v.picklist(["1", "0", "true", "false"], "FOLLOW_GRAPH_CONTROL must be 1 or 0"), "0"),
    v.transform((s) => s === "1" || s === "true"),
  ),
  /** A JSON or YAML fixture file loaded into the graph at start. */
  FOLLOW_GRAPH_FIXTURES: v.optional(v.pipe(v.string(), v.minLength(1))),
  /** `1` serves Prometheus metrics at /metrics on PORT. */
  METRICS: v.pipe(
    v.optional(v.picklist(["1", "0", "true", "false"], "METRICS must be 1 or 0"), "0"),
    v.transform((s) => s === "1" || s === "true"),
  ),
  /** Serves /metrics on this port of HOST instead, out of the APIs' way (METRICS need not be set). */
  METRICS_PORT: extraPort("METRICS_PORT"),
  /**
   * The quietest level logged: one JSON line per request at `info`. `pnpm start` logs at `info`
   * unless told; a server started from code logs nothing unless told.
   */
  LOG_LEVEL: v.optional(v.picklist(LOG_LEVELS, `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`)),
});

export type Env = v.InferOutput<typeof EnvSchema>;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every variable the schema reads: the follow-graph bin gives each a flag. */
export const ENV_VARIABLES = Object.keys(EnvSchema.entries) as Array<keyof Env & string>;

/**
 * What `pnpm start` assumes beyond the schema's defaults: api.github.com's published limits
 * (5,000 requests an hour signed in, 60 anonymous) at the root, and GHES's default, off, on
 * `/api/v3`. A server started from code (the tests) has them off unless told.
 */
export const SERVED_DEFAULTS = { GITHUB_RATE_LIMIT: "root=5000,60" };

/**
 * The one place that reads the environment. Empty variables count as unset; `defaults`
 * stand in for unset ones.
 */
export function parseEnv(
  source: NodeJS.ProcessEnv,
  defaults: Record<string, string> = {},
): { ok: true; env: Env } | { ok: false; reason: string } {
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ""),
  );
  const result = v.safeParse(EnvSchema, { ...defaults, ...present });
  if (result.success) {
    const conflict =
      workersConflict(result.output) ?? metricsConflict(result.output) ?? replicasConflict(result.output);
    return conflict ? { ok: false, reason: conflict } : { ok: true, env: result.output };
  }
  const issue = result.issues[0];
  const key = issue.path?.[0]?.key;
  return {
    ok: false,
    reason: issue.message.includes(String(key)) ? issue.message : `${String(key)}: ${issue.message}`,
  };
}

/** What WORKERS cannot be shared with: state that lives in one process. */
function workersConflict(env: Env): string | undefined {
  if (env.WORKERS === undefined) return undefined;
  if (!env.DATABASE_URL)
    return "WORKERS needs DATABASE_URL: an embedded PGlite store belongs to one process and cannot be shared";
  if (env.FOLLOW_GRAPH_CONTROL)
    return "WORKERS cannot be combined with FOLLOW_GRAPH_CONTROL: the emulator's faults and journal live in one process";
  return undefined;
}

/** Replicas of an embedded store, which has none. */
function replicasConflict(env: Env): string | undefined {
  if (env.DATABASE_REPLICA_URLS && !env.DATABASE_URL)
    return "DATABASE_REPLICA_URLS needs DATABASE_URL: replicas serve reads for a PostgreSQL primary, and the embedded PGlite store has none";
  // A reset or a fixture must be what every caller reads next, not after the replicas' lag.
  if (env.DATABASE_REPLICA_URLS && env.FOLLOW_GRAPH_CONTROL)
    return "DATABASE_REPLICA_URLS cannot be combined with FOLLOW_GRAPH_CONTROL: the emulator's resets and fixtures must be seen at once by every caller";
  return undefined;
}

/** A metrics port that the APIs' own port would take. */
function metricsConflict(env: Env): string | undefined {
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT === env.PORT)
    return `METRICS_PORT must differ from PORT (both ${env.PORT}): set METRICS=1 to serve /metrics on PORT`;
  return undefined;
}
