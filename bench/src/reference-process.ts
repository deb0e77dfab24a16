import { cp } from "node:fs/promises";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, startChild } from "./processes.ts";

/** A server under test as the bench drives it: where it listens, its pid, and how to stop it. */
export interface Server {
  url: string;
  pid: number;
  /** Undefined while it runs; once it has exited by itself, its exit status and last lines. */
  death(): string | undefined;
  stop(): Promise<void>;
}

const PGLITE_LOCK_FILE = "follow-graph.lock";

/**
 * A second PGlite directory for the reference: one process only may open a data directory, so
 * the seeded one (closed by then) is copied whole, without the gateway's lock file.
 */
export async function copyPgliteDir(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true, filter: (path) => basename(path) !== PGLITE_LOCK_FILE });
}

/** The plain reference server (bench/src/reference) as its own node process on `storeEnv`'s database. */
export async function startReference(options: {
  repoRoot: string;
  storeEnv: Record<string, string>;
}): Promise<Server> {
  const port = await freePort();
  const script = fileURLToPath(new URL("./reference/main.ts", import.meta.url));
  const child = startChild("reference", process.execPath, ["--import", "tsx", script], {
    cwd: options.repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: "",
      PGLITE_DATA_DIR: "",
      ...options.storeEnv,
      PORT: String(port),
      HOST: "127.0.0.1",
    },
  });
  try {
    await child.waitForLine(/Listening on/, 120_000);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    death: () => {
      const { exitCode, signalCode } = child.process;
      if (exitCode === null && signalCode === null) return undefined;
      return `the reference exited (${exitCode ?? signalCode}):\n${child.tail()}`;
    },
    stop: () => child.stop(),
  };
}
