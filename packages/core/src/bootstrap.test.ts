import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapRoot, ROOT_TOKEN_SCOPES, rotateRootToken } from "./bootstrap.ts";
import { createTestDatabase, type TestDatabase, userInput } from "./testing/index.ts";

// One database for the file: each test begins by setting root's token itself, so it starts
// from a state it knows; the first relies on being first (vitest runs a file in order).
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.cleanup());

const statusOf = async (secret: string) => (await t.core.tokens.resolveToken(secret)).status;
/** A token minted for root the way the API mints it (any name but the bootstrap ones). */
const apiTokenOfRoot = async () =>
  (await t.core.tokens.createToken(1, { name: "ci", scopes: ["api"] })).secret;

describe("bootstrapRoot", () => {
  it("without ROOT_TOKEN mints root's token on the first start only", async () => {
    const { createdSecret } = await bootstrapRoot(t.core);
    expect(createdSecret).toMatch(/^glpat-[A-Za-z0-9]{20}$/);
    expect(await bootstrapRoot(t.core)).toEqual({});
    expect(await t.core.tokens.resolveToken(createdSecret!)).toMatchObject({
      status: "valid",
      user: { id: 1, isAdmin: true },
      token: { name: "root", scopes: ROOT_TOKEN_SCOPES },
    });

    // Setting ROOT_TOKEN later is a rotation: the generated token stops working.
    const minted = await apiTokenOfRoot();
    expect(await bootstrapRoot(t.core, "root-secret-token-1")).toEqual({ revoked: 1 });
    expect(await statusOf(createdSecret!)).toBe("revoked");
    expect(await statusOf("root-secret-token-1")).toBe("valid");
    expect(await statusOf(minted)).toBe("valid");
  });

  it("adopts ROOT_TOKEN idempotently", async () => {
    await bootstrapRoot(t.core, "root-secret-token-2");
    expect(await bootstrapRoot(t.core, "root-secret-token-2")).toEqual({});
    expect(await bootstrapRoot(t.core, "root-secret-token-2")).toEqual({});
    expect(await t.core.tokens.resolveToken("root-secret-token-2")).toMatchObject({
      status: "valid",
      user: { id: 1 },
      token: { name: "ROOT_TOKEN" },
    });
  });

  it("a new ROOT_TOKEN revokes the earlier ones, which stay revoked once the variable is unset", async () => {
    await bootstrapRoot(t.core, "root-secret-token-3");
    const minted = await apiTokenOfRoot();
    expect(await bootstrapRoot(t.core, "root-secret-token-4")).toEqual({ revoked: 1 });
    expect(await statusOf("root-secret-token-3")).toBe("revoked");
    expect(await statusOf("root-secret-token-4")).toBe("valid");

    // Unset: root's token is what it was last set to; nothing is minted or revoked.
    expect(await bootstrapRoot(t.core)).toEqual({});
    expect(await statusOf("root-secret-token-3")).toBe("revoked");
    expect(await statusOf("root-secret-token-4")).toBe("valid");
    expect(await statusOf(minted)).toBe("valid");
  });

  it("refuses to revive a revoked ROOT_TOKEN, keeping the current one", async () => {
    await bootstrapRoot(t.core, "root-secret-token-5");
    await bootstrapRoot(t.core, "root-secret-token-6");
    await expect(bootstrapRoot(t.core, "root-secret-token-5")).rejects.toMatchObject({
      name: "StartupError",
      exitCode: 2,
      message: "ROOT_TOKEN is a revoked token of root's; choose a new secret",
    });
    expect(await statusOf("root-secret-token-5")).toBe("revoked");
    expect(await statusOf("root-secret-token-6")).toBe("valid");
  });

  it("a ROOT_TOKEN that is a token minted for root through the API becomes root's token", async () => {
    await bootstrapRoot(t.core, "root-secret-token-7");
    const minted = await apiTokenOfRoot();
    expect(await bootstrapRoot(t.core, minted)).toEqual({ revoked: 1 });
    expect(await statusOf(minted)).toBe("valid");
    expect(await statusOf("root-secret-token-7")).toBe("revoked");
  });

  it("refuses a ROOT_TOKEN that is another user's token, revoking nothing", async () => {
    await bootstrapRoot(t.core, "root-secret-token-8");
    const user = await t.core.users.createUser(userInput());
    await t.core.tokens.createToken(user.id, { name: "x", scopes: ["api"], secret: "someone-elses-secret" });
    await expect(bootstrapRoot(t.core, "someone-elses-secret")).rejects.toMatchObject({
      name: "StartupError",
      exitCode: 2,
      message: "ROOT_TOKEN is already the token of another user; choose another secret",
    });
    expect(await statusOf("root-secret-token-8")).toBe("valid");
    expect(await statusOf("someone-elses-secret")).toBe("valid");
  });
});

describe("rotateRootToken", () => {
  it("mints a new root token and revokes the ROOT_TOKEN and generated ones, not the API's", async () => {
    await bootstrapRoot(t.core, "root-secret-token-9");
    const minted = await apiTokenOfRoot();
    const first = await rotateRootToken(t.core);
    expect(first).toEqual({ secret: expect.stringMatching(/^glpat-[A-Za-z0-9]{20}$/), revoked: 1 });
    expect(await statusOf("root-secret-token-9")).toBe("revoked");
    expect(await t.core.tokens.resolveToken(first.secret)).toMatchObject({
      status: "valid",
      user: { id: 1 },
      token: { name: "root", scopes: ROOT_TOKEN_SCOPES },
    });

    const second = await rotateRootToken(t.core);
    expect(second.revoked).toBe(1);
    expect(await statusOf(first.secret)).toBe("revoked");
    expect(await statusOf(second.secret)).toBe("valid");
    expect(await statusOf(minted)).toBe("valid");
    // A later start without ROOT_TOKEN keeps the rotated token and mints nothing.
    expect(await bootstrapRoot(t.core)).toEqual({});
    expect(await statusOf(second.secret)).toBe("valid");
  });
});
