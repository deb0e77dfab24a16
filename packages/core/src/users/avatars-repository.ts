import { type AnyColumn, eq, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { userAvatars } from "../db/schema.ts";
import type { Tx } from "../db/transaction.ts";

export interface AvatarRow {
  userId: number;
  contentType: string;
  bytes: Uint8Array;
  updatedAt: Date;
}

// The row the insert proposed: the bytes are bound once, not again for the update.
const proposed = (column: AnyColumn) => sql.raw(`excluded."${column.name}"`);

/** The statement that stores a user's avatar, replacing any earlier one (also pinned in the SQL test). */
export const upsertAvatarStatement = (executor: Db | Tx, row: AvatarRow) =>
  executor
    .insert(userAvatars)
    .values(row)
    .onConflictDoUpdate({
      target: userAvatars.userId,
      set: {
        contentType: proposed(userAvatars.contentType),
        bytes: proposed(userAvatars.bytes),
        updatedAt: proposed(userAvatars.updatedAt),
      },
    });

/** The statement that reads a user's avatar (also pinned in the SQL test). */
export const selectAvatarStatement = (db: Db, userId: number) =>
  db
    .select({
      userId: userAvatars.userId,
      contentType: userAvatars.contentType,
      bytes: userAvatars.bytes,
      updatedAt: userAvatars.updatedAt,
    })
    .from(userAvatars)
    .where(eq(userAvatars.userId, userId));

export async function upsertAvatar(tx: Tx, row: Omit<AvatarRow, "updatedAt">): Promise<void> {
  await upsertAvatarStatement(tx, { ...row, updatedAt: new Date() });
}

export async function selectAvatar(db: Db, userId: number): Promise<AvatarRow | null> {
  const [row] = await selectAvatarStatement(db, userId);
  return row ?? null;
}
