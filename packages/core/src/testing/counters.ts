import { sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { rowsOf } from "../db/rows.ts";

/**
 * Every user whose counters differ from what COUNT(*) over the stored edges says, by the
 * schema's definitions (followers/following count edges whose other end is active, the
 * *_rows count every edge), and every user without a counter row: empty while all are exact.
 */
export async function counterDrift(db: Db): Promise<Record<string, unknown>[]> {
  return rowsOf(
    await db.execute(sql`
      with counted as (
        select u.id, c.user_id as counter_of, c.followers, c.following, c.followee_rows, c.follower_rows,
          (select count(*) from follows f join users o on o.id = f.follower_id
            where f.followee_id = u.id and o.state = 'active')::int as real_followers,
          (select count(*) from follows f join users o on o.id = f.followee_id
            where f.follower_id = u.id and o.state = 'active')::int as real_following,
          (select count(*) from follows f where f.follower_id = u.id)::int as real_followee_rows,
          (select count(*) from follows f where f.followee_id = u.id)::int as real_follower_rows
        from users u left join user_counters c on c.user_id = u.id)
      select * from counted
      where counter_of is null or followers <> real_followers or following <> real_following
        or followee_rows <> real_followee_rows or follower_rows <> real_follower_rows
      order by id`),
  );
}
