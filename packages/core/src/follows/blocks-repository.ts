import { and, asc, count, eq, notInArray } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { userBlocks, users } from "../db/schema.ts";
import type { Tx } from "../db/transaction.ts";
import { USER_SUMMARY_FIELDS, type UserSummary } from "../users/user.ts";

// The SQL of user-to-user blocks (GitHub's), a relation of its own beside follows: a row says
// that blocker_id blocks blocked_id. blocks.sql.test.ts pins the statements built here.

const summaryColumns = Object.fromEntries(USER_SUMMARY_FIELDS.map((field) => [field, users[field]])) as {
  [Field in (typeof USER_SUMMARY_FIELDS)[number]]: (typeof users)[Field];
};

const blockOf = (blockerId: number, blockedId: number) =>
  and(eq(userBlocks.blockerId, blockerId), eq(userBlocks.blockedId, blockedId));

/**
 * The users `blockerId` blocks, in the order the blocks were made (the blocker/time index),
 * without the suspended ones unless the reader may see them (`withHidden`).
 */
function blockedUsersWhere(blockerId: number, withHidden: boolean) {
  return and(
    eq(userBlocks.blockerId, blockerId),
    withHidden ? undefined : notInArray(users.state, ["blocked", "banned"]),
  );
}

export function blockedPageQuery(
  db: Db,
  blockerId: number,
  withHidden: boolean,
  limit: number,
  offset: number,
) {
  return db
    .select(summaryColumns)
    .from(userBlocks)
    .innerJoin(users, eq(users.id, userBlocks.blockedId))
    .where(blockedUsersWhere(blockerId, withHidden))
    .orderBy(asc(userBlocks.createdAt), asc(userBlocks.blockedId))
    .limit(limit)
    .offset(offset);
}

export function blockedCountQuery(db: Db, blockerId: number, withHidden: boolean) {
  return db
    .select({ n: count() })
    .from(userBlocks)
    .innerJoin(users, eq(users.id, userBlocks.blockedId))
    .where(blockedUsersWhere(blockerId, withHidden));
}

/** Either block between the pair, as two probes of the primary key. */
/** Whether `blockerId` blocks `blockedId`, with the blocked user's state for visibility. */
export function blockQuery(db: Db, blockerId: number, blockedId: number) {
  return db
    .select({ state: users.state, privateProfile: users.privateProfile })
    .from(userBlocks)
    .innerJoin(users, eq(users.id, userBlocks.blockedId))
    .where(blockOf(blockerId, blockedId));
}

export const blocksRepository = {
  /** Stores the block; false when it was already there. */
  async insertBlock(tx: Tx, blockerId: number, blockedId: number): Promise<boolean> {
    const rows = await tx
      .insert(userBlocks)
      .values({ blockerId, blockedId })
      .onConflictDoNothing()
      .returning({ blockerId: userBlocks.blockerId });
    return rows.length > 0;
  },

  /** Removes the block; false when there was none. */
  async deleteBlock(tx: Tx, blockerId: number, blockedId: number): Promise<boolean> {
    const rows = await tx
      .delete(userBlocks)
      .where(blockOf(blockerId, blockedId))
      .returning({ blockerId: userBlocks.blockerId });
    return rows.length > 0;
  },

  async selectBlock(db: Db, blockerId: number, blockedId: number) {
    const [row] = await blockQuery(db, blockerId, blockedId);
    return row ?? null;
  },

  async selectBlockedPage(db: Db, blockerId: number, withHidden: boolean, limit: number, offset: number) {
    const [rows, [counted]] = await Promise.all([
      blockedPageQuery(db, blockerId, withHidden, limit, offset),
      blockedCountQuery(db, blockerId, withHidden),
    ]);
    return { users: rows as UserSummary[], total: counted?.n ?? 0 };
  },
};
