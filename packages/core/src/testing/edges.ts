import { sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { rowsOf } from "../db/rows.ts";

/** Whether the edge is stored, shown in lists or not: what a test checks a write did. */
export async function edgeStored(db: Db, followerId: number, followeeId: number): Promise<boolean> {
  const found = await db.execute(
    sql`select 1 from follows where follower_id = ${followerId}::bigint and followee_id = ${followeeId}::bigint`,
  );
  return rowsOf(found).length > 0;
}
