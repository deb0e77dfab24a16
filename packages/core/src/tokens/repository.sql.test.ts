import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../db/database.ts";
import { readableSql } from "../testing/readable-sql.ts";
import { impersonationTokensPage, tokensByDigestSql } from "./repository.ts";

// The SQL text of tokens_by_digest, pinned whole so a change shows in the diff. It is the same
// on both engines, so this runs once, on PGlite's pass.
describe.skipIf(process.env.TEST_DATABASE_URL)("the SQL the tokens repository prepares", () => {
  it("tokens_by_digest", () => {
    expect(readableSql(tokensByDigestSql())).toMatchInlineSnapshot(`
      "select caller.json as r
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
          where "t"."digest" = $1::bytea) caller on true"
    `);
  });

  describe("a page of a user's impersonation tokens, for each state", () => {
    let database: Database;
    beforeAll(async () => {
      database = await openDatabase({ driver: "pglite", dataDir: "memory://" });
    });
    afterAll(() => database?.close());
    const pageSql = (state: "all" | "active" | "inactive") =>
      readableSql(
        impersonationTokensPage(
          database.db,
          2,
          { state, today: "2026-01-01" },
          { limit: 20, offset: 40 },
        ).toSQL().sql,
      );

    it("all", () => {
      expect(pageSql("all")).toMatchInlineSnapshot(`
        "select "id", "user_id", "name", "description", "impersonation", "scopes", "expires_at",
          "revoked_at", "last_used_at", "created_at"
        from "tokens"
        where ("tokens"."user_id" = $1 and "tokens"."impersonation" = $2)
        order by "tokens"."id"
        limit $3 offset $4"
      `);
    });

    it("active", () => {
      expect(pageSql("active")).toMatchInlineSnapshot(`
        "select "id", "user_id", "name", "description", "impersonation", "scopes", "expires_at",
          "revoked_at", "last_used_at", "created_at"
        from "tokens"
        where ("tokens"."user_id" = $1 and "tokens"."impersonation" = $2 and ("tokens"."revoked_at" is null and ("tokens"."expires_at" is null or "tokens"."expires_at" > $3)))
        order by "tokens"."id"
        limit $4 offset $5"
      `);
    });

    it("inactive", () => {
      expect(pageSql("inactive")).toMatchInlineSnapshot(`
        "select "id", "user_id", "name", "description", "impersonation", "scopes", "expires_at",
          "revoked_at", "last_used_at", "created_at"
        from "tokens"
        where ("tokens"."user_id" = $1 and "tokens"."impersonation" = $2 and ("tokens"."revoked_at" is not null or "tokens"."expires_at" <= $3))
        order by "tokens"."id"
        limit $4 offset $5"
      `);
    });
  });
});
