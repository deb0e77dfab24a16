import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { couldBeId, couldBeText, parseId } from "../db/stored-values.ts";
import type { UserRef } from "./user.ts";

/**
 * How a dialect names a user in one place: by id only (GitLab's `:id`, GitHub's
 * `/user/{id}`), by username only (GitHub's `{username}`), or either, digits meaning an id
 * (GitLab's Sudo, the CLI's `--user`).
 */
export type RefForm = "id" | "username" | "id_or_username";

/**
 * The user a client's `text` names where `form` is taken, or null when the text cannot name
 * one there: an id form that is not digits, or digits past 2^53 (see `parseId`). Anything else
 * is a ref, even one that names nobody (id 0, a name with NUL): every look-up answers those
 * as nobody (`couldNameUser`), after identifying the caller as usual.
 */
export function parseUserRef(text: string, form: "id"): number | null;
export function parseUserRef(text: string, form: "username"): { username: string };
export function parseUserRef(text: string, form: RefForm): UserRef | null;
export function parseUserRef(text: string, form: RefForm): UserRef | null {
  if (form === "username") return { username: text };
  if (form === "id" || /^\d+$/.test(text)) return parseId(text);
  return { username: text };
}

/**
 * An id no user has: what a dialect hands the core for a reference that names nobody when
 * the caller must still be identified first (the answer is then `user_not_found`).
 */
export const NOBODY: UserRef = 0;

/**
 * Whether `ref` could name a stored user: an id that could be stored, or a username that
 * PostgreSQL text could hold. Every look-up answers a ref that could not as nobody, without
 * sending it to the database.
 */
export const couldNameUser = (ref: UserRef): boolean =>
  typeof ref === "number" ? couldBeId(ref) : couldBeText(ref.username);

export type RefKind = "id" | "username";

export const refKind = (ref: UserRef): RefKind => (typeof ref === "number" ? "id" : "username");

/**
 * The SQL condition that `user` (the users table, or an alias of it) is the user a
 * `placeholder` names, by id or by username (case-insensitively, through the unique index on
 * lower(username)).
 */
export const refMatches = (
  user: { id: PgColumn; username: PgColumn },
  kind: RefKind,
  placeholder: string,
): SQL =>
  kind === "id"
    ? sql`${user.id} = ${sql.placeholder(placeholder)}::bigint`
    : sql`lower(${user.username}) = lower(${sql.placeholder(placeholder)}::text)`;

/** The value to bind for a ref in `refMatches`: one that matches nobody when the ref names nobody. */
export const refValue = (ref: UserRef): number | string =>
  couldNameUser(ref) ? (typeof ref === "number" ? ref : ref.username) : typeof ref === "number" ? 0 : "";
