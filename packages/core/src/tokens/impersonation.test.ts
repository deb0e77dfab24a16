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
    expect(await t.core.tokens.revokeImpersonationTokens(user.id)).toBe(1);
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

  it("marks what it mints as an impersonation token, and reuses only those", async () => {
    const user = await t.core.users.createUser(userInput());
    // The user's own token, under the same name and with the same scopes.
    const own = await t.core.tokens.createToken(user.id, { name: NAME, scopes: ["user"] });
    expect(own.token.impersonation).toBe(false);
    const minted = await ask(user.id, ["user"]);
    expect(minted).toMatchObject({ created: true, token: { impersonation: true } });
    expect(minted.token.id).not.toBe(own.token.id);
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

describe("impersonation tokens an administrator minted (GitLab's routes)", () => {
  const PAGE = { limit: 20, offset: 0 };
  const today = new Date().toISOString().slice(0, 10);
  const mint = (userId: number, name: string, extra: { expiresAt?: string } = {}) =>
    t.core.tokens.createToken(userId, { name, scopes: ["api"], impersonation: true, ...extra });
  const names = (tokens: { name: string }[]) => tokens.map((token) => token.name);

  it("createToken marks the token when asked to, and only then", async () => {
    const user = await t.core.users.createUser(userInput());
    expect((await mint(user.id, "as-user")).token.impersonation).toBe(true);
    const own = await t.core.tokens.createToken(user.id, { name: "own", scopes: ["api"] });
    expect(own.token.impersonation).toBe(false);
  });

  it("lists the user's impersonation tokens by state, oldest first, and nothing else", async () => {
    const [user, other] = [
      await t.core.users.createUser(userInput()),
      await t.core.users.createUser(userInput()),
    ];
    await mint(user.id, "live");
    await mint(user.id, "ends-today", { expiresAt: today });
    await mint(user.id, "expired", { expiresAt: "2020-01-01" });
    const revoked = await mint(user.id, "revoked");
    await t.core.tokens.revokeImpersonationToken(user.id, revoked.token.id);
    await ask(user.id, ["user"]); // GitHub's impersonation authorization is one too
    await t.core.tokens.createToken(user.id, { name: "own", scopes: ["api"] });
    await mint(other.id, "someone else's");

    const list = (state: "all" | "active" | "inactive") =>
      t.core.tokens.listImpersonationTokens(user.id, state, PAGE, 10_000);
    const all = await list("all");
    expect(names(all.tokens)).toEqual(["live", "ends-today", "expired", "revoked", NAME]);
    expect(all.total).toBe(5);
    expect(await list("active")).toMatchObject({ tokens: [{ name: "live" }, { name: NAME }], total: 2 });
    const inactive = await list("inactive");
    expect(names(inactive.tokens)).toEqual(["ends-today", "expired", "revoked"]);
    expect(inactive.total).toBe(3);
  });

  it("pages by limit and offset; the total counts every page, and stops at the count limit", async () => {
    const user = await t.core.users.createUser(userInput());
    for (const name of ["a", "b", "c", "d", "e"]) await mint(user.id, name);
    const second = await t.core.tokens.listImpersonationTokens(
      user.id,
      "all",
      { limit: 2, offset: 2 },
      10_000,
    );
    expect(second).toMatchObject({ tokens: [{ name: "c" }, { name: "d" }], total: 5 });
    const capped = await t.core.tokens.listImpersonationTokens(user.id, "all", PAGE, 3);
    expect(capped.tokens).toHaveLength(5);
    expect(capped.total).toBe(3);
  });

  it("an unknown user → user_not_found, even for a list or id that would be empty", async () => {
    const nobody = 987654321;
    await expect(t.core.tokens.listImpersonationTokens(nobody, "all", PAGE, 10)).rejects.toMatchObject({
      code: "user_not_found",
    });
    await expect(t.core.tokens.getImpersonationToken(nobody, null)).rejects.toMatchObject({
      code: "user_not_found",
    });
    await expect(t.core.tokens.revokeImpersonationToken(nobody, 1)).rejects.toMatchObject({
      code: "user_not_found",
    });
  });

  it("finds one only as an impersonation token of its own user", async () => {
    const [user, other] = [
      await t.core.users.createUser(userInput()),
      await t.core.users.createUser(userInput()),
    ];
    const minted = await mint(user.id, "as-user");
    const own = await t.core.tokens.createToken(user.id, { name: "own", scopes: ["api"] });
    expect(await t.core.tokens.getImpersonationToken(user.id, minted.token.id)).toEqual(minted.token);
    expect(await t.core.tokens.getImpersonationToken(other.id, minted.token.id)).toBeNull();
    expect(await t.core.tokens.getImpersonationToken(user.id, own.token.id)).toBeNull();
    expect(await t.core.tokens.getImpersonationToken(user.id, null)).toBeNull();
    expect(await t.core.tokens.getImpersonationToken(user.id, 2 ** 53)).toBeNull();
  });

  it("revokes one by id, again without changing its time; not a token it would not find", async () => {
    const [user, other] = [
      await t.core.users.createUser(userInput()),
      await t.core.users.createUser(userInput()),
    ];
    const minted = await mint(user.id, "as-user");
    const own = await t.core.tokens.createToken(user.id, { name: "own", scopes: ["api"] });
    expect(await t.core.tokens.revokeImpersonationToken(other.id, minted.token.id)).toBe(false);
    expect(await t.core.tokens.revokeImpersonationToken(user.id, own.token.id)).toBe(false);
    expect((await t.core.tokens.resolveToken(minted.secret)).status).toBe("valid");
    expect((await t.core.tokens.resolveToken(own.secret)).status).toBe("valid");

    expect(await t.core.tokens.revokeImpersonationToken(user.id, minted.token.id)).toBe(true);
    expect((await t.core.tokens.resolveToken(minted.secret)).status).toBe("revoked");
    const revokedAt = (await t.core.tokens.getToken(minted.token.id))?.revokedAt;
    expect(revokedAt).toBeInstanceOf(Date);
    expect(await t.core.tokens.revokeImpersonationToken(user.id, minted.token.id)).toBe(true);
    expect((await t.core.tokens.getToken(minted.token.id))?.revokedAt).toEqual(revokedAt);
  });

  it("revokeImpersonationTokens revokes every live impersonation token of the user, minted through either dialect", async () => {
    const [user, other] = [
      await t.core.users.createUser(userInput()),
      await t.core.users.createUser(userInput()),
    ];
    const gitlab = await mint(user.id, "as-user");
    const github = await ask(user.id, ["user"]);
    const own = await t.core.tokens.createToken(user.id, { name: NAME, scopes: ["user"] });
    const others = await mint(other.id, "as-other");
    expect(await t.core.tokens.revokeImpersonationTokens(user.id)).toBe(2);
    for (const secret of [gitlab.secret, github.secret as string])
      expect((await t.core.tokens.resolveToken(secret)).status).toBe("revoked");
    for (const secret of [own.secret, others.secret])
      expect((await t.core.tokens.resolveToken(secret)).status).toBe("valid");
    expect(await t.core.tokens.revokeImpersonationTokens(user.id)).toBe(0);
  });
});
