import { spawn } from "node:child_process";
import { constants } from "node:os";
import { FixtureError } from "@follow-graph/gateway";
import { coordinatesEnv } from "./coordinates.ts";
import { EmulatorOptionsError, startEmulator } from "./emulator.ts";
import { readFixtureFile } from "./fixture-file.ts";
import { readFlags, SERVER_FLAGS } from "./server-flags.ts";
import { UsageError } from "./usage-error.ts";

const EXEC_FLAGS = SERVER_FLAGS.filter(({ variable }) =>
  ["FOLLOW_GRAPH_FIXTURES", "DATABASE_URL", "ROOT_TOKEN"].includes(variable),
);

export const EXEC_USAGE = `  exec [--fixtures FILE] [--database-url URL] [--root-token T] -- COMMAND [ARGS…]
                                            run COMMAND against a fresh server; exits with its status`;

export const execHelp = () => `usage: follow-graph exec [flags] -- COMMAND [ARGS…]

Starts a fresh server on a free port of 127.0.0.1 with the control API on, runs COMMAND
with its coordinates in the environment, stops the server when COMMAND ends and exits
with COMMAND's status (128 + n when a signal n ended it; 127 when it cannot be started).

  FOLLOW_GRAPH_URL          the origin, e.g. http://127.0.0.1:41234
  FOLLOW_GRAPH_ROOT_TOKEN   root's token (administrator, id 1)
  FOLLOW_GRAPH_GITLAB_URL   GitLab v4: origin + /api/v4
  FOLLOW_GRAPH_GITHUB_URL   GitHub, api.github.com's layout: the origin
  FOLLOW_GRAPH_GHES_URL     GitHub Enterprise Server's layout: origin + /api/v3

The graph is in memory and starts empty (root only). With --database-url it is that
PostgreSQL database instead, reset to root only at the start (everything else in the
graph is deleted) and left as COMMAND leaves it. The server reads no environment
variables: only these flags.

  --fixtures FILE                           a JSON or YAML fixture file, loaded at the start
  --database-url URL                        a PostgreSQL database instead of memory (reset first)
  --root-token T                            root's token (default: a random one)
  -h, --help                                show this help`;

/** The signals exec passes on to its command; the server stops once the command has ended. */
const FORWARDED = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** `follow-graph exec`: the command's exit status, as a shell reports it. */
export async function exec(args: string[]): Promise<number> {
  const { env: flagged, rest: command } = readFlags(args, EXEC_FLAGS);
  const [file, ...commandArgs] = command;
  if (file === undefined) throw new UsageError("exec needs a command after --");
  let fixtures: unknown;
  if (flagged.FOLLOW_GRAPH_FIXTURES !== undefined) {
    const read = readFixtureFile(flagged.FOLLOW_GRAPH_FIXTURES);
    if (!read.ok) {
      console.error(read.reason);
      return 2;
    }
    fixtures = read.doc;
  }
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({
      ...(flagged.DATABASE_URL ? { databaseUrl: flagged.DATABASE_URL } : {}),
      ...(flagged.ROOT_TOKEN ? { rootToken: flagged.ROOT_TOKEN } : {}),
      ...(fixtures !== undefined ? { fixtures } : {}),
    });
  } catch (error) {
    if (error instanceof FixtureError) {
      console.error(`${flagged.FOLLOW_GRAPH_FIXTURES} was not loaded: ${error.problems.join("; ")}`);
      return 2;
    }
    if (error instanceof EmulatorOptionsError) {
      console.error(`Bad configuration: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const { server, coordinates, rootToken } = emulator;
  const status = await new Promise<number>((resolve) => {
    const child = spawn(file, commandArgs, {
      stdio: "inherit",
      env: { ...process.env, ...coordinatesEnv(coordinates, rootToken) },
    });
    const forward = (signal: NodeJS.Signals) => () => {
      child.kill(signal);
    };
    const handlers = FORWARDED.map((signal) => [signal, forward(signal)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const done = (code: number) => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      resolve(code);
    };
    child.once("error", (error: NodeJS.ErrnoException) => {
      console.error(`follow-graph exec: cannot run '${file}': ${cannotRun(error)}`);
      done(127);
    });
    child.once("exit", (code, signal) => done(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1)));
  });
  await server.stop();
  return status;
}

function cannotRun(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return "no such command";
  if (error.code === "EACCES") return "permission denied";
  return error.message;
}
