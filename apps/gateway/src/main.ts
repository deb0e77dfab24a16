import { isStartupError } from "@follow-graph/core";
import { parseEnv, SERVED_DEFAULTS } from "./env.ts";
import { startServer } from "./server.ts";

const parsed = parseEnv(process.env, SERVED_DEFAULTS);
if (!parsed.ok) {
  console.error(`Bad configuration: ${parsed.reason}`);
  process.exit(2);
}

try {
  const server = await startServer(parsed.env);
  const engine = parsed.env.DATABASE_URL ? "PostgreSQL" : `PGlite (${parsed.env.PGLITE_DATA_DIR})`;
  if (server.createdRootToken)
    console.log(`Created the token of the administrator 'root' (shown once): ${server.createdRootToken}`);
  console.log(`Listening on ${server.url} (database: ${engine})`);

  const timeout = parsed.env.SHUTDOWN_TIMEOUT;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = performance.now();
    const before = server.requestCounts();
    const inFlight = before.received - before.answered - before.abandoned;
    console.log(`${signal}: refusing new requests, finishing ${inFlight} in flight (at most ${timeout} s)`);
    // Closing the database after a cut-off is bounded too: an orchestrator kills soon after.
    setTimeout(
      () => {
        console.error(
          `${signal}: not stopped ${timeout + 2} s after the signal (closing the database); exiting`,
        );
        process.exit(1);
      },
      (timeout + 2) * 1000,
    ).unref();
    server.stop().then(
      () => {
        const { received, answered, cutOff } = server.requestCounts();
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        console.log(
          `${signal}: stopped in ${seconds} s; ${received} requests received, ${answered} answered, ${cutOff} cut off at the deadline`,
        );
        process.exit(0);
      },
      (error) => {
        console.error(`Shutdown failed: ${error instanceof Error ? error.message : error}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
} catch (error) {
  console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(isStartupError(error) ? error.exitCode : 1);
}
