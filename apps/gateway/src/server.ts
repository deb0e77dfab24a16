import cluster from "node:cluster";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { bootstrapRoot } from "@follow-graph/core";
import { createAdaptorServer } from "@hono/node-server";
import { createAdmission } from "./admission.ts";
import type { Control } from "./control/control.ts";
import { createEmulator } from "./control/emulator.ts";
import { loadFixtureFile } from "./control/fixture-file.ts";
import type { Env } from "./env.ts";
import { createGateway } from "./gateway.ts";
import { openGraph } from "./graph.ts";
import { createHealth } from "./health.ts";
import { errorFields } from "./logging/error-fields.ts";
import { createLogger, type Logger, silentLogger } from "./logging/logger.ts";
import { createRequestObserver } from "./logging/request-observer.ts";
import { metricsSourceFor } from "./metrics/cluster-metrics.ts";
import { createMetrics } from "./metrics/metrics.ts";
import { serveMetrics } from "./metrics/metrics-endpoint.ts";
import { type MetricsServer, startMetricsServer } from "./metrics/metrics-server.ts";
import { routeReadsByCaller } from "./read-routing.ts";
import { createGracefulShutdown, type RequestCounts } from "./shutdown.ts";
import { shareWorkerPins } from "./worker-pins.ts";

export interface RunningServer {
  url: string;
  /** The root token when this start created it; it is never shown again. */
  createdRootToken?: string;
  /** The emulator's state controls, when FOLLOW_GRAPH_CONTROL is on (also served under /__follow-graph/). */
  control?: Control;
  /** Where METRICS_PORT serves /metrics, when it is set. */
  metricsUrl?: string;
  /** The requests this server has received and what became of them. */
  requestCounts(): RequestCounts;
  /**
   * Refuses new requests (503, Retry-After, `Connection: close`), stops accepting, closes idle
   * connections, lets the requests in flight finish, and closes the database after the last
   * answer; connections still open after SHUTDOWN_TIMEOUT seconds are cut.
   */
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Where request and error lines go; by default a logger at LOG_LEVEL, or none without it. */
  logger?: Logger;
}

export async function startServer(env: Env, options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? (env.LOG_LEVEL ? createLogger(env.LOG_LEVEL) : silentLogger());
  const metrics =
    env.METRICS || env.METRICS_PORT !== undefined
      ? createMetrics(
          env.DATABASE_URL
            ? { driver: "postgres", poolSize: env.DATABASE_POOL_SIZE }
            : { driver: "pglite", poolSize: 1 },
        )
      : undefined;
  // One line each, and never a bound parameter: drizzle's message carries every value sent.
  const onDatabaseError = (error: unknown) => {
    metrics?.databaseErrors.inc();
    logger.error({ error: errorFields(error) }, "database error");
  };
  const onUnexpectedError = (error: unknown) =>
    logger.error({ error: errorFields(error) }, "unexpected error");
  const { database, core } = await openGraph(env, undefined, { onUnexpectedError: onDatabaseError });
  let metricsServer: MetricsServer | undefined;
  try {
    const { createdSecret } = await bootstrapRoot(core, env.ROOT_TOKEN);
    if (env.FOLLOW_GRAPH_FIXTURES) await loadFixtureFile(core, env.FOLLOW_GRAPH_FIXTURES);
    const observer = createRequestObserver({ logger, ...(metrics ? { metrics } : {}) });
    const app = createGateway({
      core,
      publicUrl: env.PUBLIC_URL,
      maxBodyBytes: env.MAX_BODY_BYTES,
      // Several processes may share a PostgreSQL database (WORKERS, more gateways): so do their budgets.
      sharedRateLimits: database.driver === "postgres",
      ...(env.GITHUB_RATE_LIMIT ? { githubRateLimits: env.GITHUB_RATE_LIMIT } : {}),
      ...(metrics ? { metrics } : {}),
      observe: observer.dialectMiddleware,
      onUnexpectedError,
    });
    const emulator = env.FOLLOW_GRAPH_CONTROL ? createEmulator(core, app.fetch) : null;
    // PGlite runs one statement at a time; PostgreSQL's pool queues fairly by itself.
    const admission = createAdmission(
      observer.admitted(emulator?.fetch ?? app.fetch),
      database.driver === "pglite" ? { limit: env.PGLITE_MAX_QUEUE } : {},
    );
    let draining = false;
    const replicas = database.reads;
    if (replicas) shareWorkerPins(replicas);
    const probe = createHealth({
      ping: () => database.ping(),
      draining: () => draining,
      ...(replicas ? { replicas: () => replicas.replicas() } : {}),
    });
    // Probes and /metrics are answered ahead of admission, and neither counted nor logged.
    // In one of WORKERS, a scrape answers with every worker's figures, gathered by the primary.
    const source = metrics ? metricsSourceFor(metrics.registry) : undefined;
    const metricsHere = source && env.METRICS ? serveMetrics(source) : () => undefined;
    // With DATABASE_REPLICA_URLS, reads go to replicas unless the caller has just written.
    const observed = routeReadsByCaller(database, observer.observe(admission.fetch));
    const server = createAdaptorServer({
      fetch: (request: Request, ...rest: unknown[]) =>
        probe(request) ?? metricsHere(request) ?? observed(request, ...(rest as [])),
      hostname: env.HOST,
    }) as Server;
    // With WORKERS the primary listens on METRICS_PORT, once for all of them.
    if (source && env.METRICS_PORT !== undefined && !cluster.isWorker)
      metricsServer = await startMetricsServer(source, env.HOST, env.METRICS_PORT);
    const graceful = createGracefulShutdown(server);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(env.PORT, env.HOST, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const host = env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST;
    const url = `http://${host}:${port}`;
    // A CLI command or second server refused by the store's lock then names where to go instead.
    database.describeHolder(`the follow-graph server on ${url}`);
    let stopping: Promise<void> | undefined;
    return {
      url,
      ...(createdSecret ? { createdRootToken: createdSecret } : {}),
      ...(emulator ? { control: emulator.control } : {}),
      ...(metricsServer ? { metricsUrl: metricsServer.url } : {}),
      requestCounts: () => graceful.counts(),
      stop() {
        stopping ??= (async () => {
          draining = true;
          admission.refuseAll();
          await graceful.drain(env.SHUTDOWN_TIMEOUT * 1000);
          await metricsServer?.close();
          await database.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await metricsServer?.close();
    await database.close().catch(() => {});
    throw error;
  }
}
