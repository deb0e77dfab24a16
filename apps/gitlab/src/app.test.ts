import { bootstrapRoot, createCore } from "@follow-graph/core";
import { createTestDatabase } from "@follow-graph/core/testing";
import { describe, expect, it } from "vitest";
import { createGitLabApp } from "./app.ts";
import { API, PUBLIC_URL, ROOT_TOKEN, read, setupGitLab, USER_BASIC_KEYS, userBasic } from "./testing.ts";

const h = setupGitLab();

const ROUTE_NOT_FOUND = { status: 404, body: { error: "404 Not Found" } };
const USER_NOT_FOUND = { status: 404, body: { message: "404 User Not Found" } };
const LIMIT_MESSAGE = "You can't follow more than 300 users. To follow more users, unfollow some others.";

describe("§2.1 form of :id", () => {
  it.each([
    ["GET", "/users/root"],
    ["GET", "/users/-1"],
    ["GET", "/users/1ASDF"],
    ["GET", "/users/root/followers"],
    ["GET", "/users/-2/following"],
    ["GET", "/users/1ASDF/followers"],
    ["POST", "/users/abc/follow"],
    ["POST", "/users/-1/unfollow"],
    ["POST", "/users/1ASDF/follow"],
    ["POST", "/users/1.5/unfollow"],
  ])("%s %s matches no route: 404 {error: 404 Not Found}", async (method, path) => {
    expect(await read(await h.request(method, path, { token: ROOT_TOKEN }))).toEqual(ROUTE_NOT_FOUND);
  });

  it("route matching comes before credentials: anonymous and unknown tokens also get the route 404", async () => {
    expect(await read(await h.post("/users/abc/follow"))).toEqual(ROUTE_NOT_FOUND);
    expect(await read(await h.post("/users/abc/follow", { token: "no-such-token" }))).toEqual(
      ROUTE_NOT_FOUND,
    );
    expect(await read(await h.get("/users/-1/followers"))).toEqual(ROUTE_NOT_FOUND);
  });
});

describe("§5 status and body per case", () => {
  it("any | non-numeric :id or unknown path → 404 {error}", async () => {
    expect(await read(await h.get("/users/abc/followers", { token: ROOT_TOKEN }))).toEqual(ROUTE_NOT_FOUND);
    expect(await read(await h.get("/no/such/path", { token: ROOT_TOKEN }))).toEqual(ROUTE_NOT_FOUND);
    expect(await read(await h.request("DELETE", "/users/2/follow", { token: ROOT_TOKEN }))).toEqual(
      ROUTE_NOT_FOUND,
    );
  });

  it("any | token string not found, GET routes included → 401 {message: 401 Unauthorized}", async () => {
    const { user } = await h.user();
    const unauthorized = { status: 401, body: { message: "401 Unauthorized" } };
    for (const [method, path] of [
      ["GET", `/users/${user.id}/followers`],
      ["GET", `/users/${user.id}/following`],
      ["GET", `/users/${user.id}`],
      ["GET", `/users?username=${user.username}`],
      ["GET", "/user"],
      ["POST", `/users/${user.id}/follow`],
      ["POST", `/users/${user.id}/unfollow`],
    ] as const) {
      expect(await read(await h.request(method, path, { token: "glpat-doesnotexist000" }))).toEqual(
        unauthorized,
      );
    }
  });

  it("any | expired token → 401 invalid_token body + WWW-Authenticate", async () => {
    const { user } = await h.user();
    const expired = await h.token(user.id, ["api"], { expiresAt: "2001-01-01" });
    const res = await h.get("/user", { token: expired });
    const description = "Token is expired. You can either do re-authorization or token refresh.";
    expect(await read(res)).toEqual({
      status: 401,
      body: { error: "invalid_token", error_description: description },
    });
    expect(res.headers.get("www-authenticate")).toBe(
      `Bearer realm="Protected by OAuth 2.0", error="invalid_token", error_description="${description}"`,
    );
  });

  it("any | revoked token → 401 invalid_token body + WWW-Authenticate", async () => {
    const { user } = await h.user();
    const { token, secret } = await h.core.tokens.createToken(user.id, { name: "x", scopes: ["api"] });
    await h.core.tokens.revokeToken(token.id);
    const res = await h.post("/users/1/follow", { token: secret });
    const description = "Token was revoked. You have to re-authorize from the user.";
    expect(await read(res)).toEqual({
      status: 401,
      body: { error: "invalid_token", error_description: description },
    });
    expect(res.headers.get("www-authenticate")).toContain(`error_description="${description}"`);
  });

  it("any | valid token, wrong scope (read_user on POST follow) → 403 insufficient_scope", async () => {
    const [{ user: target }, { token }] = [await h.user(), await h.user({}, ["read_user"])];
    const res = await h.post(`/users/${target.id}/follow`, { token });
    expect(await read(res)).toEqual({
      status: 403,
      body: {
        error: "insufficient_scope",
        error_description: "The request requires higher privileges than provided by the access token.",
        scope: "read_user ai_workflows api read_api",
      },
    });
    expect(res.headers.get("www-authenticate")).toBeNull();
  });

  it("any | token owner blocked → 403 {message: 403 Forbidden - <reason>}", async () => {
    const { user, token } = await h.user();
    await h.core.users.moderate(1, user.id, "block");
    expect(await read(await h.get(`/users/${user.id}`, { token }))).toEqual({
      status: 403,
      body: { message: "403 Forbidden - Your account has been blocked." },
    });
  });

  it("follow, unfollow, GET /user | no credentials → 401", async () => {
    const { user } = await h.user();
    const unauthorized = { status: 401, body: { message: "401 Unauthorized" } };
    expect(await read(await h.post(`/users/${user.id}/follow`))).toEqual(unauthorized);
    expect(await read(await h.post(`/users/${user.id}/unfollow`))).toEqual(unauthorized);
    expect(await read(await h.get("/user"))).toEqual(unauthorized);
  });

  it("followers, following, GET /users/:id | no credentials → 403 Not authorized!", async () => {
    const { user } = await h.user();
    const forbidden = { status: 403, body: { message: "403 Forbidden - Not authorized!" } };
    expect(await read(await h.get(`/users/${user.id}/followers`))).toEqual(forbidden);
    expect(await read(await h.get(`/users/${user.id}/following`))).toEqual(forbidden);
    expect(await read(await h.get(`/users/${user.id}`))).toEqual(forbidden);
  });

  it("GET /users | anonymous without username → 403 Not authorized to access /api/v4/users", async () => {
    expect(await read(await h.get("/users"))).toEqual({
      status: 403,
      body: { message: "403 Forbidden - Not authorized to access /api/v4/users" },
    });
  });

  it("follow, unfollow, lists, GET /users/:id | unknown numeric id (incl. 0) → 404 User Not Found", async () => {
    const { token } = await h.user();
    for (const id of [0, 987654321]) {
      expect(await read(await h.post(`/users/${id}/follow`, { token }))).toEqual(USER_NOT_FOUND);
      expect(await read(await h.post(`/users/${id}/unfollow`, { token }))).toEqual(USER_NOT_FOUND);
      expect(await read(await h.get(`/users/${id}/followers`, { token }))).toEqual(USER_NOT_FOUND);
      expect(await read(await h.get(`/users/${id}/following`, { token }))).toEqual(USER_NOT_FOUND);
      expect(await read(await h.get(`/users/${id}`, { token }))).toEqual(USER_NOT_FOUND);
    }
  });

  it("lists | target private, blocked or banned; viewer not self/admin → 404 User Not Found", async () => {
    const { token } = await h.user();
    const { user: priv } = await h.user({ privateProfile: true });
    const { user: blocked } = await h.user();
    const { user: banned } = await h.user();
    await h.core.users.moderate(1, blocked.id, "block");
    await h.core.users.moderate(1, banned.id, "ban");
    for (const target of [priv, blocked, banned]) {
      expect(await read(await h.get(`/users/${target.id}/followers`, { token }))).toEqual(USER_NOT_FOUND);
      expect(await read(await h.get(`/users/${target.id}/following`, { token }))).toEqual(USER_NOT_FOUND);
    }
  });

  it("follow | new edge → 201 UserBasic of the target", async () => {
    const [{ token }, { user: target }] = [await h.user(), await h.user()];
    const res = await h.post(`/users/${target.id}/follow`, { token });
    const { status, body } = await read(res);
    expect(status).toBe(201);
    expect(body).toEqual(userBasic(target));
    expect(Object.keys(body as object)).toEqual(USER_BASIC_KEYS);
  });

  it("follow | self, either side disabled following, already following → 304 with empty body", async () => {
    const [a, b] = [await h.user(), await h.user()];
    const { user: closed, token: closedToken } = await h.user({ followingEnabled: false });
    await h.follow(a.user.id, b.user.id);
    for (const [token, id] of [
      [a.token, a.user.id],
      [a.token, closed.id],
      [closedToken, b.user.id],
      [a.token, b.user.id],
    ] as const) {
      const res = await h.post(`/users/${id}/follow`, { token });
      expect(res.status).toBe(304);
      expect(await res.text()).toBe("");
    }
  });

  it("follow | caller has ≥ 300 rows (even if already following the target) → 400 limit message", async () => {
    const { user, token } = await h.user();
    const [followed] = await h.bulkEdges("followees", user.id, 300);
    const { user: fresh } = await h.user();
    const limit = { status: 400, body: { message: LIMIT_MESSAGE } };
    expect(await read(await h.post(`/users/${fresh.id}/follow`, { token }))).toEqual(limit);
    expect(await read(await h.post(`/users/${followed}/follow`, { token }))).toEqual(limit);
  });

  it("unfollow | edge deleted → 201 UserBasic of the target", async () => {
    const [a, b] = [await h.user(), await h.user()];
    await h.follow(a.user.id, b.user.id);
    const { status, body } = await read(await h.post(`/users/${b.user.id}/unfollow`, { token: a.token }));
    expect(status).toBe(201);
    expect(body).toEqual(userBasic(b.user));
    expect(await h.edgeStored(a.user.id, b.user.id)).toBe(false);
  });

  it("unfollow | no edge → 304 with empty body", async () => {
    const [a, b] = [await h.user(), await h.user()];
    const res = await h.post(`/users/${b.user.id}/unfollow`, { token: a.token });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe("");
  });

  it("lists | success → 200 array of UserBasic", async () => {
    const [a, b, c] = await h.users(3);
    await h.follow(b!.user.id, a!.user.id);
    await h.follow(a!.user.id, c!.user.id);
    expect(await read(await h.get(`/users/${a!.user.id}/followers`, { token: c!.token }))).toEqual({
      status: 200,
      body: [userBasic(b!.user)],
    });
    expect(await read(await h.get(`/users/${a!.user.id}/following`, { token: b!.token }))).toEqual({
      status: 200,
      body: [userBasic(c!.user)],
    });
  });

  it("lists | per_page=0 / page=abc → 400 Grape parameter errors", async () => {
    const { user, token } = await h.user();
    expect(await read(await h.get(`/users/${user.id}/followers?per_page=0`, { token }))).toEqual({
      status: 400,
      body: { error: "per_page has a value not allowed" },
    });
    expect(await read(await h.get(`/users/${user.id}/following?page=abc`, { token }))).toEqual({
      status: 400,
      body: { error: "page is invalid" },
    });
  });

  it("any | the database is gone → 503 {message: 503 Service Unavailable} with Retry-After", async () => {
    const t = await createTestDatabase();
    const reported: unknown[] = [];
    const core = createCore({ db: t.database.db, onUnexpectedError: (e) => reported.push(e) });
    await bootstrapRoot(core, ROOT_TOKEN);
    const app = createGitLabApp({ core, publicUrl: PUBLIC_URL, onUnexpectedError: () => {} });
    await t.cleanup();
    const res = await app.request(`${API}/users/1`, { headers: { "PRIVATE-TOKEN": ROOT_TOKEN } });
    expect(res.headers.get("retry-after")).toBe("1");
    expect(await read(res)).toEqual({ status: 503, body: { message: "503 Service Unavailable" } });
    expect(reported.length).toBeGreaterThan(0);
  });
});

describe("headers on every response", () => {
  it("carries an X-Request-Id, distinct per request, on successes and errors alike", async () => {
    const responses = [
      await h.get("/users/1", { token: ROOT_TOKEN }),
      await h.get("/users/abc"),
      await h.get("/user"),
      await h.get("/users/1", { token: ROOT_TOKEN }),
    ];
    const ids = responses.map((r) => r.headers.get("x-request-id"));
    expect(ids.every((id) => typeof id === "string" && id.length >= 16)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
