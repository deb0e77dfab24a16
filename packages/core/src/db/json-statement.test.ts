import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import { prepareJson } from "./json-statement.ts";

// `prepareJson` relies on drizzle's private session API, the session's `prepareQuery(query,
// fields, name, isResponseInArrayMode)`. These tests pin that shape on the driver under test
// (PGlite, or PostgreSQL with TEST_DATABASE_URL), so a drizzle upgrade that changes it fails
// here, by name, rather than in every hot read at once.
const IF_DRIZZLE_CHANGED =
  "drizzle-orm changed its private session API that db/json-statement.ts's prepareJson uses " +
  "(the session's prepareQuery); adapt prepareJson to the new one (it is the only caller) or pin drizzle-orm";

describe("prepareJson on drizzle's session", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.cleanup());

  it("finds prepareQuery on the driver's session", () => {
    const session = (t.database.db as unknown as { _?: { session?: { prepareQuery?: unknown } } })._?.session;
    expect(typeof session?.prepareQuery, IF_DRIZZLE_CHANGED).toBe("function");
  });

  it("prepares a named statement that executes with placeholders and answers its JSON", async () => {
    const echo = prepareJson<{ n: number; s: string } | null>(
      t.database.db,
      "json_statement_test_echo",
      sql`select json_build_object('n', ${sql.placeholder("n")}::int + 1, 's', ${sql.placeholder("s")}::text) as r`,
    );
    let first: unknown;
    try {
      first = await echo({ n: 41, s: "twice" });
    } catch (error) {
      throw new Error(`${IF_DRIZZLE_CHANGED}: ${String(error)}`);
    }
    expect(first, IF_DRIZZLE_CHANGED).toEqual({ n: 42, s: "twice" });
    // A prepared statement runs again with new values.
    expect(await echo({ n: 1, s: "again" }), IF_DRIZZLE_CHANGED).toEqual({ n: 2, s: "again" });
  });
});
