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
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when $1::bigint >= o.listed then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."follower_id" as id from "follows" "f"
            where "f"."followee_id" = o.id
            order by "f"."follower_id" limit $2 offset $3) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."follower_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
            where "f"."followee_id" = o.id
            order by "f"."follower_id" limit $4 offset $5) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $6::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $7::bigint) o on true"
    `);
  });

  it("list_followers_user_id_id_after", () => {
    expect(readableSql(statement("list_followers_user_id_id_after"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."follower_id" as id from "follows" "f"
            where "f"."followee_id" = o.id
              and ("f"."follower_id") > ($1::bigint)
            order by "f"."follower_id" limit $2) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."follower_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
            where "f"."followee_id" = o.id
              and ("f"."follower_id") > ($3::bigint)
            order by "f"."follower_id" limit $4) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $5::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $6::bigint) o on true"
    `);
  });

  it("list_followers_user_id_id_before", () => {
    expect(readableSql(statement("list_followers_user_id_id_before"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."follower_id" as id from "follows" "f"
            where "f"."followee_id" = o.id
              and ("f"."follower_id") < ($1::bigint)
            order by "f"."follower_id" desc limit $2) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."follower_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
            where "f"."followee_id" = o.id
              and ("f"."follower_id") < ($3::bigint)
            order by "f"."follower_id" desc limit $4) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $5::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $6::bigint) o on true"
    `);
  });

  it("list_followers_user_id_username_offset", () => {
    expect(readableSql(statement("list_followers_user_id_username_offset"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when $1::bigint >= o.listed then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."follower_id" as id from "follows" "f"
            where "f"."followee_id" = o.id
            order by "f"."follower_id" limit $2 offset $3) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."follower_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
            where "f"."followee_id" = o.id
            order by "f"."follower_id" limit $4 offset $5) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $6::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($7::text)) o on true"
    `);
  });

  it("list_followers_user_id_username_after", () => {
    expect(readableSql(statement("list_followers_user_id_username_after"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."follower_id" as id from "follows" "f"
            where "f"."followee_id" = o.id
              and ("f"."follower_id") > ($1::bigint)
            order by "f"."follower_id" limit $2) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."follower_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
            where "f"."followee_id" = o.id
              and ("f"."follower_id") > ($3::bigint)
            order by "f"."follower_id" limit $4) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $5::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($6::text)) o on true"
    `);
  });

  it("list_followers_user_id_username_before", () => {
    expect(readableSql(statement("list_followers_user_id_username_before"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."follower_id" as id from "follows" "f"
            where "f"."followee_id" = o.id
              and ("f"."follower_id") < ($1::bigint)
            order by "f"."follower_id" desc limit $2) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."follower_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
            where "f"."followee_id" = o.id
              and ("f"."follower_id") < ($3::bigint)
            order by "f"."follower_id" desc limit $4) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $5::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($6::text)) o on true"
    `);
  });

  it("list_followers_followed_at_id_offset", () => {
    expect(readableSql(statement("list_followers_followed_at_id_offset"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when $1::bigint >= o.listed then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
            where "f"."followee_id" = o.id
            order by "f"."created_at", "f"."follower_id" limit $2 offset $3) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
            where "f"."followee_id" = o.id
            order by "f"."created_at", "f"."follower_id" limit $4 offset $5) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $6::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $7::bigint) o on true"
    `);
  });

  it("list_followers_followed_at_id_after", () => {
    expect(readableSql(statement("list_followers_followed_at_id_after"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
            where "f"."followee_id" = o.id
              and ("f"."created_at", "f"."follower_id") > ($1::timestamp with time zone, $2::bigint)
            order by "f"."created_at", "f"."follower_id" limit $3) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
            where "f"."followee_id" = o.id
              and ("f"."created_at", "f"."follower_id") > ($4::timestamp with time zone, $5::bigint)
            order by "f"."created_at", "f"."follower_id" limit $6) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $7::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $8::bigint) o on true"
    `);
  });

  it("list_followers_followed_at_id_before", () => {
    expect(readableSql(statement("list_followers_followed_at_id_before"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
            where "f"."followee_id" = o.id
              and ("f"."created_at", "f"."follower_id") < ($1::timestamp with time zone, $2::bigint)
            order by "f"."created_at" desc, "f"."follower_id" desc limit $3) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
            where "f"."followee_id" = o.id
              and ("f"."created_at", "f"."follower_id") < ($4::timestamp with time zone, $5::bigint)
            order by "f"."created_at" desc, "f"."follower_id" desc limit $6) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $7::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $8::bigint) o on true"
    `);
  });

  it("list_followers_followed_at_username_offset", () => {
    expect(readableSql(statement("list_followers_followed_at_username_offset"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when $1::bigint >= o.listed then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
            where "f"."followee_id" = o.id
            order by "f"."created_at", "f"."follower_id" limit $2 offset $3) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
            where "f"."followee_id" = o.id
            order by "f"."created_at", "f"."follower_id" limit $4 offset $5) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $6::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($7::text)) o on true"
    `);
  });

  it("list_followers_followed_at_username_after", () => {
    expect(readableSql(statement("list_followers_followed_at_username_after"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
            where "f"."followee_id" = o.id
              and ("f"."created_at", "f"."follower_id") > ($1::timestamp with time zone, $2::bigint)
            order by "f"."created_at", "f"."follower_id" limit $3) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
            where "f"."followee_id" = o.id
              and ("f"."created_at", "f"."follower_id") > ($4::timestamp with time zone, $5::bigint)
            order by "f"."created_at", "f"."follower_id" limit $6) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $7::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($8::text)) o on true"
    `);
  });

  it("list_followers_followed_at_username_before", () => {
    expect(readableSql(statement("list_followers_followed_at_username_before"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
            where "f"."followee_id" = o.id
              and ("f"."created_at", "f"."follower_id") < ($1::timestamp with time zone, $2::bigint)
            order by "f"."created_at" desc, "f"."follower_id" desc limit $3) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."follower_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."follower_id" and "v"."state" = 'active'
            where "f"."followee_id" = o.id
              and ("f"."created_at", "f"."follower_id") < ($4::timestamp with time zone, $5::bigint)
            order by "f"."created_at" desc, "f"."follower_id" desc limit $6) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $7::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."followers" as listed, "c"."follower_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."followers",
              'rows', "c"."follower_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($8::text)) o on true"
    `);
  });

  it("list_following_user_id_id_offset", () => {
    expect(readableSql(statement("list_following_user_id_id_offset"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when $1::bigint >= o.listed then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."followee_id" as id from "follows" "f"
            where "f"."follower_id" = o.id
            order by "f"."followee_id" limit $2 offset $3) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."followee_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
            where "f"."follower_id" = o.id
            order by "f"."followee_id" limit $4 offset $5) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $6::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $7::bigint) o on true"
    `);
  });

  it("list_following_user_id_id_after", () => {
    expect(readableSql(statement("list_following_user_id_id_after"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."followee_id" as id from "follows" "f"
            where "f"."follower_id" = o.id
              and ("f"."followee_id") > ($1::bigint)
            order by "f"."followee_id" limit $2) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."followee_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
            where "f"."follower_id" = o.id
              and ("f"."followee_id") > ($3::bigint)
            order by "f"."followee_id" limit $4) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $5::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $6::bigint) o on true"
    `);
  });

  it("list_following_user_id_id_before", () => {
    expect(readableSql(statement("list_following_user_id_id_before"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."followee_id" as id from "follows" "f"
            where "f"."follower_id" = o.id
              and ("f"."followee_id") < ($1::bigint)
            order by "f"."followee_id" desc limit $2) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."followee_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
            where "f"."follower_id" = o.id
              and ("f"."followee_id") < ($3::bigint)
            order by "f"."followee_id" desc limit $4) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $5::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $6::bigint) o on true"
    `);
  });

  it("list_following_user_id_username_offset", () => {
    expect(readableSql(statement("list_following_user_id_username_offset"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when $1::bigint >= o.listed then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."followee_id" as id from "follows" "f"
            where "f"."follower_id" = o.id
            order by "f"."followee_id" limit $2 offset $3) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."followee_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
            where "f"."follower_id" = o.id
            order by "f"."followee_id" limit $4 offset $5) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $6::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($7::text)) o on true"
    `);
  });

  it("list_following_user_id_username_after", () => {
    expect(readableSql(statement("list_following_user_id_username_after"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."followee_id" as id from "follows" "f"
            where "f"."follower_id" = o.id
              and ("f"."followee_id") > ($1::bigint)
            order by "f"."followee_id" limit $2) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."followee_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
            where "f"."follower_id" = o.id
              and ("f"."followee_id") > ($3::bigint)
            order by "f"."followee_id" limit $4) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $5::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($6::text)) o on true"
    `);
  });

  it("list_following_user_id_username_before", () => {
    expect(readableSql(statement("list_following_user_id_username_before"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."followee_id" as id from "follows" "f"
            where "f"."follower_id" = o.id
              and ("f"."followee_id") < ($1::bigint)
            order by "f"."followee_id" desc limit $2) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', 0) order by p.id), '[]'::json)
          from (
            select "f"."followee_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
            where "f"."follower_id" = o.id
              and ("f"."followee_id") < ($3::bigint)
            order by "f"."followee_id" desc limit $4) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $5::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($6::text)) o on true"
    `);
  });

  it("list_following_followed_at_id_offset", () => {
    expect(readableSql(statement("list_following_followed_at_id_offset"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when $1::bigint >= o.listed then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
            where "f"."follower_id" = o.id
            order by "f"."created_at", "f"."followee_id" limit $2 offset $3) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
            where "f"."follower_id" = o.id
            order by "f"."created_at", "f"."followee_id" limit $4 offset $5) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $6::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $7::bigint) o on true"
    `);
  });

  it("list_following_followed_at_id_after", () => {
    expect(readableSql(statement("list_following_followed_at_id_after"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
            where "f"."follower_id" = o.id
              and ("f"."created_at", "f"."followee_id") > ($1::timestamp with time zone, $2::bigint)
            order by "f"."created_at", "f"."followee_id" limit $3) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
            where "f"."follower_id" = o.id
              and ("f"."created_at", "f"."followee_id") > ($4::timestamp with time zone, $5::bigint)
            order by "f"."created_at", "f"."followee_id" limit $6) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $7::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $8::bigint) o on true"
    `);
  });

  it("list_following_followed_at_id_before", () => {
    expect(readableSql(statement("list_following_followed_at_id_before"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
            where "f"."follower_id" = o.id
              and ("f"."created_at", "f"."followee_id") < ($1::timestamp with time zone, $2::bigint)
            order by "f"."created_at" desc, "f"."followee_id" desc limit $3) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
            where "f"."follower_id" = o.id
              and ("f"."created_at", "f"."followee_id") < ($4::timestamp with time zone, $5::bigint)
            order by "f"."created_at" desc, "f"."followee_id" desc limit $6) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $7::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where "u"."id" = $8::bigint) o on true"
    `);
  });

  it("list_following_followed_at_username_offset", () => {
    expect(readableSql(statement("list_following_followed_at_username_offset"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when $1::bigint >= o.listed then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
            where "f"."follower_id" = o.id
            order by "f"."created_at", "f"."followee_id" limit $2 offset $3) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
            where "f"."follower_id" = o.id
            order by "f"."created_at", "f"."followee_id" limit $4 offset $5) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $6::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($7::text)) o on true"
    `);
  });

  it("list_following_followed_at_username_after", () => {
    expect(readableSql(statement("list_following_followed_at_username_after"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
            where "f"."follower_id" = o.id
              and ("f"."created_at", "f"."followee_id") > ($1::timestamp with time zone, $2::bigint)
            order by "f"."created_at", "f"."followee_id" limit $3) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
            where "f"."follower_id" = o.id
              and ("f"."created_at", "f"."followee_id") > ($4::timestamp with time zone, $5::bigint)
            order by "f"."created_at", "f"."followee_id" limit $6) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $7::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($8::text)) o on true"
    `);
  });

  it("list_following_followed_at_username_before", () => {
    expect(readableSql(statement("list_following_followed_at_username_before"))).toMatchInlineSnapshot(`
      "select json_build_object('caller', caller.json, 'owner', o.json, 'page', case
        when o.id is null then '[]'::json
        when o.listed = o.rows then (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
            where "f"."follower_id" = o.id
              and ("f"."created_at", "f"."followee_id") < ($1::timestamp with time zone, $2::bigint)
            order by "f"."created_at" desc, "f"."followee_id" desc limit $3) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active')
        else (
          select coalesce(json_agg(json_build_object('id', "u"."id", 'username', "u"."username",
            'name', "u"."name", 'email', "u"."email", 'publicEmail', "u"."public_email",
            'state', "u"."state", 'isAdmin', "u"."is_admin", 'avatarUrl', "u"."avatar_url",
            'followedAt', (extract(epoch from p.at) * 1000000)::bigint) order by p.at, p.id), '[]'::json)
          from (
            select "f"."created_at" as at, "f"."followee_id" as id from "follows" "f"
            join "users" "v" on "v"."id" = "f"."followee_id" and "v"."state" = 'active'
            where "f"."follower_id" = o.id
              and ("f"."created_at", "f"."followee_id") < ($4::timestamp with time zone, $5::bigint)
            order by "f"."created_at" desc, "f"."followee_id" desc limit $6) p
          join "users" "u" on "u"."id" = p.id where "u"."state" = 'active') end) as r
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
          where "t"."digest" = $7::bytea) caller on true
      left join lateral (
          select "u"."id" as id, "c"."following" as listed, "c"."followee_rows" as rows,
            json_build_object('id', "u"."id", 'state', "u"."state",
              'privateProfile', "u"."private_profile", 'listed', "c"."following",
              'rows', "c"."followee_rows") as json
          from "users" "u" join "user_counters" "c" on "c"."user_id" = "u"."id"
          where lower("u"."username") = lower($8::text)) o on true"
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
