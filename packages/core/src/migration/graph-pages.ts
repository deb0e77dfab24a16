import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { rowsOf } from "../db/rows.ts";
import { DomainError } from "../errors/domain-error.ts";
import type { ImportIdentities, KeysetPage, StoredEdge, StoredUser } from "./types.ts";

// Whole-graph reads for exports and migrations, a page at a time in key order: each page
// seeks past the last key of the one before (the follows' primary key, the users' id), so a
// deep page costs what the first does and memory stays one page.

export interface PageOptions {
  /** The `next` of the page before; absent for the first. */
  after?: string | null;
  /** Rows per page, 1 to 10,000 (default 1,000). */
  limit?: number;
  /** Only the users so named (logins, case-insensitively), or the edges touching them. */
  users?: string[];
}

const MAX_PAGE = 10_000;

function pageSize(limit: number | undefined): number {
  const size = limit ?? 1000;
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_PAGE)
    throw new DomainError(
      "invalid_input",
      { fields: { limit: [{ problem: "wrong_type" }] } },
      `limit must be 1 to ${MAX_PAGE}`,
    );
  return size;
}

/** The cursor's ids, or invalid_cursor: it is ours, `id` or `follower.followee`. */
function cursorIds(after: string | null | undefined, parts: number): number[] | null {
  if (after === undefined || after === null) return null;
  const ids = after.split(".").map(Number);
  if (ids.length !== parts || !ids.every((id) => Number.isSafeInteger(id) && id > 0))
    throw new DomainError("invalid_cursor");
  return ids;
}

/** The ids of the users named, or user_not_found naming the first unknown one. */
async function idsOf(db: Db, logins: string[]): Promise<number[]> {
  const keys = [...new Set(logins.map((login) => login.toLowerCase()))];
  const rows = rowsOf<{ key: string; id: string | number | null }>(
    await db.execute(sql`
      select k.key, u.id from json_array_elements_text(${JSON.stringify(keys)}::json) as k(key)
      left join users u on lower(u.username) = k.key`),
  );
  const unknown = rows.find((r) => r.id === null);
  if (unknown)
    throw new DomainError(
      "user_not_found",
      `No user '${logins.find((l) => l.toLowerCase() === unknown.key)}'`,
    );
  return rows.map((r) => Number(r.id));
}

const idList = (ids: number[]) =>
  sql`(select json_array_elements_text(${JSON.stringify(ids)}::json)::bigint)`;

/** Every edge (or those touching `users`), in (follower id, followee id) order, by logins. */
export async function selectEdgePage(
  deps: { db: Db },
  options: PageOptions = {},
): Promise<KeysetPage<StoredEdge>> {
  const limit = pageSize(options.limit);
  const after = cursorIds(options.after, 2);
  const conditions: SQL[] = [];
  if (after)
    conditions.push(sql`(f.follower_id, f.followee_id) > (${after[0]}::bigint, ${after[1]}::bigint)`);
  if (options.users) {
    const ids = idList(await idsOf(deps.db, options.users));
    conditions.push(sql`(f.follower_id in ${ids} or f.followee_id in ${ids})`);
  }
  const where = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  // The page is cut from the follows' primary key first and only its rows are joined to users
  // by id: joined before the limit, the planner merge-joined \`users\` from id 1 on every page,
  // so each page cost more than the one before.
  const rows = rowsOf<{
    follower_id: string;
    followee_id: string;
    follower: string;
    followee: string;
    at: string | Date;
  }>(
    await deps.db.execute(sql`
      select p.follower_id, p.followee_id, a.username as follower, b.username as followee, p.created_at as at
      from (
        select f.follower_id, f.followee_id, f.created_at from follows f
        ${where}
        order by f.follower_id, f.followee_id
        limit ${limit}::int
      ) p join users a on a.id = p.follower_id join users b on b.id = p.followee_id
      order by p.follower_id, p.followee_id`),
  );
  const last = rows.at(-1);
  return {
    rows: rows.map((r) => ({ follower: r.follower, followee: r.followee, at: new Date(r.at) })),
    next: rows.length === limit && last ? `${last.follower_id}.${last.followee_id}` : null,
  };
}

/** Every user (or those named), in id order, with the forge identities recorded for it. */
export async function selectUserPage(
  deps: { db: Db },
  options: PageOptions = {},
): Promise<KeysetPage<StoredUser>> {
  const limit = pageSize(options.limit);
  const after = cursorIds(options.after, 1);
  const conditions: SQL[] = [];
  if (after) conditions.push(sql`u.id > ${after[0]}::bigint`);
  if (options.users) conditions.push(sql`u.id in ${idList(await idsOf(deps.db, options.users))}`);
  const where = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const rows = rowsOf<{ id: string | number; username: string; name: string; identities: string }>(
    await deps.db.execute(sql`
      select u.id, u.username, u.name,
        coalesce((select json_object_agg(i.forge, json_build_object('login', i.login, 'id', i.external_id))
          from user_identities i where i.user_id = u.id), '{}')::text as identities
      from users u
      ${where}
      order by u.id
      limit ${limit}::int`),
  );
  const last = rows.at(-1);
  return {
    rows: rows.map((r) => ({
      id: Number(r.id),
      login: r.username,
      name: r.name,
      identities: identitiesOf(r.identities),
    })),
    next: rows.length === limit && last ? String(last.id) : null,
  };
}

/** The identities as the contract names them (GitLab's login is its `username`). */
function identitiesOf(text: string): ImportIdentities {
  const stored = JSON.parse(text) as Record<string, { login: string; id: number | string | null }>;
  const identities: ImportIdentities = {};
  const id = (value: number | string | null) => (value === null ? {} : { id: Number(value) });
  if (stored.github) identities.github = { login: stored.github.login, ...id(stored.github.id) };
  if (stored.gitlab) identities.gitlab = { username: stored.gitlab.login, ...id(stored.gitlab.id) };
  return identities;
}
