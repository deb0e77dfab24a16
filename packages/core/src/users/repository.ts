import { asc, count, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { follows, userCounters, users } from "../db/schema.ts";
import { couldBeText } from "../db/stored-values.ts";
import type { Tx } from "../db/transaction.ts";
import { type UserListFilter, type UserListOrder, userListOrderBy, userListWhere } from "./list-query.ts";
import { couldNameUser } from "./ref.ts";
import type { User, UserRef, UserWithCounts } from "./user.ts";
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

/*
 * LOCK ORDER. Every transaction that writes counters (or a user's state, which decides whose
 * counters count it) locks the rows of the users it touches, each user's counter row and then
 * its user row, in ascending user id, in ONE statement that is the first of the transaction to
 * lock such rows. Whatever it writes afterwards is among the rows it already holds, and any
 * further lock it takes is NOWAIT. So a transaction that waits for a user's rows holds only
 * rows of lower ids, and a cycle of waits would need ids that keep rising back to where they
 * started: no deadlock among these rows can form.
 *
 * - A follow or unfollow of (a, b) locks {a, b}: the pair in id order. A profile change of u
 *   that keeps its edges (an admin flag, a name) locks {u}.
 * - A state change of u (block, ban, deactivate, suspend and their undoing), a deletion of u
 *   and turning u's following off shift the counters of all of u's neighbours, so they lock
 *   {u} and every neighbour together, in id order, in one statement. Locking u first and its
 *   neighbours after would wait, holding u, for a neighbour n < u that a follow of (n, u)
 *   holds while waiting for u: the deadlock this order removes.
 * - Who the neighbours are is read by that statement at its start, but becomes certain only
 *   once u is locked: a follow of (x, u) that committed while the statement ran (waiting for
 *   u, say) added x unseen. So the neighbourhood is locked a second time, NOWAIT: rows already
 *   held are taken at once, a newcomer's free rows too, and a newcomer's rows held by another
 *   transaction fail the statement (lock_not_available) instead of waiting out of order; the
 *   transaction then runs again from the start, holding nothing. Once u is locked no edge of u
 *   can change (every writer of an edge locks both ends), so after the second statement every
 *   counter the change will touch is held.
 *
 * Other waits cannot close a cycle with these: a follows row is written only by a holder of
 * both its ends' rows, and tokens are written by single statements that wait for nothing else
 * (their foreign-key check takes key share, which `no key update` does not block; a user's
 * final DELETE and a token insert for that user may wait for each other, but the insert holds
 * nothing anyone else waits for). These are plain row locks, with no advisory lock, as the
 * distributed layout (DESIGN.md) requires; the retry on deadlock in `inTransaction` stays as a
 * safety net.
 */

/** What a neighbourhood lock returns of the locked user: what its writers decide on. */
const lockedUserColumns = { id: users.id, state: users.state, followingEnabled: users.followingEnabled };

/**
 * How every lock statement locks: counter row, then user row, of each user in ascending id
 * (the statement orders by id; PostgreSQL locks rows as the sorted rows come out).
 */
const LOCK_ROWS = { of: [userCounters, users] };
const LOCK_ROWS_NOWAIT = { ...LOCK_ROWS, noWait: true } as const;

/**
 * The prepared look-ups of a user with its counts, by id and by username (case-insensitively,
 * through the unique index on lower(username)); repository.sql.test.ts pins their SQL.
 */
export function prepareUserLookups(db: Db) {
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

  return { byId, byUsername };
}

export interface UserListQuery {
  filter: UserListFilter;
  order: UserListOrder;
  viewerIsAdmin: boolean;
}

/**
 * A user list's two statements: the page, and its size counted up to `countLimit` (GitLab stops
 * counting there). Built per request, not prepared: which terms the WHERE has depends on the
 * filter; repository.sql.test.ts pins their SQL.
 */
export function userListStatements(
  db: Db,
  { filter, order, viewerIsAdmin }: UserListQuery,
  { limit, offset }: { limit: number; offset: number },
  countLimit: number,
) {
  const where = userListWhere(filter, viewerIsAdmin);
  return {
    page: db
      .select(userColumns)
      .from(users)
      .where(where)
      .orderBy(...userListOrderBy(order, filter.search))
      .limit(limit)
      .offset(offset),
    total: db
      .select({ n: count() })
      .from(db.select({ id: users.id }).from(users).where(where).limit(countLimit).as("capped")),
  };
}

export function createUsersRepository(db: Db) {
  const { byId, byUsername } = prepareUserLookups(db);

  /** The user `ref` names, with its counts, or null for nobody. */
  async function selectUser(ref: UserRef): Promise<UserWithCounts | null> {
    if (!couldNameUser(ref)) return null;
    const [row] = await (typeof ref === "number"
      ? byId.execute({ id: ref })
      : byUsername.execute({ username: ref.username }));
    return row ? withCounts(row) : null;
  }

  return {
    selectUser,

    /** `selectUser` by id, for callers that only ever have one. */
    selectUserById: (id: number) => selectUser(id),

    /**
     * One page of the users `filter` holds, in `order`, with their number, which stops at
     * `countLimit`. What `filter.search` compares with depends on whether the viewer is an
     * administrator (see `userListWhere`).
     */
    async selectUsers(query: UserListQuery, limit: number, offset: number, countLimit: number) {
      const { filter } = query;
      const noText =
        (filter.username !== undefined && !couldNameUser({ username: filter.username })) ||
        (filter.search !== undefined && !couldBeText(filter.search));
      if (noText) return { users: [] as User[], total: 0 };
      const { page, total } = userListStatements(db, query, { limit, offset }, countLimit);
      const [rows, [counted]] = await Promise.all([page, total]);
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
     * Locks the given users (counter row, then user row, in ascending id: see LOCK ORDER
     * above) and returns them as they are now: locking both rows means that after waiting
     * for a lock the latest versions are read. `no key update` leaves the follows' and
     * tokens' foreign-key checks (key share) unblocked.
     */
    async lockUsers(tx: Tx, ids: number[]) {
      // An id that names nobody has no rows to lock (and would fail as a bigint).
      const stored = ids.filter((id) => couldNameUser(id));
      if (!stored.length) return [];
      const rows = await tx
        .select({ ...userColumns, followeeRows: userCounters.followeeRows })
        .from(userCounters)
        .innerJoin(users, eq(users.id, userCounters.userId))
        .where(inArray(userCounters.userId, stored))
        .orderBy(asc(userCounters.userId))
        .for("no key update", LOCK_ROWS);
      return rows as (User & { followeeRows: number })[];
    },

    /**
     * Locks a user together with everyone on the other end of its edges, for a change that
     * shifts the neighbours' counters (a state change, a deletion, turning following off),
     * and returns the user as it is now (null if nobody has that id). See LOCK ORDER above
     * for why this takes two statements; the second may fail with lock_not_available, which
     * `inTransaction` answers by running the whole transaction again.
     */
    async lockUserWithNeighbours(tx: Tx, id: number) {
      if (!couldNameUser(id)) return null;
      // The user and both ends of its edges as one id set, so each is found by its index.
      const neighbourhood = inArray(
        userCounters.userId,
        sql`(select ${id}::bigint union all
          select ${follows.followeeId} from ${follows} where ${follows.followerId} = ${id} union all
          select ${follows.followerId} from ${follows} where ${follows.followeeId} = ${id})`,
      );
      const neighbours = () =>
        tx
          .select({ id: userCounters.userId })
          .from(userCounters)
          .innerJoin(users, eq(users.id, userCounters.userId))
          .where(neighbourhood)
          .orderBy(asc(userCounters.userId));
      // Counted, not returned: a popular user's neighbours are many, and only the locks matter.
      const lock = (wait: boolean) => {
        const locking = wait
          ? neighbours().for("no key update", LOCK_ROWS)
          : neighbours().for("no key update", LOCK_ROWS_NOWAIT);
        return tx.execute(sql`select count(*) from (${locking}) as locked`);
      };
      await lock(true);
      await lock(false);
      // Read after the locks, so the latest version; nobody can change it while they are held.
      const [user] = await tx.select(lockedUserColumns).from(users).where(eq(users.id, id));
      return user ?? null;
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
