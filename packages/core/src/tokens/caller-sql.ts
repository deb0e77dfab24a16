import { type SQL, sql } from "drizzle-orm";
import { jsonRow } from "../db/json-statement.ts";
import { tokens, users } from "../db/schema.ts";
import type { User } from "../users/user.ts";
import type { Token } from "./repository.ts";

const tokenJson = jsonRow(tokens, "t", { omit: ["digest"] });
const userJson = jsonRow(users, "tu");

/** The token a `digest` placeholder names and its owner, as JSON: the caller part of a hot read. */
export const callerJson = (digest: SQL = sql`${sql.placeholder("digest")}::bytea`) => sql`(
  select json_build_object('token', ${tokenJson.sql}, 'user', ${userJson.sql})
  from tokens t join users tu on tu.id = t.user_id
  where t.digest = ${digest})`;

/** What `callerJson` answers: the token and its owner as JSON, or null when the digest names none. */
export type CallerJson = { token: Record<string, unknown>; user: Record<string, unknown> } | null;

/** The token and owner `callerJson` found, as the rows drizzle would return, or null. */
export const callerFrom = (found: CallerJson): { token: Token; user: User } | null =>
  found && { token: tokenJson.revive<Token>(found.token), user: userJson.revive<User>(found.user) };
