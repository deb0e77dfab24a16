import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** Which API a request was for: a dialect, or the emulator's control API. */
export type Dialect = "gitlab" | "github" | "control" | "docs";

export interface Metrics {
  registry: Registry;
  requests: Counter<"dialect" | "method" | "route" | "status">;
  duration: Histogram<"dialect" | "method" | "route">;
  followsWritten: Counter<"dialect">;
  unfollowsWritten: Counter<"dialect">;
  rateLimitRefusals: Counter<"route">;
  admissionRefusals: Counter<"dialect">;
  databaseOperationsInFlight: Gauge;
  databaseErrors: Counter;
}

export interface MetricsOptions {
  driver: "pglite" | "postgres";
  /** Connections the pool may open: 1 for PGlite, which runs one statement at a time. */
  poolSize: number;
}

/**
 * Every series the server exports, in a registry of its own (two servers in one process, as
 * tests start them, never share counts), with Node's process defaults beside them.
 */
export function createMetrics({ driver, poolSize }: MetricsOptions): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const poolMax = new Gauge({
    name: "follow_graph_database_pool_max_connections",
    help: "Connections the database pool may open (PGlite: one, it runs one statement at a time).",
    labelNames: ["driver"],
    registers,
  });
  poolMax.set({ driver }, poolSize);
  return {
    registry,
    requests: new Counter({
      name: "follow_graph_http_requests_total",
      help: "Requests answered, by dialect, method, route pattern (never the raw path) and status.",
      labelNames: ["dialect", "method", "route", "status"],
      registers,
    }),
    duration: new Histogram({
      name: "follow_graph_http_request_duration_seconds",
      help: "Time from a request's arrival to its response head, by dialect, method and route pattern.",
      labelNames: ["dialect", "method", "route"],
      // From a cached read on PostgreSQL (a millisecond) to a deep import page on a busy PGlite.
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    followsWritten: new Counter({
      name: "follow_graph_follows_written_total",
      help: "Follows created (not the no-ops: already following, self, blocked), by dialect.",
      labelNames: ["dialect"],
      registers,
    }),
    unfollowsWritten: new Counter({
      name: "follow_graph_unfollows_written_total",
      help: "Follows removed (not the no-ops: not following), by dialect.",
      labelNames: ["dialect"],
      registers,
    }),
    rateLimitRefusals: new Counter({
      name: "follow_graph_rate_limit_refusals_total",
      help: "Requests GitHub's primary rate limit refused (X-RateLimit-Remaining: 0), by route pattern.",
      labelNames: ["route"],
      registers,
    }),
    admissionRefusals: new Counter({
      name: "follow_graph_admission_refusals_total",
      help: "Requests answered 503 before any dialect saw them: the embedded store's queue was full or the server was stopping.",
      labelNames: ["dialect"],
      registers,
    }),
    databaseOperationsInFlight: new Gauge({
      name: "follow_graph_database_operations_in_flight",
      help: "Core operations running, each holding or waiting for one of the pool's connections.",
      registers,
    }),
    databaseErrors: new Counter({
      name: "follow_graph_database_errors_total",
      help: "Database failures the core could not turn into an answer (lost connections, timeouts, bugs): each a 503 or 500.",
      registers,
    }),
  };
}
