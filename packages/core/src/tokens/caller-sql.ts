import { sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { jsonRow } from "../db/json-statement.ts";
import { tokens, users } from "../db/schema.ts";
import type { User } from "../users/user.ts";
import type { Token } from "./repository.ts";

const t = alias(tokens, "t");
const tu = alias(users, "tu");
const tokenJson = jsonRow(t, { omit: ["digest"] });
const userJson = jsonRow(tu);

/**
 * The caller a `digest` placeholder names, found once per statement by the hot read that embeds
 * it: `from` starts the statement's FROM with one row `caller` (nulls when the digest names no
 * token), and the statement reads `json`, the token and its owner as JSON (what `CallerJson`
 * describes), and `userId`, the owner's id, wherever it needs them.
 */
export const callerSql = {
  // Laid out for a statement whose clauses sit six spaces in, as the hot reads' do.
  from: sql`from (select 1) one left join (
          select ${t.userId} as user_id,
            json_build_object('token', ${tokenJson.sql}, 'user', ${userJson.sql}) as json
          from ${tokens} ${t} join ${users} ${tu} on ${tu.id} = ${t.userId}
          where ${t.digest} = ${sql.placeholder("digest")}::bytea) caller on true`,
  json: sql`caller.json`,
  userId: sql`caller.user_id`,
};

/** What `callerSql.json` answers: the token and its owner as JSON, or null when the digest names none. */
export type CallerJson = { token: Record<string, unknown>; user: Record<string, unknown> } | null;

/** The token and owner `callerSql` found, as the rows drizzle would return, or null. */
export const callerFrom = (found: CallerJson): { token: Token; user: User } | null =>
  found && { token: tokenJson.revive<Token>(found.token), user: userJson.revive<User>(found.user) };
