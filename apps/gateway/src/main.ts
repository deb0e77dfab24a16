import { isStartupError } from "@follow-graph/core";
import { parseEnv, SERVED_DEFAULTS } from "./env.ts";
import { startServer } from "./server.ts";
import { stopOnSignals } from "./stop-on-signals.ts";

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

  stopOnSignals(server, parsed.env.SHUTDOWN_TIMEOUT);
} catch (error) {
  console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(isStartupError(error) ? error.exitCode : 1);
}
