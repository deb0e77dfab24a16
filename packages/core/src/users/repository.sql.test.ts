import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../db/database.ts";
import { readableSql } from "../testing/readable-sql.ts";
import { prepareUserLookups } from "./repository.ts";

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
});
