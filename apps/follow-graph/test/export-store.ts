// A store for the export tests: a PGlite data directory, or with TEST_DATABASE_URL a scratch
// PostgreSQL database, seeded through the core, and the flags that name it on the command line.
import { createServer } from "node:net";
import { join } from "node:path";
import { type Core, createCore, type Database, openDatabase } from "@follow-graph/core";
import { createScratchDatabase } from "@follow-graph/core/testing";

export interface TestStore {
  /** `--data-dir DIR` or `--database-url URL`. */
  flags: string[];
  /** The same store as the server's environment names it. */
  env: Record<string, string>;
  open(): Promise<{ database: Database; core: Core }>;
  drop(): Promise<void>;
}

export async function createTestStore(dir: string, name: string): Promise<TestStore> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const scratch = serverUrl ? await createScratchDatabase(serverUrl) : undefined;
  const env: Record<string, string> = scratch
    ? { DATABASE_URL: scratch.url }
    : { PGLITE_DATA_DIR: join(dir, name) };
  return {
    flags: scratch ? ["--database-url", scratch.url] : ["--data-dir", env.PGLITE_DATA_DIR!],
    env,
    async open() {
      const database = await openDatabase(
        scratch
          ? { driver: "postgres", url: scratch.url, maxConnections: 4 }
          : { driver: "pglite", dataDir: env.PGLITE_DATA_DIR! },
      );
      await database.migrate();
      return { database, core: createCore({ db: database.db }) };
    },
    drop: async () => scratch?.drop(),
  };
}

/** A loopback port free a moment ago, so a server's PUBLIC_URL can name it before it listens. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once("error", reject);
  });
