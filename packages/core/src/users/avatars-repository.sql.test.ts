import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../db/database.ts";
import { readableSql } from "../testing/readable-sql.ts";
import { selectAvatarStatement, upsertAvatarStatement } from "./avatars-repository.ts";

// The SQL of the avatar statements, pinned whole so a change shows in the diff. Building it
// sends nothing to the database, and the text is the same on both engines: PGlite's pass only.
describe.skipIf(process.env.TEST_DATABASE_URL)("the SQL the avatars repository runs", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ driver: "pglite", dataDir: "memory://" });
  });
  afterAll(() => database?.close());

  it("stores an avatar", () => {
    const row = { userId: 2, contentType: "image/png", bytes: new Uint8Array([1]), updatedAt: new Date(0) };
    expect(readableSql(upsertAvatarStatement(database.db, row).toSQL().sql)).toMatchInlineSnapshot(`
      "insert into "user_avatars" ("user_id", "content_type", "bytes",
        "updated_at") values ($1, $2, $3, $4) on conflict ("user_id") do update set "content_type" = excluded."content_type",
        "bytes" = excluded."bytes", "updated_at" = excluded."updated_at""
    `);
  });

  it("reads an avatar", () => {
    expect(readableSql(selectAvatarStatement(database.db, 2).toSQL().sql)).toMatchInlineSnapshot(`
      "select "user_id", "content_type", "bytes", "updated_at"
      from "user_avatars"
      where "user_avatars"."user_id" = $1"
    `);
  });
});
