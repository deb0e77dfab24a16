import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { type Core, createCore } from "../core.ts";
import { type Database, openDatabase } from "../db/database.ts";

// Seeding tests outside the core (the dialect apps) write raw SQL without depending on drizzle.
export { sql } from "drizzle-orm";
export { rowsOf } from "../db/rows.ts";

export interface TestDatabase {
  database: Database;
  core: Core;
  /** Closes the connection and, on PostgreSQL, drops the database it created. */
  cleanup(): Promise<void>;
}

/** `TEST_DATABASE_URL` selects PostgreSQL; otherwise tests run on in-memory PGlite. */
export const testDriver = (): Database["driver"] => (process.env.TEST_DATABASE_URL ? "postgres" : "pglite");

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new
 * database on the server named by TEST_DATABASE_URL, dropped again on cleanup.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ driver: "pglite", dataDir: "memory://" });
    await database.migrate();
    return { database, core: createCore({ db: database.db }), cleanup: () => database.close() };
  }
  const scratch = await createScratchDatabase(serverUrl);
  const database = await openDatabase({ driver: "postgres", url: scratch.url, maxConnections: 5 });
  await database.migrate();
  return {
    database,
    core: createCore({ db: database.db }),
    async cleanup() {
      await database.close();
      await scratch.drop();
    },
  };
}

export interface ScratchDatabase {
  url: string;
  /** Off: the database's connections are cut and new ones refused, until it is on again. */
  setReachable(reachable: boolean): Promise<void>;
  drop(): Promise<void>;
}

/** A new, empty database on the server at `serverUrl`, for one test file or one benchmark. */
export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `follow_graph_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async setReachable(reachable: boolean) {
      // As an outage looks to clients: every connection cut, and new ones refused.
      await admin.unsafe(`alter database ${name} allow_connections ${reachable}`);
      if (!reachable)
        await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name}`;
    },
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

let counter = 0;
/** Distinct, valid user input for seeding. */
export function userInput(prefix = "user") {
  const n = `${Date.now().toString(36)}${(counter++).toString(36)}`;
  return { username: `${prefix}_${n}`, name: `${prefix} ${n}`, email: `${prefix}_${n}@example.com` };
}

export { counterDrift } from "./counters.ts";
export { edgeStored } from "./edges.ts";
export { read, setupTestGraph } from "./harness.ts";
export {
  createPgCluster,
  type PgCluster,
  type PgClusterOptions,
  pgClusterUnavailable,
} from "./pg-cluster.ts";
export { createPgReplicaPair, type PgReplicaPair, pgReplicaUnavailable } from "./pg-replica.ts";
export { createSeeder, type Seeded, type Seeder } from "./seed.ts";
