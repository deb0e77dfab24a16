import { describe, expect, it } from "vitest";
import { readableSql } from "../testing/readable-sql.ts";
import { userReadStatements } from "./reads.ts";

// The SQL text of every statement createUserReads prepares, pinned whole so a change to any variant
// shows in the diff. It is the same on both engines, so this runs once, on PGlite's pass.
const statements = new Map(userReadStatements().map(({ name, query }) => [name, query]));
const statement = (name: string) => {
  const query = statements.get(name);
  if (!query) throw new Error(`no statement named ${name}`);
  return query;
};

describe.skipIf(process.env.TEST_DATABASE_URL)("the SQL createUserReads prepares", () => {
  it("pins every variant below, and no other", () => {
    expect([...statements.keys()]).toEqual(["profile_id", "profile_username"]);
  });

  it("profile_id", () => {
    expect(readableSql(statement("profile_id"))).toMatchInlineSnapshot(`
      "select json_build_object(
        'caller', caller.json,
        'user', case when "u"."id" is null then null else json_build_object('id', "u"."id",
          'username', "u"."username", 'name', "u"."name", 'email', "u"."email",
          'publicEmail', "u"."public_email", 'state', "u"."state", 'isAdmin', "u"."is_admin",
          'privateProfile', "u"."private_profile", 'followingEnabled', "u"."following_enabled",
          'avatarUrl', "u"."avatar_url", 'bio', "u"."bio", 'location', "u"."location",
          'websiteUrl', "u"."website_url", 'organization', "u"."organization",
          'jobTitle', "u"."job_title", 'pronouns', "u"."pronouns", 'twitter', "u"."twitter",
          'linkedin', "u"."linkedin", 'discord', "u"."discord", 'github', "u"."github",
          'note', "u"."note", 'createdAt', "u"."created_at", 'updatedAt', "u"."updated_at") end,
        'counts', case when "u"."id" is null then null else json_build_object('followers', "c"."followers",
          'following', "c"."following", 'followeeRows', "c"."followee_rows",
          'followerRows', "c"."follower_rows") end,
        'viewerFollows', exists (select 1 from "follows" "f" where "f"."followee_id" = "u"."id"
          and "f"."follower_id" = coalesce(caller.user_id, $1::bigint))) as r
      from (select 1) one left join (
          select "t"."user_id" as user_id,
            json_build_object('token', json_build_object('id', "t"."id", 'userId', "t"."user_id",
              'name', "t"."name", 'description', "t"."description", 'impersonation', "t"."impersonation",
              'scopes', "t"."scopes", 'expiresAt', "t"."expires_at", 'revokedAt', "t"."revoked_at",
              'lastUsedAt', "t"."last_used_at", 'createdAt', "t"."created_at"),
              'user', json_build_object('id', "tu"."id", 'username', "tu"."username",
              'name', "tu"."name", 'email', "tu"."email", 'publicEmail', "tu"."public_email",
              'state', "tu"."state", 'isAdmin', "tu"."is_admin",
              'privateProfile', "tu"."private_profile", 'followingEnabled', "tu"."following_enabled",
              'avatarUrl', "tu"."avatar_url", 'bio', "tu"."bio", 'location', "tu"."location",
              'websiteUrl', "tu"."website_url", 'organization', "tu"."organization",
              'jobTitle', "tu"."job_title", 'pronouns', "tu"."pronouns", 'twitter', "tu"."twitter",
              'linkedin', "tu"."linkedin", 'discord', "tu"."discord", 'github', "tu"."github",
              'note', "tu"."note", 'createdAt', "tu"."created_at",
              'updatedAt', "tu"."updated_at")) as json
          from "tokens" "t" join "users" "tu" on "tu"."id" = "t"."user_id"
          where "t"."digest" = $2::bytea) caller on true
      left join "users" "u" on "u"."id" = $3::bigint
      left join "user_counters" "c" on "c"."user_id" = "u"."id""
    `);
  });

  it("profile_username", () => {
    expect(readableSql(statement("profile_username"))).toMatchInlineSnapshot(`
      "select json_build_object(
        'caller', caller.json,
        'user', case when "u"."id" is null then null else json_build_object('id', "u"."id",
          'username', "u"."username", 'name', "u"."name", 'email', "u"."email",
          'publicEmail', "u"."public_email", 'state', "u"."state", 'isAdmin', "u"."is_admin",
          'privateProfile', "u"."private_profile", 'followingEnabled', "u"."following_enabled",
          'avatarUrl', "u"."avatar_url", 'bio', "u"."bio", 'location', "u"."location",
          'websiteUrl', "u"."website_url", 'organization', "u"."organization",
          'jobTitle', "u"."job_title", 'pronouns', "u"."pronouns", 'twitter', "u"."twitter",
          'linkedin', "u"."linkedin", 'discord', "u"."discord", 'github', "u"."github",
          'note', "u"."note", 'createdAt', "u"."created_at", 'updatedAt', "u"."updated_at") end,
        'counts', case when "u"."id" is null then null else json_build_object('followers', "c"."followers",
          'following', "c"."following", 'followeeRows', "c"."followee_rows",
          'followerRows', "c"."follower_rows") end,
        'viewerFollows', exists (select 1 from "follows" "f" where "f"."followee_id" = "u"."id"
          and "f"."follower_id" = coalesce(caller.user_id, $1::bigint))) as r
      from (select 1) one left join (
          select "t"."user_id" as user_id,
            json_build_object('token', json_build_object('id', "t"."id", 'userId', "t"."user_id",
              'name', "t"."name", 'description', "t"."description", 'impersonation', "t"."impersonation",
              'scopes', "t"."scopes", 'expiresAt', "t"."expires_at", 'revokedAt', "t"."revoked_at",
              'lastUsedAt', "t"."last_used_at", 'createdAt', "t"."created_at"),
              'user', json_build_object('id', "tu"."id", 'username', "tu"."username",
              'name', "tu"."name", 'email', "tu"."email", 'publicEmail', "tu"."public_email",
              'state', "tu"."state", 'isAdmin', "tu"."is_admin",
              'privateProfile', "tu"."private_profile", 'followingEnabled', "tu"."following_enabled",
              'avatarUrl', "tu"."avatar_url", 'bio', "tu"."bio", 'location', "tu"."location",
              'websiteUrl', "tu"."website_url", 'organization', "tu"."organization",
              'jobTitle', "tu"."job_title", 'pronouns', "tu"."pronouns", 'twitter', "tu"."twitter",
              'linkedin', "tu"."linkedin", 'discord', "tu"."discord", 'github', "tu"."github",
              'note', "tu"."note", 'createdAt', "tu"."created_at",
              'updatedAt', "tu"."updated_at")) as json
          from "tokens" "t" join "users" "tu" on "tu"."id" = "t"."user_id"
          where "t"."digest" = $2::bytea) caller on true
      left join "users" "u" on lower("u"."username") = lower($3::text)
      left join "user_counters" "c" on "c"."user_id" = "u"."id""
    `);
  });
});
