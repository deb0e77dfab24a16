import { isStartupError } from "@follow-graph/core";
import { type Env, parseEnv, SERVED_DEFAULTS } from "./env.ts";
import { createLogger } from "./logging/logger.ts";
import { settingsForLog } from "./logging/settings-line.ts";
import { startServer } from "./server.ts";
import { stopOnSignals } from "./stop-on-signals.ts";
import { isWorker, runWorkers, workerEnv } from "./workers.ts";

const parsed = parseEnv(process.env, SERVED_DEFAULTS);
if (!parsed.ok) {
  console.error(`Bad configuration: ${parsed.reason}`);
  process.exit(2);
}
// Refusals to start stay plain one-line reasons on stderr; once configured, every line is the log's.
const logger = createLogger(parsed.env.LOG_LEVEL ?? "info");

/** The server in this process: the only one, or one of WORKERS. */
async function serveHere(env: Env) {
  const server = await startServer(env, { logger });
  const engine = env.DATABASE_URL ? "PostgreSQL" : `PGlite (${env.PGLITE_DATA_DIR})`;
  // A secret shown once goes to the terminal, never into the log.
  if (server.createdRootToken)
    console.log(`Created the token of the administrator 'root' (shown once): ${server.createdRootToken}`);
  // After the start, so a refused one prints its reason alone.
  if (!isWorker()) logger.info({ settings: settingsForLog(env) }, "configuration");
  // A worker's line is not the server's: the primary says "Listening on" once all of them are.
  if (isWorker()) logger.info(`Worker pid ${process.pid} serving ${server.url}`);
  else
    logger.info(
      { url: server.url, ...(server.metricsUrl ? { metricsUrl: server.metricsUrl } : {}) },
      `Listening on ${server.url} (database: ${engine})`,
    );

  stopOnSignals(server, env.SHUTDOWN_TIMEOUT, logger);
}

try {
  const { env } = parsed;
  // With WORKERS this process supervises; its workers, forked from this same file, serve.
  if (env.WORKERS !== undefined && !isWorker()) {
    const { url, createdRootToken, metricsUrl } = await runWorkers(env, env.WORKERS, logger);
    if (createdRootToken)
      console.log(`Created the token of the administrator 'root' (shown once): ${createdRootToken}`);
    logger.info({ settings: settingsForLog(env) }, "configuration");
    logger.info(
      { url, workers: env.WORKERS, ...(metricsUrl ? { metricsUrl } : {}) },
      `Listening on ${url} (database: PostgreSQL, ${env.WORKERS} workers)`,
    );
  } else await serveHere(isWorker() ? workerEnv(env) : env);
} catch (error) {
  console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(isStartupError(error) ? error.exitCode : 1);
}
