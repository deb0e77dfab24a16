import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../db/database.ts";
import { readableSql } from "../testing/readable-sql.ts";
import { prepareUserLookups, userListStatements } from "./repository.ts";

// The SQL text of the statements drizzle's builder prepares for the users repository, pinned
// whole so a change shows in the diff. Preparing sends nothing to the database, and the text is
// the same on both engines, so this runs once, on PGlite's pass.
describe.skipIf(process.env.TEST_DATABASE_URL)("the SQL the users repository prepares", () => {
  let database: Database;
  let lookups: ReturnType<typeof prepareUserLookups>;
  beforeAll(async () => {
    database = await openDatabase({ driver: "pglite", dataDir: "memory://" });
    lookups = prepareUserLookups(database.db);
  });
  afterAll(() => database?.close());

  it("users_by_id", () => {
    expect(readableSql(lookups.byId.getQuery().sql)).toMatchInlineSnapshot(`
      "select "users"."id", "users"."username", "users"."name", "users"."email", "users"."public_email",
        "users"."state", "users"."is_admin", "users"."private_profile", "users"."following_enabled",
        "users"."avatar_url", "users"."bio", "users"."location", "users"."website_url",
        "users"."organization", "users"."job_title", "users"."pronouns", "users"."twitter",
        "users"."linkedin", "users"."discord", "users"."github", "users"."note", "users"."created_at",
        "users"."updated_at", "user_counters"."followers", "user_counters"."following",
        "user_counters"."follower_rows", "user_counters"."followee_rows"
      from "users"
      inner join "user_counters" on "user_counters"."user_id" = "users"."id"
      where "users"."id" = $1"
    `);
  });

  it("users_by_username", () => {
    expect(readableSql(lookups.byUsername.getQuery().sql)).toMatchInlineSnapshot(`
      "select "users"."id", "users"."username", "users"."name", "users"."email", "users"."public_email",
        "users"."state", "users"."is_admin", "users"."private_profile", "users"."following_enabled",
        "users"."avatar_url", "users"."bio", "users"."location", "users"."website_url",
        "users"."organization", "users"."job_title", "users"."pronouns", "users"."twitter",
        "users"."linkedin", "users"."discord", "users"."github", "users"."note", "users"."created_at",
        "users"."updated_at", "user_counters"."followers", "user_counters"."following",
        "user_counters"."follower_rows", "user_counters"."followee_rows"
      from "users"
      inner join "user_counters" on "user_counters"."user_id" = "users"."id"
      where lower("users"."username") = lower($1)"
    `);
  });

  // Two variants of the user list (built per request, not prepared): every filter term at
  // once with a field order, and a search in best-match order.
  it("the user list, every filter, by name", () => {
    const { page, total } = userListStatements(
      database.db,
      {
        filter: {
          username: "Alice",
          search: "a%_\\b",
          states: ["active"],
          exceptStates: ["blocked", "banned"],
          isAdmin: false,
          createdAfter: new Date(0),
          createdBefore: new Date(0),
        },
        order: { by: "name", direction: "asc" },
        viewerIsAdmin: true,
      },
      { limit: 20, offset: 40 },
      10_001,
    );
    const pageQuery = page.toSQL();
    expect(readableSql(pageQuery.sql)).toMatchInlineSnapshot(`
      "select "id", "username", "name", "email", "public_email", "state", "is_admin", "private_profile",
        "following_enabled", "avatar_url", "bio", "location", "website_url", "organization", "job_title",
        "pronouns", "twitter", "linkedin", "discord", "github", "note", "created_at", "updated_at"
      from "users"
      where (lower("users"."username") = $1 and ("users"."name" ilike $2 or "users"."username" ilike $3 or lower("users"."public_email") = $4 or lower("users"."email") = $5) and "users"."state" in ($6) and "users"."state" not in ($7, $8) and "users"."is_admin" = $9 and "users"."created_at" >= $10 and "users"."created_at" <= $11)
      order by "users"."name" asc, "users"."id" asc
      limit $12 offset $13"
    `);
    expect(pageQuery.params).toMatchInlineSnapshot(`
      [
        "alice",
        "%a\\%\\_\\\\b%",
        "%a\\%\\_\\\\b%",
        "a%_\\b",
        "a%_\\b",
        "active",
        "blocked",
        "banned",
        false,
        "1970-01-01T00:00:00.000Z",
        "1970-01-01T00:00:00.000Z",
        20,
        40,
      ]
    `);
    expect(readableSql(total.toSQL().sql)).toMatchInlineSnapshot(`
      "select count(*)
      from (select "id"
      from "users"
      where (lower("users"."username") = $1 and ("users"."name" ilike $2 or "users"."username" ilike $3 or lower("users"."public_email") = $4 or lower("users"."email") = $5) and "users"."state" in ($6) and "users"."state" not in ($7, $8) and "users"."is_admin" = $9 and "users"."created_at" >= $10 and "users"."created_at" <= $11)
      limit $12) "capped""
    `);
  });

  it("the user list, a search by a viewer who is not an administrator, best match first", () => {
    const { page } = userListStatements(
      database.db,
      { filter: { search: " @Bob " }, order: "best_match", viewerIsAdmin: false },
      { limit: 20, offset: 0 },
      10_001,
    );
    const pageQuery = page.toSQL();
    expect(readableSql(pageQuery.sql)).toMatchInlineSnapshot(`
      "select "id", "username", "name", "email", "public_email", "state", "is_admin", "private_profile",
        "following_enabled", "avatar_url", "bio", "location", "website_url", "organization", "job_title",
        "pronouns", "twitter", "linkedin", "discord", "github", "note", "created_at", "updated_at"
      from "users"
      where ("users"."name" ilike $1 or "users"."username" ilike $2 or lower("users"."public_email") = $3)
      order by case
            when lower("users"."public_email") = $4 then 0
            when lower("users"."username") = $5 then 1
            when lower("users"."name") = $6 then 2
            else 3 end asc, "users"."name" asc, "users"."id" asc
      limit $7"
    `);
    expect(pageQuery.params).toMatchInlineSnapshot(`
      [
        "%Bob%",
        "%Bob%",
        "bob",
        "bob",
        "bob",
        "bob",
        20,
      ]
    `);
  });
});
