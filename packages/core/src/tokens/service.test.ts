import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../db/rows.ts";
import { createTestDatabase, type TestDatabase, userInput } from "../testing/index.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.cleanup());

describe("tokens", () => {
  it("returns the secret once and stores only its digest", async () => {
    const user = await t.core.users.createUser(userInput());
    const { token, secret } = await t.core.tokens.createToken(user.id, {
      name: "ci",
      scopes: ["api"],
      prefix: "glpat-",
    });
    expect(secret).toMatch(/^glpat-[A-Za-z0-9]{20}$/);
    const stored = rowsOf(await t.database.db.execute(sql`select * from tokens where id = ${token.id}`));
    expect(JSON.stringify(stored)).not.toContain(secret.slice(6));
    const resolved = await t.core.tokens.resolveToken(secret);
    expect(resolved).toMatchObject({ status: "valid", user: { id: user.id }, token: { scopes: ["api"] } });
  });

  it("tells unknown, expired and revoked tokens apart", async () => {
    const user = await t.core.users.createUser(userInput());
    expect(await t.core.tokens.resolveToken("nope")).toEqual({ status: "unknown" });
    const expired = await t.core.tokens.createToken(user.id, {
      name: "old",
      scopes: ["api"],
      expiresAt: "2020-01-01",
    });
    expect((await t.core.tokens.resolveToken(expired.secret)).status).toBe("expired");
    // A token expires at the start of its expiry day.
    const today = new Date().toISOString().slice(0, 10);
    const endsToday = await t.core.tokens.createToken(user.id, {
      name: "today",
      scopes: ["api"],
      expiresAt: today,
    });
    expect((await t.core.tokens.resolveToken(endsToday.secret)).status).toBe("expired");
    const live = await t.core.tokens.createToken(user.id, { name: "live", scopes: ["api"] });
    await t.core.tokens.revokeToken(live.token.id);
    expect((await t.core.tokens.resolveToken(live.secret)).status).toBe("revoked");
    await expect(t.core.tokens.revokeToken(987654)).rejects.toMatchObject({ code: "token_not_found" });
  });

  it("records when a token was last used", async () => {
    const user = await t.core.users.createUser(userInput());
    const { token, secret } = await t.core.tokens.createToken(user.id, { name: "use", scopes: ["api"] });
    expect(token.lastUsedAt).toBeNull();
    await t.core.tokens.resolveToken(secret);
    await expect.poll(async () => (await t.core.tokens.getToken(token.id))?.lastUsedAt).not.toBeNull();
  });
});

describe("revokeToken by a caller", () => {
  const mint = async (userId: number) =>
    t.core.tokens.createToken(userId, { name: "spare", scopes: ["api"] });
  const statusOf = async (secret: string) => (await t.core.tokens.resolveToken(secret)).status;

  it("the owner may revoke its token, and so may an administrator", async () => {
    const owner = await t.core.users.createUser(userInput());
    const admin = await t.core.users.createUser({ ...userInput(), isAdmin: true });
    const first = await mint(owner.id);
    await t.core.tokens.revokeToken(first.token.id, { by: owner });
    expect(await statusOf(first.secret)).toBe("revoked");
    const second = await mint(owner.id);
    await t.core.tokens.revokeToken(second.token.id, { by: admin });
    expect(await statusOf(second.secret)).toBe("revoked");
  });

  it("to anyone else the token does not exist, and it keeps working", async () => {
    const owner = await t.core.users.createUser(userInput());
    const other = await t.core.users.createUser(userInput());
    const { token, secret } = await mint(owner.id);
    await expect(t.core.tokens.revokeToken(token.id, { by: other })).rejects.toMatchObject({
      code: "token_not_found",
    });
    expect(await statusOf(secret)).toBe("valid");
    await expect(t.core.tokens.revokeToken(987654, { by: other })).rejects.toMatchObject({
      code: "token_not_found",
    });
  });

  it("revoking again succeeds and keeps the first revocation's time", async () => {
    const owner = await t.core.users.createUser(userInput());
    const { token } = await mint(owner.id);
    await t.core.tokens.revokeToken(token.id, { by: owner });
    const revokedAt = (await t.core.tokens.getToken(token.id))?.revokedAt;
    expect(revokedAt).toBeInstanceOf(Date);
    await t.core.tokens.revokeToken(token.id, { by: owner });
    expect((await t.core.tokens.getToken(token.id))?.revokedAt).toEqual(revokedAt);
  });
});
