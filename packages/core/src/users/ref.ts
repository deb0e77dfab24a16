import { type SQL, sql } from "drizzle-orm";
import type { UserRef } from "./user.ts";

export type RefKind = "id" | "username";

export const refKind = (ref: UserRef): RefKind => (typeof ref === "number" ? "id" : "username");

/**
 * The SQL condition that `alias` is the user a `placeholder` names, by id or by username
 * (case-insensitively, through the unique index on lower(username)).
 */
export const refMatches = (alias: string, kind: RefKind, placeholder: string): SQL =>
  kind === "id"
    ? sql`${sql.raw(alias)}.id = ${sql.placeholder(placeholder)}::bigint`
    : sql`lower(${sql.raw(alias)}.username) = lower(${sql.placeholder(placeholder)}::text)`;

/**
 * The value to bind for a ref. Ids past 2^53 and usernames with NUL were never stored (and
 * NUL cannot even be sent to PostgreSQL), so they become values that match nobody.
 */
export const refValue = (ref: UserRef): number | string =>
  typeof ref === "number"
    ? Number.isSafeInteger(ref) && ref > 0
      ? ref
      : 0
    : ref.username.includes("\0")
      ? ""
      : ref.username;
