import { describe, expect, it } from "vitest";
import { readableSql } from "../testing/readable-sql.ts";
import { followReadStatements } from "./reads.ts";

// The SQL text of every statement createFollowReads prepares, pinned whole so a change to any variant
// shows in the diff. It is the same on both engines, so this runs once, on PGlite's pass.
const statements = new Map(followReadStatements().map(({ name, query }) => [name, query]));
const statement = (name: string) => {
  const query = statements.get(name);
  if (!query) throw new Error(`no statement named ${name}`);
  return query;
};

describe.skipIf(process.env.TEST_DATABASE_URL)("the SQL createFollowReads prepares", () => {
  it("pins every variant below, and no other", () => {
    expect([...statements.keys()]).toEqual([
      "list_followers_user_id_id_offset",
      "list_followers_user_id_id_after",
      "list_followers_user_id_id_before",
      "list_followers_user_id_username_offset",
      "list_followers_user_id_username_after",
      "list_followers_user_id_username_before",
      "list_followers_followed_at_id_offset",
      "list_followers_followed_at_id_after",
      "list_followers_followed_at_id_before",
      "list_followers_followed_at_username_offset",
      "list_followers_followed_at_username_after",
      "list_followers_followed_at_username_before",
      "list_following_user_id_id_offset",
      "list_following_user_id_id_after",
      "list_following_user_id_id_before",
      "list_following_user_id_username_offset",
      "list_following_user_id_username_after",
      "list_following_user_id_username_before",
      "list_following_followed_at_id_offset",
      "list_following_followed_at_id_after",
      "list_following_followed_at_id_before",
      "list_following_followed_at_username_offset",
      "list_following_followed_at_username_after",
      "list_following_followed_at_username_before",
      "check_id_id",
      "check_id_username",
      "check_username_id",
      "check_username_username",
      "target_id",
      "target_username",
    ]);
  });

  it("list_followers_user_id_id_offset", () => {
    expect(readableSql(statement("list_followers_user_id_id_offset"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $2::bigint) o on true
      left join lateral (
          select row_number() over (order by p.id) as n,
            0::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."follower_id" as id from "follows" "f"
              where "f"."followee_id" = o.id and o.listed = o.rows and $3::bigint < o.listed
              order by "f"."follower_id" limit $4 offset $5)
            union all (
              select "f"."follower_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
              where "f"."followee_id" = o.id and o.listed <> o.rows and $6::bigint < o.listed
              order by "f"."follower_id" limit $7 offset $8)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_followers_user_id_id_after", () => {
    expect(readableSql(statement("list_followers_user_id_id_after"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $2::bigint) o on true
      left join lateral (
          select row_number() over (order by p.id) as n,
            0::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."follower_id" as id from "follows" "f"
              where "f"."followee_id" = o.id and o.listed = o.rows
                and ("f"."follower_id") > ($3::bigint)
              order by "f"."follower_id" limit $4)
            union all (
              select "f"."follower_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
              where "f"."followee_id" = o.id and o.listed <> o.rows
                and ("f"."follower_id") > ($5::bigint)
              order by "f"."follower_id" limit $6)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_followers_user_id_id_before", () => {
    expect(readableSql(statement("list_followers_user_id_id_before"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $2::bigint) o on true
      left join lateral (
          select row_number() over (order by p.id) as n,
            0::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."follower_id" as id from "follows" "f"
              where "f"."followee_id" = o.id and o.listed = o.rows
                and ("f"."follower_id") < ($3::bigint)
              order by "f"."follower_id" desc limit $4)
            union all (
              select "f"."follower_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
              where "f"."followee_id" = o.id and o.listed <> o.rows
                and ("f"."follower_id") < ($5::bigint)
              order by "f"."follower_id" desc limit $6)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_followers_user_id_username_offset", () => {
    expect(readableSql(statement("list_followers_user_id_username_offset"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($2::text)) o on true
      left join lateral (
          select row_number() over (order by p.id) as n,
            0::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."follower_id" as id from "follows" "f"
              where "f"."followee_id" = o.id and o.listed = o.rows and $3::bigint < o.listed
              order by "f"."follower_id" limit $4 offset $5)
            union all (
              select "f"."follower_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
              where "f"."followee_id" = o.id and o.listed <> o.rows and $6::bigint < o.listed
              order by "f"."follower_id" limit $7 offset $8)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_followers_user_id_username_after", () => {
    expect(readableSql(statement("list_followers_user_id_username_after"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($2::text)) o on true
      left join lateral (
          select row_number() over (order by p.id) as n,
            0::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."follower_id" as id from "follows" "f"
              where "f"."followee_id" = o.id and o.listed = o.rows
                and ("f"."follower_id") > ($3::bigint)
              order by "f"."follower_id" limit $4)
            union all (
              select "f"."follower_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
              where "f"."followee_id" = o.id and o.listed <> o.rows
                and ("f"."follower_id") > ($5::bigint)
              order by "f"."follower_id" limit $6)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_followers_user_id_username_before", () => {
    expect(readableSql(statement("list_followers_user_id_username_before"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($2::text)) o on true
      left join lateral (
          select row_number() over (order by p.id) as n,
            0::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."follower_id" as id from "follows" "f"
              where "f"."followee_id" = o.id and o.listed = o.rows
                and ("f"."follower_id") < ($3::bigint)
              order by "f"."follower_id" desc limit $4)
            union all (
              select "f"."follower_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
              where "f"."followee_id" = o.id and o.listed <> o.rows
                and ("f"."follower_id") < ($5::bigint)
              order by "f"."follower_id" desc limit $6)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_followers_followed_at_id_offset", () => {
    expect(readableSql(statement("list_followers_followed_at_id_offset"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $2::bigint) o on true
      left join lateral (
          select row_number() over (order by p.at, p.id) as n,
            (extract(epoch from p.at) * 1000000)::bigint::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
              where "f"."followee_id" = o.id and o.listed = o.rows and $3::bigint < o.listed
              order by "f"."created_at", "f"."follower_id" limit $4 offset $5)
            union all (
              select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
              where "f"."followee_id" = o.id and o.listed <> o.rows and $6::bigint < o.listed
              order by "f"."created_at", "f"."follower_id" limit $7 offset $8)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_followers_followed_at_id_after", () => {
    expect(readableSql(statement("list_followers_followed_at_id_after"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $2::bigint) o on true
      left join lateral (
          select row_number() over (order by p.at, p.id) as n,
            (extract(epoch from p.at) * 1000000)::bigint::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
              where "f"."followee_id" = o.id and o.listed = o.rows
                and ("f"."created_at", "f"."follower_id") > ($3::timestamp with time zone, $4::bigint)
              order by "f"."created_at", "f"."follower_id" limit $5)
            union all (
              select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
              where "f"."followee_id" = o.id and o.listed <> o.rows
                and ("f"."created_at", "f"."follower_id") > ($6::timestamp with time zone, $7::bigint)
              order by "f"."created_at", "f"."follower_id" limit $8)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_followers_followed_at_id_before", () => {
    expect(readableSql(statement("list_followers_followed_at_id_before"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $2::bigint) o on true
      left join lateral (
          select row_number() over (order by p.at, p.id) as n,
            (extract(epoch from p.at) * 1000000)::bigint::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
              where "f"."followee_id" = o.id and o.listed = o.rows
                and ("f"."created_at", "f"."follower_id") < ($3::timestamp with time zone, $4::bigint)
              order by "f"."created_at" desc, "f"."follower_id" desc limit $5)
            union all (
              select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
              where "f"."followee_id" = o.id and o.listed <> o.rows
                and ("f"."created_at", "f"."follower_id") < ($6::timestamp with time zone, $7::bigint)
              order by "f"."created_at" desc, "f"."follower_id" desc limit $8)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_followers_followed_at_username_offset", () => {
    expect(readableSql(statement("list_followers_followed_at_username_offset"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($2::text)) o on true
      left join lateral (
          select row_number() over (order by p.at, p.id) as n,
            (extract(epoch from p.at) * 1000000)::bigint::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
              where "f"."followee_id" = o.id and o.listed = o.rows and $3::bigint < o.listed
              order by "f"."created_at", "f"."follower_id" limit $4 offset $5)
            union all (
              select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
              where "f"."followee_id" = o.id and o.listed <> o.rows and $6::bigint < o.listed
              order by "f"."created_at", "f"."follower_id" limit $7 offset $8)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_followers_followed_at_username_after", () => {
    expect(readableSql(statement("list_followers_followed_at_username_after"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($2::text)) o on true
      left join lateral (
          select row_number() over (order by p.at, p.id) as n,
            (extract(epoch from p.at) * 1000000)::bigint::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
              where "f"."followee_id" = o.id and o.listed = o.rows
                and ("f"."created_at", "f"."follower_id") > ($3::timestamp with time zone, $4::bigint)
              order by "f"."created_at", "f"."follower_id" limit $5)
            union all (
              select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
              where "f"."followee_id" = o.id and o.listed <> o.rows
                and ("f"."created_at", "f"."follower_id") > ($6::timestamp with time zone, $7::bigint)
              order by "f"."created_at", "f"."follower_id" limit $8)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_followers_followed_at_username_before", () => {
    expect(readableSql(statement("list_followers_followed_at_username_before"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($2::text)) o on true
      left join lateral (
          select row_number() over (order by p.at, p.id) as n,
            (extract(epoch from p.at) * 1000000)::bigint::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
              where "f"."followee_id" = o.id and o.listed = o.rows
                and ("f"."created_at", "f"."follower_id") < ($3::timestamp with time zone, $4::bigint)
              order by "f"."created_at" desc, "f"."follower_id" desc limit $5)
            union all (
              select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
              where "f"."followee_id" = o.id and o.listed <> o.rows
                and ("f"."created_at", "f"."follower_id") < ($6::timestamp with time zone, $7::bigint)
              order by "f"."created_at" desc, "f"."follower_id" desc limit $8)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_following_user_id_id_offset", () => {
    expect(readableSql(statement("list_following_user_id_id_offset"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $2::bigint) o on true
      left join lateral (
          select row_number() over (order by p.id) as n,
            0::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."followee_id" as id from "follows" "f"
              where "f"."follower_id" = o.id and o.listed = o.rows and $3::bigint < o.listed
              order by "f"."followee_id" limit $4 offset $5)
            union all (
              select "f"."followee_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
              where "f"."follower_id" = o.id and o.listed <> o.rows and $6::bigint < o.listed
              order by "f"."followee_id" limit $7 offset $8)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_following_user_id_id_after", () => {
    expect(readableSql(statement("list_following_user_id_id_after"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $2::bigint) o on true
      left join lateral (
          select row_number() over (order by p.id) as n,
            0::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."followee_id" as id from "follows" "f"
              where "f"."follower_id" = o.id and o.listed = o.rows
                and ("f"."followee_id") > ($3::bigint)
              order by "f"."followee_id" limit $4)
            union all (
              select "f"."followee_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
              where "f"."follower_id" = o.id and o.listed <> o.rows
                and ("f"."followee_id") > ($5::bigint)
              order by "f"."followee_id" limit $6)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_following_user_id_id_before", () => {
    expect(readableSql(statement("list_following_user_id_id_before"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $2::bigint) o on true
      left join lateral (
          select row_number() over (order by p.id) as n,
            0::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."followee_id" as id from "follows" "f"
              where "f"."follower_id" = o.id and o.listed = o.rows
                and ("f"."followee_id") < ($3::bigint)
              order by "f"."followee_id" desc limit $4)
            union all (
              select "f"."followee_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
              where "f"."follower_id" = o.id and o.listed <> o.rows
                and ("f"."followee_id") < ($5::bigint)
              order by "f"."followee_id" desc limit $6)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_following_user_id_username_offset", () => {
    expect(readableSql(statement("list_following_user_id_username_offset"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($2::text)) o on true
      left join lateral (
          select row_number() over (order by p.id) as n,
            0::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."followee_id" as id from "follows" "f"
              where "f"."follower_id" = o.id and o.listed = o.rows and $3::bigint < o.listed
              order by "f"."followee_id" limit $4 offset $5)
            union all (
              select "f"."followee_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
              where "f"."follower_id" = o.id and o.listed <> o.rows and $6::bigint < o.listed
              order by "f"."followee_id" limit $7 offset $8)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_following_user_id_username_after", () => {
    expect(readableSql(statement("list_following_user_id_username_after"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($2::text)) o on true
      left join lateral (
          select row_number() over (order by p.id) as n,
            0::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."followee_id" as id from "follows" "f"
              where "f"."follower_id" = o.id and o.listed = o.rows
                and ("f"."followee_id") > ($3::bigint)
              order by "f"."followee_id" limit $4)
            union all (
              select "f"."followee_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
              where "f"."follower_id" = o.id and o.listed <> o.rows
                and ("f"."followee_id") > ($5::bigint)
              order by "f"."followee_id" limit $6)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_following_user_id_username_before", () => {
    expect(readableSql(statement("list_following_user_id_username_before"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($2::text)) o on true
      left join lateral (
          select row_number() over (order by p.id) as n,
            0::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."followee_id" as id from "follows" "f"
              where "f"."follower_id" = o.id and o.listed = o.rows
                and ("f"."followee_id") < ($3::bigint)
              order by "f"."followee_id" desc limit $4)
            union all (
              select "f"."followee_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
              where "f"."follower_id" = o.id and o.listed <> o.rows
                and ("f"."followee_id") < ($5::bigint)
              order by "f"."followee_id" desc limit $6)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_following_followed_at_id_offset", () => {
    expect(readableSql(statement("list_following_followed_at_id_offset"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $2::bigint) o on true
      left join lateral (
          select row_number() over (order by p.at, p.id) as n,
            (extract(epoch from p.at) * 1000000)::bigint::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
              where "f"."follower_id" = o.id and o.listed = o.rows and $3::bigint < o.listed
              order by "f"."created_at", "f"."followee_id" limit $4 offset $5)
            union all (
              select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
              where "f"."follower_id" = o.id and o.listed <> o.rows and $6::bigint < o.listed
              order by "f"."created_at", "f"."followee_id" limit $7 offset $8)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_following_followed_at_id_after", () => {
    expect(readableSql(statement("list_following_followed_at_id_after"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $2::bigint) o on true
      left join lateral (
          select row_number() over (order by p.at, p.id) as n,
            (extract(epoch from p.at) * 1000000)::bigint::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
              where "f"."follower_id" = o.id and o.listed = o.rows
                and ("f"."created_at", "f"."followee_id") > ($3::timestamp with time zone, $4::bigint)
              order by "f"."created_at", "f"."followee_id" limit $5)
            union all (
              select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
              where "f"."follower_id" = o.id and o.listed <> o.rows
                and ("f"."created_at", "f"."followee_id") > ($6::timestamp with time zone, $7::bigint)
              order by "f"."created_at", "f"."followee_id" limit $8)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_following_followed_at_id_before", () => {
    expect(readableSql(statement("list_following_followed_at_id_before"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $2::bigint) o on true
      left join lateral (
          select row_number() over (order by p.at, p.id) as n,
            (extract(epoch from p.at) * 1000000)::bigint::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
              where "f"."follower_id" = o.id and o.listed = o.rows
                and ("f"."created_at", "f"."followee_id") < ($3::timestamp with time zone, $4::bigint)
              order by "f"."created_at" desc, "f"."followee_id" desc limit $5)
            union all (
              select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
              where "f"."follower_id" = o.id and o.listed <> o.rows
                and ("f"."created_at", "f"."followee_id") < ($6::timestamp with time zone, $7::bigint)
              order by "f"."created_at" desc, "f"."followee_id" desc limit $8)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_following_followed_at_username_offset", () => {
    expect(readableSql(statement("list_following_followed_at_username_offset"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($2::text)) o on true
      left join lateral (
          select row_number() over (order by p.at, p.id) as n,
            (extract(epoch from p.at) * 1000000)::bigint::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
              where "f"."follower_id" = o.id and o.listed = o.rows and $3::bigint < o.listed
              order by "f"."created_at", "f"."followee_id" limit $4 offset $5)
            union all (
              select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
              where "f"."follower_id" = o.id and o.listed <> o.rows and $6::bigint < o.listed
              order by "f"."created_at", "f"."followee_id" limit $7 offset $8)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_following_followed_at_username_after", () => {
    expect(readableSql(statement("list_following_followed_at_username_after"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($2::text)) o on true
      left join lateral (
          select row_number() over (order by p.at, p.id) as n,
            (extract(epoch from p.at) * 1000000)::bigint::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
              where "f"."follower_id" = o.id and o.listed = o.rows
                and ("f"."created_at", "f"."followee_id") > ($3::timestamp with time zone, $4::bigint)
              order by "f"."created_at", "f"."followee_id" limit $5)
            union all (
              select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
              where "f"."follower_id" = o.id and o.listed <> o.rows
                and ("f"."created_at", "f"."followee_id") > ($6::timestamp with time zone, $7::bigint)
              order by "f"."created_at", "f"."followee_id" limit $8)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("list_following_followed_at_username_before", () => {
    expect(readableSql(statement("list_following_followed_at_username_before"))).toMatchInlineSnapshot(`
      "select case when page.n is null or page.n = 1 then caller.json end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($2::text)) o on true
      left join lateral (
          select row_number() over (order by p.at, p.id) as n,
            (extract(epoch from p.at) * 1000000)::bigint::text as at, row("u"."id", "u"."username", "u"."name", "u"."email", "u"."public_email", "u"."state", "u"."avatar_url", "u"."is_admin")::text as item
          from ((
              select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
              where "f"."follower_id" = o.id and o.listed = o.rows
                and ("f"."created_at", "f"."followee_id") < ($3::timestamp with time zone, $4::bigint)
              order by "f"."created_at" desc, "f"."followee_id" desc limit $5)
            union all (
              select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
              join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
              where "f"."follower_id" = o.id and o.listed <> o.rows
                and ("f"."created_at", "f"."followee_id") < ($6::timestamp with time zone, $7::bigint)
              order by "f"."created_at" desc, "f"."followee_id" desc limit $8)) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') page on true
      order by page.n"
    `);
  });

  it("target_id", () => {
    expect(readableSql(statement("target_id"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json,
        'targetId', (select "u"."id" from "users" "u" where "u"."id" = $1::bigint)) as r
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
          where "t"."digest" = $2::bytea) caller on true"
    `);
  });

  it("check_id_id", () => {
    expect(readableSql(statement("check_id_id"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'follower', a.json, 'followee', b.json,
        'follows', exists (select 1 from "follows" "f"
          where "f"."follower_id" = a.id and "f"."followee_id" = b.id)) as r
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, json_build_object('id', "u"."id", 'state', "u"."state",
            'privateProfile', "u"."private_profile") as json from "users" "u"
          where "u"."id" = $2::bigint) a on true
      left join lateral (
          select "u"."id" as id, json_build_object('id', "u"."id", 'state', "u"."state",
            'privateProfile', "u"."private_profile") as json from "users" "u"
          where "u"."id" = $3::bigint) b on true"
    `);
  });

  it("check_id_username", () => {
    expect(readableSql(statement("check_id_username"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'follower', a.json, 'followee', b.json,
        'follows', exists (select 1 from "follows" "f"
          where "f"."follower_id" = a.id and "f"."followee_id" = b.id)) as r
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, json_build_object('id', "u"."id", 'state', "u"."state",
            'privateProfile', "u"."private_profile") as json from "users" "u"
          where "u"."id" = $2::bigint) a on true
      left join lateral (
          select "u"."id" as id, json_build_object('id', "u"."id", 'state', "u"."state",
            'privateProfile', "u"."private_profile") as json from "users" "u"
          where lower("u"."username") = lower($3::text)) b on true"
    `);
  });

  it("target_username", () => {
    expect(readableSql(statement("target_username"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json,
        'targetId', (select "u"."id" from "users" "u" where lower("u"."username") = lower($1::text))) as r
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
          where "t"."digest" = $2::bytea) caller on true"
    `);
  });

  it("check_username_id", () => {
    expect(readableSql(statement("check_username_id"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'follower', a.json, 'followee', b.json,
        'follows', exists (select 1 from "follows" "f"
          where "f"."follower_id" = a.id and "f"."followee_id" = b.id)) as r
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, json_build_object('id', "u"."id", 'state', "u"."state",
            'privateProfile', "u"."private_profile") as json from "users" "u"
          where lower("u"."username") = lower($2::text)) a on true
      left join lateral (
          select "u"."id" as id, json_build_object('id', "u"."id", 'state', "u"."state",
            'privateProfile', "u"."private_profile") as json from "users" "u"
          where "u"."id" = $3::bigint) b on true"
    `);
  });

  it("check_username_username", () => {
    expect(readableSql(statement("check_username_username"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'follower', a.json, 'followee', b.json,
        'follows', exists (select 1 from "follows" "f"
          where "f"."follower_id" = a.id and "f"."followee_id" = b.id)) as r
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
          where "t"."digest" = $1::bytea) caller on true
      left join lateral (
          select "u"."id" as id, json_build_object('id', "u"."id", 'state', "u"."state",
            'privateProfile', "u"."private_profile") as json from "users" "u"
          where lower("u"."username") = lower($2::text)) a on true
      left join lateral (
          select "u"."id" as id, json_build_object('id', "u"."id", 'state', "u"."state",
            'privateProfile', "u"."private_profile") as json from "users" "u"
          where lower("u"."username") = lower($3::text)) b on true"
    `);
  });
});
