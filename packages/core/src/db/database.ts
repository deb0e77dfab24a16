import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { type Schema, schema } from "./schema.ts";

/** What both drivers satisfy; the rest of the core sees only this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  driver: "pglite" | "postgres";
  /** Applies every committed migration that has not run yet. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseConfig =
  | { driver: "postgres"; url: string; maxConnections?: number }
  /** `dataDir` is a folder, or `memory://` for a throw-away database. */
  | { driver: "pglite"; dataDir: string };

/** Set by the gateway's bundle, which carries the migrations beside itself. */
declare const BUNDLED_MIGRATIONS_FOLDER: string | undefined;

const migrationsFolder = fileURLToPath(
  new URL(
    typeof BUNDLED_MIGRATIONS_FOLDER === "string" ? BUNDLED_MIGRATIONS_FOLDER : "../../drizzle",
    import.meta.url,
  ),
);

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.driver === "postgres") {
    const client = postgres(config.url, {
      max: config.maxConnections ?? 10,
      onnotice: () => {},
      // bigint ids come back as strings from postgres.js; drizzle's number mode converts them.
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    return {
      db,
      driver: "postgres",
      migrate: () => migratePostgres(db as never, { migrationsFolder }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (!config.dataDir.startsWith("memory://")) mkdirSync(config.dataDir, { recursive: true });
  const client = await PGlite.create(config.dataDir);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    close: () => client.close(),
  };
}
