import { isStartupError } from "@follow-graph/core";
import { parseEnv } from "./env.ts";
import { startServer } from "./server.ts";

const parsed = parseEnv(process.env);
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

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight requests`);
    server.stop().then(
      () => process.exit(0),
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
