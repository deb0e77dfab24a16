import { sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";

/**
 * Fresh statistics and visibility maps after a bulk import, as the seed refreshes them: PGlite
 * runs no autovacuum, so the plans of a graph imported into an empty store would otherwise be
 * made for an empty one (and index-only scans would visit the heap).
 */
export async function refreshGraphStatistics(deps: { db: Db }): Promise<void> {
  await deps.db.execute(sql`vacuum analyze users, user_counters, follows, user_identities`);
}
