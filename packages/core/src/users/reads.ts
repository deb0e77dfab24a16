import { type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../db/database.ts";
import { jsonRow, preparedOnce, prepareJson } from "../db/json-statement.ts";
import { follows, userCounters, users } from "../db/schema.ts";
import { type CallerJson, callerSql } from "../tokens/caller-sql.ts";
import { type RefKind, refKind, refMatches, refValue } from "./ref.ts";
import type { User, UserRef, UserWithCounts } from "./user.ts";

const u = alias(users, "u");
const c = alias(userCounters, "c");
const f = alias(follows, "f");
const userJson = jsonRow(u);
const countsJson = jsonRow(c, { omit: ["userId"] });

/**
 * The SQL of the profile read of a user named by id or username. Whether the caller follows the
 * user asks about the caller `callerSql` found (or else a known `viewer` id), not the token again.
 */
export const profileSql = (kind: RefKind): SQL => sql`
      select json_build_object(
        'caller', ${callerSql.json},
        'user', case when ${u.id} is null then null else ${userJson.sql} end,
        'counts', case when ${u.id} is null then null else ${countsJson.sql} end,
        'viewerFollows', exists (select 1 from ${follows} ${f} where ${f.followeeId} = ${u.id}
          and ${f.followerId} = coalesce(${callerSql.userId}, ${sql.placeholder("viewer")}::bigint))) as r
      ${callerSql.from}
      left join ${users} ${u} on ${refMatches(u, kind, "user")}
      left join ${userCounters} ${c} on ${c.userId} = ${u.id}`;

const profileName = (kind: RefKind) => `profile_${kind}`;

/** Every statement `createUserReads` may prepare, by its prepared name, with the SQL it prepares. */
export const userReadStatements = (): { name: string; query: SQL }[] =>
  (["id", "username"] as const satisfies readonly RefKind[]).map((kind) => ({
    name: profileName(kind),
    query: profileSql(kind),
  }));

/**
 * The hot read of a profile: the user with its counts, whether the caller follows it, and the
 * caller itself (a token `digest`, or a known `viewer` id), in one statement.
 */
export function createUserReads(db: Db) {
  const prepareProfile = (kind: RefKind) =>
    prepareJson<{
      caller: CallerJson;
      user: Record<string, unknown> | null;
      // Typed from the schema, as countsJson keys it, so that a renamed counter fails to compile here.
      counts: Omit<typeof userCounters.$inferSelect, "userId"> | null;
      viewerFollows: boolean;
    }>(db, profileName(kind), profileSql(kind));
  const profiles = new Map<string, ReturnType<typeof prepareProfile>>();

  return {
    async selectProfile(digest: Uint8Array | null, viewerId: number | null, ref: UserRef) {
      const kind = refKind(ref);
      const found = await preparedOnce(profiles, kind, () => prepareProfile(kind))({
        digest,
        viewer: viewerId,
        user: refValue(ref),
      });
      const counts = found.counts;
      const user: UserWithCounts | null =
        found.user && counts
          ? {
              ...userJson.revive<User>(found.user),
              counts: { followers: counts.followers, following: counts.following },
              edges: { followers: counts.followerRows, following: counts.followeeRows },
            }
          : null;
      return { caller: found.caller, user, viewerFollows: found.viewerFollows };
    },
  };
}

export type UserReads = ReturnType<typeof createUserReads>;
