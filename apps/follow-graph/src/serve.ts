import { join } from "node:path";
import {
  isWorker,
  parseEnv,
  runWorkers,
  SERVED_DEFAULTS,
  startServer,
  stopOnSignals,
  workerEnv,
} from "@follow-graph/gateway";
import { coordinatesOf, untilAnswering } from "./coordinates.ts";
import { flagUsage, readFlags, SERVER_FLAGS } from "./server-flags.ts";
import { UsageError } from "./usage-error.ts";

/** Where serve and the store commands keep the graph unless told: beside the caller, not the package. */
export const DEFAULT_DATA_DIR = join(process.cwd(), ".follow-graph", "pglite");

export const SERVE_USAGE = `  serve [flags]                             serve both dialects until SIGINT/SIGTERM; prints one
                                            line with the URL once it answers`;

export const serveHelp = () => `usage: follow-graph serve [flags]

Serves the graph in both dialects on one port: GitLab v4 under /api/v4, GitHub at the
root (api.github.com's layout) and under /api/v3 (GitHub Enterprise Server's). Flags
override the environment variables they stand for. Without --memory, --data-dir or
--database-url the graph is kept in ./.follow-graph/pglite.

  --memory                                  a throw-away graph in memory (PGLITE_DATA_DIR=memory://)
  --json                                    print the one line as JSON: url, gitlabUrl, githubUrl,
                                            enterpriseUrl, rootToken (when known), pid
${flagUsage(SERVER_FLAGS)}
  -h, --help                                show this help`;

/** `follow-graph serve`: runs until a signal stops it; the returned promise settles once it answers. */
export async function serve(args: string[]): Promise<number | "running"> {
  const { env: flagged, switches, rest } = readFlags(args, SERVER_FLAGS, ["json", "memory"]);
  if (rest.length) throw new UsageError(`serve takes no arguments ('${rest[0]}')`);
  if (switches.has("memory")) {
    if (flagged.PGLITE_DATA_DIR) throw new UsageError("--memory and --data-dir are exclusive");
    flagged.PGLITE_DATA_DIR = "memory://";
  }
  const parsed = parseEnv(
    { ...process.env, ...flagged },
    { ...SERVED_DEFAULTS, PGLITE_DATA_DIR: DEFAULT_DATA_DIR },
  );
  if (!parsed.ok) {
    console.error(`Bad configuration: ${parsed.reason}`);
    return 2;
  }
  // With --workers this process supervises and prints the one line; each worker, this same
  // command forked, only serves.
  const supervising = parsed.env.WORKERS !== undefined && !isWorker();
  let server: { url: string; createdRootToken?: string };
  if (supervising) server = await runWorkers(parsed.env, parsed.env.WORKERS as number);
  else {
    const running = await startServer(isWorker() ? workerEnv(parsed.env) : parsed.env);
    stopOnSignals(running, parsed.env.SHUTDOWN_TIMEOUT);
    if (isWorker()) return "running";
    server = running;
  }
  await untilAnswering(server.url);
  const rootToken = server.createdRootToken ?? parsed.env.ROOT_TOKEN;
  if (switches.has("json")) {
    const coordinates = coordinatesOf(server.url);
    console.log(JSON.stringify({ ...coordinates, ...(rootToken ? { rootToken } : {}), pid: process.pid }));
  } else {
    // Shown once: a token created now cannot be read back later.
    if (server.createdRootToken)
      console.error(`Created the token of the administrator 'root' (shown once): ${server.createdRootToken}`);
    const engine = parsed.env.DATABASE_URL ? "PostgreSQL" : `PGlite ${parsed.env.PGLITE_DATA_DIR}`;
    const workers = supervising ? `, ${parsed.env.WORKERS} workers` : "";
    console.log(`follow-graph listening on ${server.url} (database: ${engine}${workers})`);
  }
  return "running";
}
