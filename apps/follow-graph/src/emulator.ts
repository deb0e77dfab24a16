import { randomBytes } from "node:crypto";
import { parseEnv, type RunningServer, startServer } from "@follow-graph/gateway";
import { type Coordinates, coordinatesOf } from "./coordinates.ts";

export interface EmulatorOptions {
  /** A PostgreSQL database to use instead of a throw-away in-memory PGlite; its graph is reset first. */
  databaseUrl?: string;
  /** Root's token; a random one when absent. */
  rootToken?: string;
  /** A fixture document loaded after the start (and after the reset on PostgreSQL). */
  fixtures?: unknown;
}

export interface Emulator {
  server: RunningServer;
  control: NonNullable<RunningServer["control"]>;
  coordinates: Coordinates;
  rootToken: string;
}

/** A problem with the options, before anything started: the CLI's exit 2, a thrown error in-process. */
export class EmulatorOptionsError extends Error {}

/**
 * A fresh server with the control API on, on a free port of 127.0.0.1: an empty graph (root
 * only) in memory, or the given PostgreSQL database reset to that, then the fixtures.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const rootToken = options.rootToken ?? `fg-root-${randomBytes(16).toString("hex")}`;
  const parsed = parseEnv({
    PORT: "0",
    HOST: "127.0.0.1",
    ROOT_TOKEN: rootToken,
    FOLLOW_GRAPH_CONTROL: "1",
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { PGLITE_DATA_DIR: "memory://" }),
  });
  if (!parsed.ok) throw new EmulatorOptionsError(parsed.reason);
  const server = await startServer(parsed.env);
  try {
    const control = server.control;
    if (!control) throw new Error("the server started without its control API");
    if (options.databaseUrl) await control.reset();
    if (options.fixtures !== undefined) await control.loadFixtures(options.fixtures);
    return { server, control, coordinates: coordinatesOf(server.url), rootToken };
  } catch (error) {
    await server.stop().catch(() => {});
    throw error;
  }
}
