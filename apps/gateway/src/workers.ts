import cluster, { type Worker } from "node:cluster";
import { bootstrapRoot } from "@follow-graph/core";
import { loadFixtureFile } from "./control/fixture-file.ts";
import type { Env } from "./env.ts";
import { openGraph } from "./graph.ts";
import { aggregateWorkersMetrics } from "./metrics/cluster-metrics.ts";
import { startMetricsServer } from "./metrics/metrics-server.ts";
import type { StopLines } from "./stop-on-signals.ts";
import { relayWorkerPins } from "./worker-pins.ts";

/** Beyond SHUTDOWN_TIMEOUT, what a worker may take to close its database and exit (its own cut-off is 2 s). */
const EXIT_GRACE_SECONDS = 4;

/** Whether this process is one of a primary's workers. */
export const isWorker = (): boolean => cluster.isWorker;

/** The settings a worker starts with: the primary has loaded the fixtures once already. */
export function workerEnv(env: Env): Env {
  const { FOLLOW_GRAPH_FIXTURES: _loaded, ...rest } = env;
  return rest;
}

/**
 * What the store needs before anyone serves: migrations, root and its token, the fixtures.
 * Done once by the primary, so that workers starting together do not race to apply them.
 */
async function prepareStore(env: Env): Promise<string | undefined> {
  const { database, core } = await openGraph(env, "the follow-graph server");
  try {
    const { createdSecret } = await bootstrapRoot(core, env.ROOT_TOKEN);
    if (env.FOLLOW_GRAPH_FIXTURES) await loadFixtureFile(core, env.FOLLOW_GRAPH_FIXTURES);
    return createdSecret;
  } finally {
    await database.close();
  }
}

export interface WorkersServing {
  /** Where all of them listen, e.g. http://127.0.0.1:3000. */
  url: string;
  /** The root token when this start created it; it is never shown again. */
  createdRootToken?: string;
  /** Where the primary serves every worker's metrics together, when METRICS_PORT is set. */
  metricsUrl?: string;
}

/** A stop under way: the signal passed on, when, and whether anything has gone wrong. */
interface Stopping {
  signal: NodeJS.Signals;
  started: number;
  failed: boolean;
}

/**
 * The node:cluster primary: prepares the store, forks `count` workers that serve PORT
 * together (the primary hands out connections round-robin), and supervises them. Nothing is
 * restarted: a worker that exits unbidden stops the others and the primary exits 1 (or with
 * the worker's status if it never served, e.g. 2 for a bad setting), so whatever supervises the
 * process sees the failure. SIGTERM or SIGINT is passed to every worker, each drains as a
 * single server does, and the primary exits once all have: 0 if every one stopped cleanly.
 * Resolves once every worker listens.
 */
export async function runWorkers(
  env: Env,
  count: number,
  lines: StopLines = { info: (line) => console.log(line), error: (line) => console.error(line) },
): Promise<WorkersServing> {
  const createdRootToken = await prepareStore(env);
  // Before any worker starts: the primary answers the workers' requests for the sum from the first.
  const metrics = env.METRICS || env.METRICS_PORT !== undefined ? aggregateWorkersMetrics() : undefined;
  // A port that cannot be had refuses the start (exit 2) before any worker is forked.
  const metricsServer =
    metrics && env.METRICS_PORT !== undefined
      ? await startMetricsServer(metrics, env.HOST, env.METRICS_PORT)
      : undefined;

  const live = new Set<Worker>();
  let serving = 0;
  let stopping: Stopping | undefined;

  const stopAll = (signal: NodeJS.Signals, failed: boolean) => {
    stopping = { signal, started: performance.now(), failed };
    for (const worker of live) worker.process.kill(signal);
    setTimeout(
      () => {
        lines.error(
          `${signal}: ${live.size} of ${count} workers still running ${env.SHUTDOWN_TIMEOUT + EXIT_GRACE_SECONDS} s after the signal; killing them`,
        );
        for (const worker of live) worker.process.kill("SIGKILL");
        process.exit(1);
      },
      (env.SHUTDOWN_TIMEOUT + EXIT_GRACE_SECONDS) * 1000,
    ).unref();
  };

  cluster.on("exit", (worker, code, signal) => {
    live.delete(worker);
    if (!stopping) {
      const how = signal ? `signal ${signal}` : `status ${code}`;
      lines.error(`Worker ${worker.id} (pid ${worker.process.pid}) exited with ${how}; stopping the others`);
      // A worker that failed to start has said why (a bad setting exits 2): the primary says the same.
      process.exitCode = serving < count && code ? code : 1;
      stopAll("SIGTERM", true);
    } else if (code !== 0 || signal) stopping.failed = true;
    if (live.size === 0) finish(stopping as Stopping);
  });

  const finish = ({ signal, started, failed }: Stopping) => {
    if (failed) process.exit(process.exitCode || 1);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    lines.info(`${signal}: all ${count} workers stopped in ${seconds} s`);
    process.exit(0);
  };

  for (const signal of ["SIGTERM", "SIGINT"] as const)
    process.on(signal, () => {
      if (stopping) return;
      lines.info(
        `${signal}: stopping ${live.size} workers; each finishes what it received (at most ${env.SHUTDOWN_TIMEOUT} s)`,
      );
      stopAll(signal, false);
    });

  return new Promise((resolve) => {
    cluster.on("listening", (_worker, address) => {
      if (++serving !== count || stopping) return;
      const host = env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST;
      resolve({
        url: `http://${host}:${address.port}`,
        ...(createdRootToken ? { createdRootToken } : {}),
        ...(metricsServer ? { metricsUrl: metricsServer.url } : {}),
      });
    });
    // Read-your-writes holds whichever worker a caller's next connection reaches.
    if (env.DATABASE_REPLICA_URLS) relayWorkerPins();
    for (let n = 0; n < count; n++) live.add(cluster.fork());
  });
}
