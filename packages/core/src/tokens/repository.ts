import {
  and,
  count,
  eq,
  getTableColumns,
  gt,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  ne,
  or,
  sql,
} from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { prepareJson } from "../db/json-statement.ts";
import { tokens } from "../db/schema.ts";
import type { Tx } from "../db/transaction.ts";
import type { User, Viewer } from "../users/user.ts";
import { type CallerJson, callerFrom, callerSql } from "./caller-sql.ts";

const { digest: _digest, ...tokenColumns } = getTableColumns(tokens);
export type Token = Omit<typeof tokens.$inferSelect, "digest">;

/** The SQL of `tokens_by_digest`: a token and its owner read on their own, by the lookup the hot reads embed. */
export const tokensByDigestSql = () => sql`
      select ${callerSql.json} as r
      ${callerSql.from}`;

/** Which of a user's tokens a list shows: GitLab's `state` filter, judged on `today` (`YYYY-MM-DD`). */
export interface TokenFilter {
  state: "all" | "active" | "inactive";
  today: string;
}

/** Active tokens are unrevoked and unexpired as `isExpired` judges: one stops working on its expiry day. */
function inState({ state, today }: TokenFilter) {
  if (state === "active")
    return and(isNull(tokens.revokedAt), or(isNull(tokens.expiresAt), gt(tokens.expiresAt, today)));
  if (state === "inactive") return or(isNotNull(tokens.revokedAt), lte(tokens.expiresAt, today));
  return undefined;
}

/** The user's impersonation tokens, all of them or those `filter` takes. */
const impersonationTokensOf = (userId: number, filter?: TokenFilter) =>
  and(eq(tokens.userId, userId), eq(tokens.impersonation, true), filter && inState(filter));

/** A page of the user's impersonation tokens, oldest first, as GitLab lists them. */
export const impersonationTokensPage = (
  db: Db,
  userId: number,
  filter: TokenFilter,
  page: { limit: number; offset: number },
) =>
  db
    .select(tokenColumns)
    .from(tokens)
    .where(impersonationTokensOf(userId, filter))
    .orderBy(tokens.id)
    .limit(page.limit)
    .offset(page.offset);

export function createTokensRepository(db: Db) {
  const byDigest = prepareJson<CallerJson>(db, "tokens_by_digest", tokensByDigestSql());

  return {
    async selectTokenByDigest(digest: Uint8Array): Promise<{ token: Token; user: User } | null> {
      return callerFrom(await byDigest({ digest }));
    },

    async insertToken(values: typeof tokens.$inferInsert, tx: Db | Tx = db): Promise<Token> {
      const [token] = await tx.insert(tokens).values(values).returning(tokenColumns);
      return token as Token;
    },

    async selectTokenById(id: number): Promise<Token | null> {
      const [token] = await db.select(tokenColumns).from(tokens).where(eq(tokens.id, id));
      return (token as Token | undefined) ?? null;
    },

    /** The user's unrevoked tokens called `name`, oldest first. */
    async selectUnrevokedTokensNamed(userId: number, name: string, tx: Db | Tx = db): Promise<Token[]> {
      return (await tx
        .select(tokenColumns)
        .from(tokens)
        .where(and(eq(tokens.userId, userId), eq(tokens.name, name), isNull(tokens.revokedAt)))
        .orderBy(tokens.id)) as Token[];
    },

    /** Revokes the user's unrevoked tokens called any of `names`, except the one with id `keepId`. */
    async revokeTokensNamedExcept(userId: number, names: string[], keepId: number | null): Promise<number> {
      const rows = await db
        .update(tokens)
        .set({ revokedAt: new Date() })
        .where(
          and(
            eq(tokens.userId, userId),
            inArray(tokens.name, names),
            isNull(tokens.revokedAt),
            keepId === null ? undefined : ne(tokens.id, keepId),
          ),
        )
        .returning({ id: tokens.id });
      return rows.length;
    },

    /** A page of the user's impersonation tokens, and how many `filter` takes (up to `countLimit`). */
    async selectImpersonationTokens(
      userId: number,
      filter: TokenFilter,
      page: { limit: number; offset: number },
      countLimit: number,
    ): Promise<{ tokens: Token[]; total: number }> {
      const [rows, [counted]] = await Promise.all([
        impersonationTokensPage(db, userId, filter, page),
        db
          .select({ n: count() })
          .from(
            db
              .select({ id: tokens.id })
              .from(tokens)
              .where(impersonationTokensOf(userId, filter))
              .limit(countLimit)
              .as("capped"),
          ),
      ]);
      return { tokens: rows as Token[], total: counted?.n ?? 0 };
    },

    async selectImpersonationToken(userId: number, id: number): Promise<Token | null> {
      const [token] = await db
        .select(tokenColumns)
        .from(tokens)
        .where(and(eq(tokens.id, id), impersonationTokensOf(userId)));
      return (token as Token | undefined) ?? null;
    },

    /**
     * Revokes the user's impersonation token `id`, or with no `id` every one still unrevoked;
     * returns the ids it found. One already revoked keeps its first revocation time
     * (`coalesce`), so revoking it again by id finds it and changes nothing.
     */
    async revokeImpersonationTokens(userId: number, id?: number): Promise<number[]> {
      const rows = await db
        .update(tokens)
        .set({ revokedAt: sql`coalesce(${tokens.revokedAt}, now())` })
        .where(
          and(impersonationTokensOf(userId), id === undefined ? isNull(tokens.revokedAt) : eq(tokens.id, id)),
        )
        .returning({ id: tokens.id });
      return rows.map((row) => row.id);
    },

    async countTokensOfUser(userId: number): Promise<number> {
      const [row] = await db.select({ n: count() }).from(tokens).where(eq(tokens.userId, userId));
      return row?.n ?? 0;
    },

    /**
     * Revokes the token `id` if `by` may (its owner, or an administrator; anyone when `by` is
     * null), in one statement; true if the token exists and `by` may revoke it. A token already
     * revoked keeps the time it was first revoked: `coalesce` makes the write a no-op then, so
     * that asking twice answers the same.
     */
    async revokeToken(id: number, by: NonNullable<Viewer> | null): Promise<boolean> {
      const rows = await db
        .update(tokens)
        .set({ revokedAt: sql`coalesce(${tokens.revokedAt}, now())` })
        .where(and(eq(tokens.id, id), by && !by.isAdmin ? eq(tokens.userId, by.id) : undefined))
        .returning({ id: tokens.id });
      return rows.length > 0;
    },

    /** Records use at most once per `granularityMs`, so reads do not each cost a write. */
    async touchToken(id: number, now: Date, granularityMs: number): Promise<void> {
      await db
        .update(tokens)
        .set({ lastUsedAt: now })
        .where(
          and(
            eq(tokens.id, id),
            or(isNull(tokens.lastUsedAt), lt(tokens.lastUsedAt, new Date(now.getTime() - granularityMs))),
          ),
        );
    },
  };
}

export type TokensRepository = ReturnType<typeof createTokensRepository>;
