import { basename } from "node:path";
import { type Core, createCore, type Database, openDatabase } from "@follow-graph/core";
import type { Env } from "./env.ts";

/**
 * What this process is, as a lock on the embedded store names it to a second one: the CLI
 * command (its first two words, which carry no secret) or the server.
 */
function describeThisProcess(): string {
  const script = basename(process.argv[1] ?? "");
  if (script.startsWith("cli.")) {
    const args = process.argv.slice(2);
    const firstOption = args.findIndex((word) => word.startsWith("-"));
    const command = args.slice(0, Math.min(2, firstOption === -1 ? args.length : firstOption));
    return `pnpm cli ${command.join(" ")}`.trim();
  }
  return "the follow-graph server";
}

/**
 * The configured database, migrated, with a core on top: what the server and the CLI share.
 * `onUnexpectedError` hears the driver errors the core answers `unavailable` for.
 */
export async function openGraph(
  env: Env,
  holder: string = describeThisProcess(),
  { onUnexpectedError }: { onUnexpectedError?: (error: unknown) => void } = {},
): Promise<{ database: Database; core: Core }> {
  const database = await openDatabase(
    env.DATABASE_URL
      ? {
          driver: "postgres",
          url: env.DATABASE_URL,
          maxConnections: env.DATABASE_POOL_SIZE,
          ...(env.DATABASE_REPLICA_URLS ? { replicaUrls: env.DATABASE_REPLICA_URLS } : {}),
        }
      : { driver: "pglite", dataDir: env.PGLITE_DATA_DIR, durability: env.PGLITE_DURABILITY, holder },
  );
  try {
    await database.migrate();
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
  return {
    database,
    core: createCore({ db: database.db, ...(onUnexpectedError ? { onUnexpectedError } : {}) }),
  };
}
