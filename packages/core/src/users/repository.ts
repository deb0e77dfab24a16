import { and, asc, count, desc, eq, getTableColumns, inArray, notInArray, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { follows, userCounters, users } from "../db/schema.ts";
import type { Tx } from "../db/transaction.ts";
import type { User, UserWithCounts } from "./user.ts";
import type { NewUser, UserChanges } from "./validation.ts";

const userColumns = getTableColumns(users);

const countColumns = {
  followers: userCounters.followers,
  following: userCounters.following,
  followerRows: userCounters.followerRows,
  followeeRows: userCounters.followeeRows,
};

type CountedRow = User & { followers: number; following: number; followerRows: number; followeeRows: number };

const withCounts = ({
  followers,
  following,
  followerRows,
  followeeRows,
  ...user
}: CountedRow): UserWithCounts => ({
  ...user,
  counts: { followers, following },
  edges: { followers: followerRows, following: followeeRows },
});

// PostgreSQL text cannot hold NUL, so a look-up with one would fail in the driver; no
// stored username contains one anyway, so such a name simply matches nobody.
export const couldBeUsername = (username: string) => !username.includes("\0");
// Likewise an id past 2^53 (or not a whole number) was never assigned and names nobody.
const couldBeId = (id: number) => Number.isSafeInteger(id) && id > 0;

export function createUsersRepository(db: Db) {
  const byId = db
    .select({ ...userColumns, ...countColumns })
    .from(users)
    .innerJoin(userCounters, eq(userCounters.userId, users.id))
    .where(eq(users.id, sql.placeholder("id")))
    .prepare("users_by_id");

  const byUsername = db
    .select({ ...userColumns, ...countColumns })
    .from(users)
    .innerJoin(userCounters, eq(userCounters.userId, users.id))
    .where(eq(sql`lower(${users.username})`, sql`lower(${sql.placeholder("username")})`))
    .prepare("users_by_username");

  const isFollowing = db
    .select({ one: sql<number>`1` })
    .from(follows)
    .where(
      and(
        eq(follows.followerId, sql.placeholder("follower")),
        eq(follows.followeeId, sql.placeholder("followee")),
      ),
    )
    .prepare("follows_exists");

  return {
    async selectUserById(id: number): Promise<UserWithCounts | null> {
      if (!couldBeId(id)) return null;
      const [row] = await byId.execute({ id });
      return row ? withCounts(row) : null;
    },

    async selectUserByUsername(username: string): Promise<UserWithCounts | null> {
      if (!couldBeUsername(username)) return null;
      const [row] = await byUsername.execute({ username });
      return row ? withCounts(row) : null;
    },

    async selectFollowExists(followerId: number, followeeId: number): Promise<boolean> {
      return (await isFollowing.execute({ follower: followerId, followee: followeeId })).length > 0;
    },

    /** Users newest first, as GitLab's `GET /users` lists them; the count stops at `countLimit`. */
    async selectUsers(
      filter: { username?: string; excludeStates: User["state"][] },
      limit: number,
      offset: number,
      countLimit: number,
    ) {
      const where = and(
        filter.username === undefined
          ? undefined
          : eq(sql`lower(${users.username})`, filter.username.toLowerCase()),
        filter.excludeStates.length ? notInArray(users.state, filter.excludeStates) : undefined,
      );
      const [rows, [counted]] = await Promise.all([
        db.select(userColumns).from(users).where(where).orderBy(desc(users.id)).limit(limit).offset(offset),
        db
          .select({ n: count() })
          .from(db.select({ id: users.id }).from(users).where(where).limit(countLimit).as("capped")),
      ]);
      return { users: rows as User[], total: counted?.n ?? 0 };
    },

    async insertUser(tx: Tx, input: NewUser & { id?: number; state?: User["state"] }): Promise<User> {
      const [user] = await tx.insert(users).values(input).returning(userColumns);
      await tx.insert(userCounters).values({ userId: user!.id });
      return user as User;
    },

    async updateUser(
      tx: Tx,
      id: number,
      changes: UserChanges & { state?: User["state"] },
    ): Promise<User | null> {
      const [user] = await tx
        .update(users)
        .set({ ...changes, updatedAt: new Date() })
        .where(eq(users.id, id))
        .returning(userColumns);
      return (user as User | undefined) ?? null;
    },

    async deleteUser(tx: Tx, id: number): Promise<void> {
      await tx.delete(users).where(eq(users.id, id));
    },

    /**
     * Locks the given users' rows and counter rows, in id order so that two transactions
     * locking overlapping pairs cannot deadlock, and returns the users as they are now:
     * locking both rows means that after waiting for a lock the latest versions are read.
     * `no key update` leaves the follows' foreign-key checks (key share) unblocked.
     */
    async lockUsers(tx: Tx, ids: number[]) {
      const rows = await tx
        .select({ ...userColumns, followeeRows: userCounters.followeeRows })
        .from(userCounters)
        .innerJoin(users, eq(users.id, userCounters.userId))
        .where(inArray(userCounters.userId, ids))
        .orderBy(asc(userCounters.userId))
        .for("no key update", { of: [userCounters, users] });
      return rows as (User & { followeeRows: number })[];
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
