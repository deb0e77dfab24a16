import { type Core, createCore, type Database, openDatabase } from "@follow-graph/core";
import type { Env } from "./env.ts";

/** The configured database, migrated, with a core on top: what the server and the CLI share. */
export async function openGraph(env: Env): Promise<{ database: Database; core: Core }> {
  const database = await openDatabase(
    env.DATABASE_URL
      ? { driver: "postgres", url: env.DATABASE_URL }
      : { driver: "pglite", dataDir: env.PGLITE_DATA_DIR },
  );
  try {
    await database.migrate();
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
  return { database, core: createCore({ db: database.db }) };
}
