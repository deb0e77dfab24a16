import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../db/database.ts";
import { readableSql } from "../testing/readable-sql.ts";
import { blockedCountQuery, blockedPageQuery, blockQuery } from "./blocks-repository.ts";

// The SQL text of the blocks' statements, pinned whole so a change shows in the diff. Building
// sends nothing to the database and the text is the same on both engines: PGlite's pass only.
describe.skipIf(process.env.TEST_DATABASE_URL)("the SQL of user blocks", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ driver: "pglite", dataDir: "memory://" });
  });
  afterAll(() => database?.close());

  it("a page of the users one blocks, the suspended left out, on the blocker/time index", () => {
    expect(readableSql(blockedPageQuery(database.db, 7, false, 30, 0).toSQL().sql)).toMatchInlineSnapshot(`
      "select "users"."id", "users"."username", "users"."name", "users"."email", "users"."public_email",
        "users"."state", "users"."avatar_url", "users"."is_admin"
      from "user_blocks"
      inner join "users" on "users"."id" = "user_blocks"."blocked_id"
      where ("user_blocks"."blocker_id" = $1 and "users"."state" not in ($2, $3))
      order by "user_blocks"."created_at" asc, "user_blocks"."blocked_id" asc
      limit $4"
    `);
  });

  it("a page of the users one blocks, for an administrator", () => {
    expect(readableSql(blockedPageQuery(database.db, 7, true, 30, 0).toSQL().sql)).toMatchInlineSnapshot(`
      "select "users"."id", "users"."username", "users"."name", "users"."email", "users"."public_email",
        "users"."state", "users"."avatar_url", "users"."is_admin"
      from "user_blocks"
      inner join "users" on "users"."id" = "user_blocks"."blocked_id"
      where "user_blocks"."blocker_id" = $1
      order by "user_blocks"."created_at" asc, "user_blocks"."blocked_id" asc
      limit $2"
    `);
  });

  it("their number", () => {
    expect(readableSql(blockedCountQuery(database.db, 7, false).toSQL().sql)).toMatchInlineSnapshot(`
      "select count(*)
      from "user_blocks"
      inner join "users" on "users"."id" = "user_blocks"."blocked_id"
      where ("user_blocks"."blocker_id" = $1 and "users"."state" not in ($2, $3))"
    `);
  });

  it("one user's block of another, with the blocked user's visibility", () => {
    expect(readableSql(blockQuery(database.db, 7, 8).toSQL().sql)).toMatchInlineSnapshot(`
      "select "users"."state", "users"."private_profile"
      from "user_blocks"
      inner join "users" on "users"."id" = "user_blocks"."blocked_id"
      where ("user_blocks"."blocker_id" = $1 and "user_blocks"."blocked_id" = $2)"
    `);
  });
});
