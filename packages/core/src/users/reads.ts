import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { jsonRow, preparedOnce, prepareJson } from "../db/json-statement.ts";
import { users } from "../db/schema.ts";
import { type CallerJson, callerJson } from "../tokens/caller.ts";
import { type RefKind, refKind, refMatches, refValue } from "./ref.ts";
import type { User, UserRef, UserWithCounts } from "./user.ts";

const userJson = jsonRow(users, "u");

/** The SQL of the profile read of a user named by id or username. */
export const profileSql = (kind: RefKind): SQL => sql`
      select json_build_object(
        'caller', ${callerJson()},
        'user', case when u.id is null then null else ${userJson.sql} end,
        'counts', case when u.id is null then null else json_build_object('followers', c.followers,
          'following', c.following, 'followerRows', c.follower_rows, 'followeeRows', c.followee_rows) end,
        'viewerFollows', exists (select 1 from follows f where f.followee_id = u.id and f.follower_id = coalesce(
          (select t.user_id from tokens t where t.digest = ${sql.placeholder("digest")}::bytea),
          ${sql.placeholder("viewer")}::bigint))) as r
      from (select 1) one
      left join users u on ${refMatches("u", kind, "user")}
      left join user_counters c on c.user_id = u.id`;

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
      counts: { followers: number; following: number; followerRows: number; followeeRows: number } | null;
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
