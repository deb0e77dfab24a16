import { describe, expect, it } from "vitest";
import { API, ROOT_TOKEN, read, setupGitLab } from "../testing.ts";

const h = setupGitLab();

const FORBIDDEN = { status: 403, body: { message: "403 Forbidden" } };
const UNAUTHORIZED = { status: 401, body: { message: "401 Unauthorized" } };
const USER_NOT_FOUND = { status: 404, body: { message: "404 User Not Found" } };
const TOKEN_NOT_FOUND = { status: 404, body: { message: "404 Impersonation Token Not Found" } };
const bad = (error: string) => ({ status: 400, body: { error } });

/** `ImpersonationToken`'s keys in wire order; the creation answer has `token` before `impersonation`. */
const KEYS = [
  "id",
  "name",
  "revoked",
  "created_at",
  "description",
  "scopes",
  "user_id",
  "last_used_at",
  "active",
  "expires_at",
  "impersonation",
];

const path = (userId: number | string, tokenId?: number | string) =>
  `/users/${userId}/impersonation_tokens${tokenId === undefined ? "" : `/${tokenId}`}`;

type WireToken = { id: number; name: string; token: string; active: boolean; revoked: boolean };

/** An impersonation token minted through the route. */
async function mint(userId: number, json: Record<string, unknown> = {}) {
  const res = await h.post(path(userId), {
    token: ROOT_TOKEN,
    json: { name: "seed", scopes: ["api"], ...json },
  });
  const { status, body } = await read(res);
  expect(status).toBe(201);
  return body as WireToken;
}

const twoUsers = async () => {
  const [a, b] = await h.users(2);
  return [a!.user, b!.user] as const;
};

/** Sends a request that must fail, and insists nothing stored changed because of it. */
async function refused(send: () => Promise<Response>, expected: { status: number; body: unknown }) {
  const before = await h.snapshot();
  expect(await read(await send())).toEqual(expected);
  expect(await h.snapshot()).toBe(before);
}

const list = async (userId: number, query = "", token = ROOT_TOKEN) => {
  const res = await h.get(`${path(userId)}${query}`, { token });
  return { res, ...(await read(res)) } as { res: Response; status: number; body: WireToken[] };
};

describe("POST /users/:user_id/impersonation_tokens", () => {
  it("admin → 201 ImpersonationTokenWithToken; the token acts as the user and is stored as an impersonation token", async () => {
    const { user } = await h.user();
    const res = await h.post(path(user.id), {
      token: ROOT_TOKEN,
      json: { name: "seeding", scopes: ["api", "read_user"], expires_at: "2099-12-31", description: "ci" },
    });
    const { status, body } = await read(res);
    expect(status).toBe(201);
    const token = body as Record<string, unknown>;
    expect(Object.keys(token)).toEqual([...KEYS.slice(0, -1), "token", "impersonation"]);
    expect(token).toMatchObject({
      name: "seeding",
      revoked: false,
      description: "ci",
      scopes: ["api", "read_user"],
      user_id: user.id,
      last_used_at: null,
      active: true,
      expires_at: "2099-12-31",
      impersonation: true,
    });
    expect(token.token).toMatch(/^glpat-[A-Za-z0-9]{20}$/);
    expect((await h.core.tokens.getToken(token.id as number))?.impersonation).toBe(true);
    const me = await read(await h.get("/user", { token: token.token as string }));
    expect(me).toMatchObject({ status: 200, body: { id: user.id } });
  });

  it("takes form bodies and comma-separated scopes; no expires_at gives the longest lifetime, as for personal access tokens", async () => {
    const { user } = await h.user();
    const form = await h.post(path(user.id), {
      token: ROOT_TOKEN,
      body: "name=f&scopes[]=read_api&scopes[]=read_user",
      contentType: "application/x-www-form-urlencoded",
    });
    expect(await read(form)).toMatchObject({ status: 201, body: { scopes: ["read_api", "read_user"] } });
    const comma = await mint(user.id, { scopes: "api,read_user" });
    expect(comma).toMatchObject({ scopes: ["api", "read_user"] });
    const expiresAt = (comma as unknown as { expires_at: string }).expires_at;
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 360 * 86_400_000);
  });

  it.each([
    ["nothing", {}, bad("name is missing, scopes is missing")],
    ["no scopes", { name: "x" }, bad("scopes is missing")],
    [
      "an unknown scope",
      { name: "x", scopes: ["write_everything"] },
      bad("scopes does not have a valid value"),
    ],
    ["scopes as a number", { name: "x", scopes: 5 }, bad("scopes is invalid")],
    ["a name with NUL", { name: "a\u0000b", scopes: ["api"] }, bad("name is invalid")],
    [
      "a date that is not one",
      { name: "x", scopes: ["api"], expires_at: "2099-02-30" },
      bad("expires_at is invalid"),
    ],
    [
      "a date in the past",
      { name: "x", scopes: ["api"], expires_at: "2020-01-01" },
      { status: 422, body: { message: "Expiration date must be in the future" } },
    ],
  ])("%s → refused as for personal access tokens, nothing stored", async (_name, json, expected) => {
    const { user } = await h.user();
    await refused(() => h.post(path(user.id), { token: ROOT_TOKEN, json }), expected);
  });

  it("unknown user → 404; non-admin → 403; anonymous → 401; a word for user_id → 400, after the caller", async () => {
    const { user, token } = await h.user();
    const json = { name: "x", scopes: ["api"] };
    await refused(() => h.post(path(987654321), { token: ROOT_TOKEN, json }), USER_NOT_FOUND);
    await refused(() => h.post(path("99999999999999999999"), { token: ROOT_TOKEN, json }), USER_NOT_FOUND);
    await refused(() => h.post(path(user.id), { token, json }), FORBIDDEN);
    await refused(() => h.post(path(user.id), { json }), UNAUTHORIZED);
    await refused(() => h.post(path("abc"), { token: ROOT_TOKEN, json }), bad("user_id is invalid"));
    await refused(() => h.post(path("abc"), { json }), UNAUTHORIZED);
    // The parameters are checked before the user is looked up.
    await refused(
      () => h.post(path(987654321), { token: ROOT_TOKEN, json: {} }),
      bad("name is missing, scopes is missing"),
    );
  });

  it("an administrator's token that only reads → 403 insufficient_scope", async () => {
    const { user } = await h.user();
    const { token } = await h.user({ isAdmin: true }, ["read_api"]);
    const res = await h.post(path(user.id), { token, json: { name: "x", scopes: ["api"] } });
    expect(await read(res)).toMatchObject({ status: 403, body: { error: "insufficient_scope" } });
  });
});

describe("GET /users/:user_id/impersonation_tokens", () => {
  it("the user's impersonation tokens, oldest first, without secrets; not its own tokens nor anyone else's", async () => {
    const [user, other] = await twoUsers();
    const first = await mint(user.id, { name: "first" });
    const second = await mint(user.id, { name: "second" });
    await h.core.tokens.createToken(user.id, { name: "own", scopes: ["api"] });
    await mint(other.id, { name: "someone else's" });
    const { res, status, body } = await list(user.id);
    expect(status).toBe(200);
    expect(body.map((t) => t.id)).toEqual([first.id, second.id]);
    expect(Object.keys(body[0]!)).toEqual(KEYS);
    expect(body[0]).toMatchObject({ name: "first", impersonation: true, active: true, revoked: false });
    expect(res.headers.get("x-total")).toBe("2");
  });

  it("GitHub Enterprise's impersonation authorizations are impersonation tokens too", async () => {
    const { user } = await h.user();
    await h.core.tokens.impersonate(user.id, { name: "GitHub impersonation token", scopes: ["user"] });
    const { body } = await list(user.id);
    expect(body).toMatchObject([
      { name: "GitHub impersonation token", scopes: ["user"], impersonation: true },
    ]);
  });

  it("state=active|inactive|all filters by whether the token still works; anything else → 400", async () => {
    const { user } = await h.user();
    const live = await mint(user.id, { name: "live" });
    const revoked = await mint(user.id, { name: "revoked" });
    expect((await h.request("DELETE", path(user.id, revoked.id), { token: ROOT_TOKEN })).status).toBe(204);
    const expired = await h.core.tokens.createToken(user.id, {
      name: "expired",
      scopes: ["api"],
      expiresAt: "2020-01-01",
      impersonation: true,
    });
    const ids = async (query: string) => (await list(user.id, query)).body.map((t) => t.id);
    expect(await ids("?state=active")).toEqual([live.id]);
    expect(await ids("?state=inactive")).toEqual([revoked.id, expired.token.id]);
    expect(await ids("?state=all")).toEqual([live.id, revoked.id, expired.token.id]);
    expect(await ids("")).toEqual([live.id, revoked.id, expired.token.id]);
    const inactive = (await list(user.id, "?state=inactive")).body;
    expect(inactive.map(({ active, revoked }) => ({ active, revoked }))).toEqual([
      { active: false, revoked: true },
      { active: false, revoked: false },
    ]);
    expect(await read(await h.get(`${path(user.id)}?state=expired`, { token: ROOT_TOKEN }))).toEqual(
      bad("state does not have a valid value"),
    );
  });

  it("pages with GitLab's headers, and its links keep the state", async () => {
    const { user } = await h.user();
    const minted = [];
    for (let i = 0; i < 5; i++) minted.push(await mint(user.id, { name: `t${i}` }));
    const { res, body } = await list(user.id, "?state=active&per_page=2&page=2");
    expect(body.map((t) => t.id)).toEqual([minted[2]!.id, minted[3]!.id]);
    expect(
      Object.fromEntries(
        ["x-total", "x-total-pages", "x-page", "x-per-page", "x-next-page", "x-prev-page"].map((k) => [
          k,
          res.headers.get(k),
        ]),
      ),
    ).toEqual({
      "x-total": "5",
      "x-total-pages": "3",
      "x-page": "2",
      "x-per-page": "2",
      "x-next-page": "3",
      "x-prev-page": "1",
    });
    const url = `${API}${path(user.id)}`;
    expect(res.headers.get("link")).toBe(
      [
        `<${url}?page=1&per_page=2&state=active>; rel="prev"`,
        `<${url}?page=3&per_page=2&state=active>; rel="next"`,
        `<${url}?page=1&per_page=2&state=active>; rel="first"`,
        `<${url}?page=3&per_page=2&state=active>; rel="last"`,
      ].join(", "),
    );
    const beyond = await list(user.id, "?page=99999999999999999999");
    expect(beyond.body).toEqual([]);
    expect(beyond.res.headers.get("x-total")).toBe("5");
    expect(await read(await h.get(`${path(user.id)}?per_page=0`, { token: ROOT_TOKEN }))).toEqual(
      bad("per_page has a value not allowed"),
    );
  });

  it("unknown user → 404; non-admin → 403; anonymous → 401; a word for user_id → 400", async () => {
    const { user, token } = await h.user();
    expect(await read(await h.get(path(987654321), { token: ROOT_TOKEN }))).toEqual(USER_NOT_FOUND);
    expect(await read(await h.get(path(user.id), { token }))).toEqual(FORBIDDEN);
    expect(await read(await h.get(path(user.id)))).toEqual(UNAUTHORIZED);
    expect(await read(await h.get(path("abc"), { token: ROOT_TOKEN }))).toEqual(bad("user_id is invalid"));
  });

  it("an administrator's token that only reads may list", async () => {
    const { user } = await h.user();
    await mint(user.id);
    const { token } = await h.user({ isAdmin: true }, ["read_api"]);
    expect((await list(user.id, "", token)).body).toHaveLength(1);
  });
});

describe("GET /users/:user_id/impersonation_tokens/:impersonation_token_id", () => {
  it("the token, revoked or not, without its secret", async () => {
    const { user } = await h.user();
    const minted = await mint(user.id);
    const { status, body } = await read(await h.get(path(user.id, minted.id), { token: ROOT_TOKEN }));
    expect(status).toBe(200);
    expect(Object.keys(body as object)).toEqual(KEYS);
    const { token: _secret, ...shown } = minted;
    expect(body).toEqual(shown);
    await h.request("DELETE", path(user.id, minted.id), { token: ROOT_TOKEN });
    expect(await read(await h.get(path(user.id, minted.id), { token: ROOT_TOKEN }))).toMatchObject({
      status: 200,
      body: { revoked: true, active: false },
    });
  });

  it("not an impersonation token of that user → 404, as for an unknown id", async () => {
    const [user, other] = await twoUsers();
    const own = await h.core.tokens.createToken(user.id, { name: "own", scopes: ["api"] });
    const others = await mint(other.id);
    for (const id of [own.token.id, others.id, 987654321, "99999999999999999999", 0, -1])
      expect(await read(await h.get(path(user.id, id), { token: ROOT_TOKEN }))).toEqual(TOKEN_NOT_FOUND);
  });

  it("unknown user → 404 User first; a word for the id → 400; non-admin → 403; anonymous → 401", async () => {
    const { user, token } = await h.user();
    const minted = await mint(user.id);
    expect(await read(await h.get(path(987654321, minted.id), { token: ROOT_TOKEN }))).toEqual(
      USER_NOT_FOUND,
    );
    expect(await read(await h.get(path(user.id, "abc"), { token: ROOT_TOKEN }))).toEqual(
      bad("impersonation_token_id is invalid"),
    );
    expect(await read(await h.get(path(user.id, minted.id), { token }))).toEqual(FORBIDDEN);
    expect(await read(await h.get(path(user.id, minted.id)))).toEqual(UNAUTHORIZED);
  });
});

describe("DELETE /users/:user_id/impersonation_tokens/:impersonation_token_id", () => {
  const revoke = (userId: number | string, tokenId: number | string, token?: string) =>
    h.request("DELETE", path(userId, tokenId), { token });

  it("204 with no body: the token stops working and stays listed, revoked; again → 204, nothing changes", async () => {
    const { user } = await h.user();
    const minted = await mint(user.id);
    const res = await revoke(user.id, minted.id, ROOT_TOKEN);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect((await h.core.tokens.resolveToken(minted.token)).status).toBe("revoked");
    expect((await list(user.id)).body).toMatchObject([{ id: minted.id, revoked: true, active: false }]);
    const before = await h.snapshot();
    expect((await revoke(user.id, minted.id, ROOT_TOKEN)).status).toBe(204);
    expect(await h.snapshot()).toBe(before);
  });

  it("not an impersonation token of that user → 404; the token keeps working", async () => {
    const [user, other] = await twoUsers();
    const own = await h.core.tokens.createToken(user.id, { name: "own", scopes: ["api"] });
    const others = await mint(other.id);
    await refused(() => revoke(user.id, own.token.id, ROOT_TOKEN), TOKEN_NOT_FOUND);
    await refused(() => revoke(user.id, others.id, ROOT_TOKEN), TOKEN_NOT_FOUND);
    await refused(() => revoke(user.id, "99999999999999999999", ROOT_TOKEN), TOKEN_NOT_FOUND);
    expect((await h.core.tokens.resolveToken(own.secret)).status).toBe("valid");
    expect((await h.core.tokens.resolveToken(others.token)).status).toBe("valid");
  });

  it("unknown user → 404; non-admin → 403, even the user itself; anonymous → 401; a word for the id → 400", async () => {
    const { user, token } = await h.user();
    const minted = await mint(user.id);
    await refused(() => revoke(987654321, minted.id, ROOT_TOKEN), USER_NOT_FOUND);
    await refused(() => revoke(user.id, minted.id, token), FORBIDDEN);
    await refused(() => revoke(user.id, minted.id, minted.token), FORBIDDEN);
    await refused(() => revoke(user.id, minted.id), UNAUTHORIZED);
    await refused(() => revoke(user.id, "abc", ROOT_TOKEN), bad("impersonation_token_id is invalid"));
  });
});
