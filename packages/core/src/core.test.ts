import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createCore } from "./core.ts";
import { isDatabaseUnreachable } from "./db/unreachable.ts";
import { createTestDatabase } from "./testing/index.ts";

describe("createCore", () => {
  it("lets no driver error escape: a dead database becomes `unavailable`", async () => {
    const t = await createTestDatabase();
    const reported: unknown[] = [];
    const core = createCore({ db: t.database.db, onUnexpectedError: (e) => reported.push(e) });
    await t.cleanup();
    await expect(core.users.findUser(1)).rejects.toMatchObject({ name: "DomainError", code: "unavailable" });
    await expect(core.follows.follow(2, 3)).rejects.toMatchObject({ code: "unavailable" });
    expect(reported.length).toBe(2);
  });

  it("answers a statement the database refuses for what it is (a bug) as `internal`, not as retryable", async () => {
    const t = await createTestDatabase();
    try {
      const reported: unknown[] = [];
      const core = createCore({ db: t.database.db, onUnexpectedError: (e) => reported.push(e) });
      // A broken schema is what a bug looks like from here: the core's own statement fails.
      await t.database.db.execute(sql`alter table users rename to users_gone`);
      await expect(core.users.findUser(1)).rejects.toMatchObject({ name: "DomainError", code: "internal" });
      expect(reported.length).toBe(1);
    } finally {
      await t.cleanup();
    }
  });
});

describe("isDatabaseUnreachable", () => {
  const wrapped = (cause: object) => Object.assign(new Error("Failed query: select 1"), { cause });
  it.each([
    ["a refused socket", { code: "ECONNREFUSED" }],
    ["a connection the server closed", { code: "CONNECTION_CLOSED" }],
    ["a connect timeout", { code: "CONNECT_TIMEOUT" }],
    ["an administrator's shutdown", { code: "57P01" }],
    ["a server still starting", { code: "57P03" }],
    ["a statement timeout", { code: "57014" }],
    ["a full disk", { code: "53100" }],
    ["a database closed to connections", { code: "55000" }],
    ["a read-only server", { code: "25006" }],
    ["a closed PGlite", new Error("PGlite is closed")],
  ])("is true for %s", (_, cause) => {
    expect(isDatabaseUnreachable(wrapped(cause))).toBe(true);
  });
  it.each([
    ["an undefined table", { code: "42P01" }],
    ["a syntax error", { code: "42601" }],
    ["a check violation", { code: "23514" }],
    ["a TypeError", new TypeError("cannot read properties of undefined")],
  ])("is false for %s", (_, cause) => {
    expect(isDatabaseUnreachable(wrapped(cause))).toBe(false);
  });
});
