import { and, asc, desc, eq, gte, ilike, inArray, lte, notInArray, or, type SQL, sql } from "drizzle-orm";
import { users } from "../db/schema.ts";
import type { UserState } from "./user.ts";

/** Which users a user list holds; every field narrows it, and an empty filter holds everyone. */
export interface UserListFilter {
  /** Exactly this username, case-insensitively (through the index on lower(username)). */
  username?: string;
  /**
   * Users whose name or username contains this text, case-insensitively, or whose public email
   * is this address (for administrators, also whose primary email is). Blank matches everyone.
   */
  search?: string;
  /** Only users in one of these states. */
  states?: readonly UserState[];
  /** No users in any of these states. */
  exceptStates?: readonly UserState[];
  /** Only administrators (true) or only everyone else (false). */
  isAdmin?: boolean;
  createdAfter?: Date;
  createdBefore?: Date;
}

export const USER_LIST_FIELDS = ["id", "name", "username", "createdAt", "updatedAt"] as const;
export type UserListField = (typeof USER_LIST_FIELDS)[number];

/**
 * A list's order: by a field (ties broken by id, in the same direction), or by how well each user
 * matches the search (its public email, then username, then name equal to the search; then by
 * name and id, ascending), as GitLab orders a search for users who are not administrators.
 */
export type UserListOrder = { by: UserListField; direction: "asc" | "desc" } | "best_match";

/** What the search compares with: trimmed, without a leading `@` (as GitLab reads a mention). */
export const searchTermOf = (search: string | undefined) => search?.trim().replace(/^@/, "") || undefined;

/** `%`, `_` and `\` stand for themselves in the pattern (backslash is ILIKE's default escape). */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The list's WHERE, for a viewer who is (or is not) an administrator. */
export function userListWhere(filter: UserListFilter, viewerIsAdmin: boolean): SQL | undefined {
  const term = searchTermOf(filter.search);
  const pattern = term === undefined ? undefined : `%${likeLiteral(term)}%`;
  const lowerTerm = term?.toLowerCase();
  return and(
    filter.username === undefined
      ? undefined
      : eq(sql`lower(${users.username})`, filter.username.toLowerCase()),
    pattern === undefined || lowerTerm === undefined
      ? undefined
      : or(
          ilike(users.name, pattern),
          ilike(users.username, pattern),
          eq(sql`lower(${users.publicEmail})`, lowerTerm),
          viewerIsAdmin ? eq(sql`lower(${users.email})`, lowerTerm) : undefined,
        ),
    filter.states === undefined ? undefined : inArray(users.state, [...filter.states]),
    filter.exceptStates?.length ? notInArray(users.state, [...filter.exceptStates]) : undefined,
    filter.isAdmin === undefined ? undefined : eq(users.isAdmin, filter.isAdmin),
    filter.createdAfter === undefined ? undefined : gte(users.createdAt, filter.createdAfter),
    filter.createdBefore === undefined ? undefined : lte(users.createdAt, filter.createdBefore),
  );
}

const FIELD_COLUMNS = {
  id: users.id,
  name: users.name,
  username: users.username,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
} as const;

/** The list's ORDER BY terms; `best_match` without a search is newest first. */
export function userListOrderBy(order: UserListOrder, search: string | undefined): SQL[] {
  if (order === "best_match") {
    const term = searchTermOf(search)?.toLowerCase();
    if (term === undefined) return [desc(users.id)];
    const rank = sql`case
      when lower(${users.publicEmail}) = ${term} then 0
      when lower(${users.username}) = ${term} then 1
      when lower(${users.name}) = ${term} then 2
      else 3 end`;
    return [asc(rank), asc(users.name), asc(users.id)];
  }
  const direction = order.direction === "asc" ? asc : desc;
  return order.by === "id"
    ? [direction(users.id)]
    : [direction(FIELD_COLUMNS[order.by]), direction(users.id)];
}
