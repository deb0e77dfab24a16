import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { follows, userCounters } from "../db/schema.ts";
import type { Tx } from "../db/transaction.ts";
import { prepareToggle } from "./follow-statement.ts";

export interface CounterDelta {
  userId: number;
  followers?: number;
  following?: number;
  followeeRows?: number;
  followerRows?: number;
}

/**
 * A user entering or leaving the active state appears in or vanishes from every list it is
 * on: shift the counts of everyone on the other end of its edges by `delta`. The caller
 * holds them all (`lockUserWithNeighbours`), so these updates never wait.
 */
async function shiftCountsOfNeighbours(tx: Tx, userId: number, delta: 1 | -1): Promise<void> {
  await tx.execute(sql`
    update ${userCounters} as c set followers = c.followers + ${delta}::int
    from ${follows} as f where f.follower_id = ${userId} and c.user_id = f.followee_id`);
  await tx.execute(sql`
    update ${userCounters} as c set following = c.following + ${delta}::int
    from ${follows} as f where f.followee_id = ${userId} and c.user_id = f.follower_id`);
}

export function createFollowsRepository(db: Db) {
  return {
    /** A follow or unfollow, caller and rules included, as one prepared call (follow-statement.ts). */
    toggleFollow: prepareToggle(db),

    async deleteFollow(tx: Tx, followerId: number, followeeId: number): Promise<boolean> {
      const rows = await tx
        .delete(follows)
        .where(and(eq(follows.followerId, followerId), eq(follows.followeeId, followeeId)))
        .returning({ followerId: follows.followerId });
      return rows.length > 0;
    },

    /** Applies several users' counter changes in one statement. */
    async addToCounters(tx: Tx, deltas: CounterDelta[]): Promise<void> {
      const values = sql.join(
        deltas.map(
          (d) =>
            sql`(${d.userId}::bigint, ${d.followers ?? 0}::int, ${d.following ?? 0}::int, ${d.followeeRows ?? 0}::int, ${d.followerRows ?? 0}::int)`,
        ),
        sql`, `,
      );
      await tx.execute(sql`
        update ${userCounters} as c
        set followers = c.followers + d.followers,
            following = c.following + d.following,
            followee_rows = c.followee_rows + d.followee_rows,
            follower_rows = c.follower_rows + d.follower_rows
        from (values ${values}) as d(user_id, followers, following, followee_rows, follower_rows)
        where c.user_id = d.user_id`);
    },

    shiftCountsOfNeighbours,

    /**
     * Deletes every edge touching the user, both ways, keeping all counters exact; the caller
     * holds the user and its neighbours (`lockUserWithNeighbours`).
     */
    async deleteAllFollowsOf(tx: Tx, userId: number, userIsListed: boolean): Promise<void> {
      if (userIsListed) await shiftCountsOfNeighbours(tx, userId, -1);
      await tx.execute(sql`
        update ${userCounters} as c set followee_rows = c.followee_rows - 1
        from ${follows} as f where f.followee_id = ${userId} and c.user_id = f.follower_id`);
      await tx.execute(sql`
        update ${userCounters} as c set follower_rows = c.follower_rows - 1
        from ${follows} as f where f.follower_id = ${userId} and c.user_id = f.followee_id`);
      await tx.execute(sql`delete from ${follows} where follower_id = ${userId} or followee_id = ${userId}`);
      await tx
        .update(userCounters)
        .set({ followers: 0, following: 0, followeeRows: 0, followerRows: 0 })
        .where(eq(userCounters.userId, userId));
    },
  };
}

export type FollowsRepository = ReturnType<typeof createFollowsRepository>;
