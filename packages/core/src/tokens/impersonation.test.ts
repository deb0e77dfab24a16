import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, userInput } from "../testing/index.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.cleanup());

const NAME = "impersonation";
const ask = (userId: number, scopes: string[]) =>
  t.core.tokens.impersonate(userId, { name: NAME, scopes, prefix: "gho_" });

describe("impersonate", () => {
  it("mints a token for new scopes and hands the same one back for the same set, without its secret", async () => {
    const user = await t.core.users.createUser(userInput());
    const first = await ask(user.id, ["user", "public_repo", "user"]);
    expect(first).toMatchObject({ created: true, token: { userId: user.id, name: NAME } });
    expect(first.token.scopes).toEqual(["public_repo", "user"]);
    expect(first.secret).toMatch(/^gho_[A-Za-z0-9]{20}$/);
    expect(await t.core.tokens.resolveToken(first.secret as string)).toMatchObject({ status: "valid" });

    const again = await ask(user.id, ["public_repo", "user"]);
    expect(again).toMatchObject({ created: false, secret: null });
    // The same row, read again (its use since is recorded on it).
    expect(again.token).toEqual({ ...first.token, lastUsedAt: again.token.lastUsedAt });
  });

  it("other scopes get a token of their own; the earlier one keeps working", async () => {
    const user = await t.core.users.createUser(userInput());
    const follow = await ask(user.id, ["user:follow"]);
    const read = await ask(user.id, ["read:user"]);
    expect(read.created).toBe(true);
    expect(read.token.id).not.toBe(follow.token.id);
    for (const { secret } of [follow, read])
      expect((await t.core.tokens.resolveToken(secret as string)).status).toBe("valid");
    expect((await ask(user.id, ["user:follow"])).token.id).toBe(follow.token.id);
    expect((await ask(user.id, ["read:user"])).token.id).toBe(read.token.id);
    expect(await t.core.tokens.countTokens(user.id)).toBe(2);
  });

  it("a revoked token is not handed out again: the same scopes mint a new one", async () => {
    const user = await t.core.users.createUser(userInput());
    const first = await ask(user.id, ["user"]);
    expect(await t.core.tokens.revokeTokensNamed(user.id, NAME)).toBe(1);
    const second = await ask(user.id, ["user"]);
    expect(second.created).toBe(true);
    expect(second.token.id).not.toBe(first.token.id);
  });

  it("tokens of other names, or of other users, are not reused", async () => {
    const user = await t.core.users.createUser(userInput());
    const other = await t.core.users.createUser(userInput());
    await t.core.tokens.createToken(user.id, { name: "ci", scopes: ["user"] });
    await ask(other.id, ["user"]);
    expect((await ask(user.id, ["user"])).created).toBe(true);
  });

  it("an unknown user → user_not_found, and nothing is stored", async () => {
    await expect(ask(987654321, ["user"])).rejects.toMatchObject({ code: "user_not_found" });
    expect(await t.core.tokens.countTokens(987654321)).toBe(0);
  });

  it("concurrent calls for the same scopes mint exactly one token", async () => {
    const user = await t.core.users.createUser(userInput());
    // More calls than the PostgreSQL pool has connections, all in flight at once.
    const results = await Promise.all(Array.from({ length: 12 }, () => ask(user.id, ["user:follow"])));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.token.id)).size).toBe(1);
    expect(await t.core.tokens.countTokens(user.id)).toBe(1);
  });
});

// PGlite runs one transaction at a time, so only PostgreSQL can show the calls queueing.
describe.skipIf(!process.env.TEST_DATABASE_URL)("impersonate on PostgreSQL", () => {
  /** Backends of this database now waiting for a lock (postgres.js answers with the rows). */
  const lockWaiters = async () => {
    const rows = (await t.database.db.execute(sql`select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`)) as unknown as { n: number }[];
    return rows[0]!.n;
  };

  it("calls queue on the user's row while another transaction holds it; then exactly one mints", async () => {
    const user = await t.core.users.createUser(userInput());
    // One connection holds the row, three calls wait, one watches: the pool's five.
    let calls: Promise<Awaited<ReturnType<typeof ask>>[]> | undefined;
    let waiting = 0;
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`select id from users where id = ${user.id} for no key update`);
      let settled = false;
      calls = Promise.all([1, 2, 3].map(() => ask(user.id, ["user"]))).finally(() => {
        settled = true;
      });
      // Until all three wait; a version that took no lock would settle first instead.
      for (;;) {
        waiting = await lockWaiters();
        if (settled || waiting >= 3) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    expect(waiting).toBe(3);
    const results = await calls!;
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.token.id)).size).toBe(1);
    expect(await t.core.tokens.countTokens(user.id)).toBe(1);
  });
});
