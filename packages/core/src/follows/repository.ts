import { and, eq, type SQLWrapper, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { follows, userCounters, users } from "../db/schema.ts";
import type { Tx } from "../db/transaction.ts";
import { userSummaryColumns } from "../users/repository.ts";
import type { UserSummary } from "../users/user.ts";
import type { Direction, RowKey, Seek } from "./cursor.ts";

/** GitLab lists by the listed users' ids; GitHub by follow time, oldest first. */
export type ListOrder = "user_id" | "followed_at";

/**
 * A follow's time in whole microseconds since the epoch, exactly as stored: JavaScript dates
 * keep only milliseconds, and a seek from a rounded time would repeat or skip rows.
 */
const micros = (at: SQLWrapper) => sql<number>`(extract(epoch from ${at}) * 1000000)::bigint`.mapWith(Number);

/** The timestamptz literal for `micros` microseconds since the epoch, to the microsecond. */
function timestampOf(micros: number): string {
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  return `${iso.slice(0, 23)}${String(micros % 1000).padStart(3, "0")}Z`;
}

export interface CounterDelta {
  userId: number;
  followers?: number;
  following?: number;
  followeeRows?: number;
  followerRows?: number;
}

/** How a page's first row is found. */
export type ListStart =
  /** Skip rows in the list order, visiting each skipped row's user to know whether it shows. */
  | { offset: number; everyRowShows?: false }
  /** Skip rows in the covering index alone: right only while no row of the list is hidden. */
  | { offset: number; everyRowShows: true }
  | Seek;

/** A list item, with its place in the list so the next page can seek from it. */
export type ListedUser = UserSummary & { key: RowKey };

type Mode = "offset" | "index_skip" | "after" | "before";

export function createFollowsRepository(db: Db) {
  // One prepared statement per list, order and way of finding the page. Each walks one
  // covering index in order and joins only the page's users, skipping inactive ones.
  const prepareList = (direction: Direction, order: ListOrder, mode: Mode) => {
    const owner = direction === "followers" ? follows.followeeId : follows.followerId;
    const listed = direction === "followers" ? follows.followerId : follows.followeeId;
    const ownerIs = eq(owner, sql.placeholder("owner"));
    const keyOf = (at: SQLWrapper, id: SQLWrapper) =>
      order === "user_id" ? sql`${id}` : sql`(${at}, ${id})`;
    const bound = keyOf(sql`${sql.placeholder("at")}::timestamptz`, sql`${sql.placeholder("id")}::bigint`);
    const descending = mode === "before";
    const sortBy = (at: SQLWrapper, id: SQLWrapper) => {
      const keys = order === "user_id" ? [id] : [at, id];
      return keys.map((k) => (descending ? sql`${k} desc` : sql`${k} asc`));
    };
    const columns = { ...userSummaryColumns, followedAtMicros: micros(follows.createdAt) };

    if (mode === "index_skip") {
      const page = db
        .select({ listedId: sql<number>`${listed}`.as("listed_id"), createdAt: follows.createdAt })
        .from(follows)
        .where(ownerIs)
        .orderBy(...sortBy(follows.createdAt, listed))
        .limit(sql.placeholder("limit"))
        .offset(sql.placeholder("offset"))
        .as("page");
      return db
        .select({ ...userSummaryColumns, followedAtMicros: micros(page.createdAt) })
        .from(page)
        .innerJoin(users, eq(users.id, page.listedId))
        .where(eq(users.state, "active"))
        .orderBy(...sortBy(page.createdAt, page.listedId))
        .prepare(`${direction}_by_${order}_${mode}`);
    }
    const seek =
      mode === "after"
        ? sql`${keyOf(follows.createdAt, listed)} > ${bound}`
        : mode === "before"
          ? sql`${keyOf(follows.createdAt, listed)} < ${bound}`
          : undefined;
    const query = db
      .select(columns)
      .from(follows)
      .innerJoin(users, eq(users.id, listed))
      .where(and(ownerIs, seek, eq(users.state, "active")))
      .orderBy(...sortBy(follows.createdAt, listed))
      .limit(sql.placeholder("limit"));
    return (mode === "offset" ? query.offset(sql.placeholder("offset")) : query).prepare(
      `${direction}_by_${order}_${mode}`,
    );
  };
  const MODES: Mode[] = ["offset", "index_skip", "after", "before"];
  const prepareAll = (direction: Direction, order: ListOrder) =>
    Object.fromEntries(MODES.map((mode) => [mode, prepareList(direction, order, mode)])) as Record<
      Mode,
      ReturnType<typeof prepareList>
    >;
  const lists = {
    followers: {
      user_id: prepareAll("followers", "user_id"),
      followed_at: prepareAll("followers", "followed_at"),
    },
    following: {
      user_id: prepareAll("following", "user_id"),
      followed_at: prepareAll("following", "followed_at"),
    },
  };

  return {
    /** One page of a list, in the list's order, starting where `start` says. */
    async selectList(
      direction: Direction,
      ownerId: number,
      order: ListOrder,
      limit: number,
      start: ListStart,
    ): Promise<ListedUser[]> {
      const statements = lists[direction][order];
      const rows =
        "toward" in start
          ? await statements[start.toward].execute({
              owner: ownerId,
              limit,
              at: timestampOf(start.key.followedAt),
              id: start.key.userId,
            })
          : await statements[start.everyRowShows ? "index_skip" : "offset"].execute({
              owner: ownerId,
              limit,
              offset: start.offset,
            });
      // A backward seek reads the rows nearest the bound first; the page is them, in list order.
      if ("toward" in start && start.toward === "before") rows.reverse();
      return rows.map(({ followedAtMicros, ...user }) => ({
        ...user,
        key: { followedAt: followedAtMicros, userId: user.id },
      }));
    },

    async insertFollow(tx: Tx, followerId: number, followeeId: number): Promise<boolean> {
      const rows = await tx
        .insert(follows)
        .values({ followerId, followeeId })
        .onConflictDoNothing()
        .returning({ followerId: follows.followerId });
      return rows.length > 0;
    },

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

    /**
     * A user entering or leaving the active state appears in or vanishes from every list it
     * is on: shift the counts of everyone on the other end of its edges by `delta`.
     */
    async shiftCountsOfNeighbours(tx: Tx, userId: number, delta: 1 | -1): Promise<void> {
      await tx.execute(sql`
        update ${userCounters} as c set followers = c.followers + ${delta}::int
        from ${follows} as f where f.follower_id = ${userId} and c.user_id = f.followee_id`);
      await tx.execute(sql`
        update ${userCounters} as c set following = c.following + ${delta}::int
        from ${follows} as f where f.followee_id = ${userId} and c.user_id = f.follower_id`);
    },

    /** Deletes every edge touching the user, both ways, keeping all counters exact. */
    async deleteAllFollowsOf(tx: Tx, userId: number, userIsListed: boolean): Promise<void> {
      if (userIsListed) await this.shiftCountsOfNeighbours(tx, userId, -1);
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
