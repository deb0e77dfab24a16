import { describe, expect, it } from "vitest";
import { ROOT_TOKEN, read, setupGitLab } from "./testing.ts";

const h = setupGitLab();

const UNAUTHORIZED = { status: 401, body: { message: "401 Unauthorized" } };
const insufficientScope = (scope: string) => ({
  status: 403,
  body: {
    error: "insufficient_scope",
    error_description: "The request requires higher privileges than provided by the access token.",
    scope,
  },
});
// Open question: GitLab names every scope registered on the users endpoints, not the ones that apply.
const REGISTERED = "read_user ai_workflows api read_api";

const whoAmI = async (res: Response) => ((await res.json()) as { username: string }).username;

describe("§10.1 passing a token", () => {
  it("PRIVATE-TOKEN header", async () => {
    const { user, token } = await h.user();
    expect(await whoAmI(await h.get("/user", { headers: { "PRIVATE-TOKEN": token } }))).toBe(user.username);
  });

  it("Authorization: Bearer", async () => {
    const { user, token } = await h.user();
    expect(await whoAmI(await h.get("/user", { headers: { Authorization: `Bearer ${token}` } }))).toBe(
      user.username,
    );
  });

  it("private_token query parameter", async () => {
    const { user, token } = await h.user();
    expect(await whoAmI(await h.get(`/user?private_token=${token}`))).toBe(user.username);
  });

  it("access_token query parameter", async () => {
    const { user, token } = await h.user();
    expect(await whoAmI(await h.get(`/user?access_token=${token}`))).toBe(user.username);
  });

  it("precedence: private_token param, then PRIVATE-TOKEN, then Bearer, then access_token", async () => {
    const [a, b, c, d] = await h.users(4);
    const all = { "PRIVATE-TOKEN": b!.token, Authorization: `Bearer ${c!.token}` };
    const query = `private_token=${a!.token}&access_token=${d!.token}`;
    expect(await whoAmI(await h.get(`/user?${query}`, { headers: all }))).toBe(a!.user.username);
    expect(await whoAmI(await h.get(`/user?access_token=${d!.token}`, { headers: all }))).toBe(
      b!.user.username,
    );
    const bearerOnly = { Authorization: `Bearer ${c!.token}` };
    expect(await whoAmI(await h.get(`/user?access_token=${d!.token}`, { headers: bearerOnly }))).toBe(
      c!.user.username,
    );
  });

  it("precedence decides which token is checked: an unknown private_token wins over a valid header → 401", async () => {
    const { token } = await h.user();
    expect(await read(await h.get("/user?private_token=unknown-token", { token }))).toEqual(UNAUTHORIZED);
  });

  it("an empty private_token param falls through to the header (Ruby's .presence)", async () => {
    const { user, token } = await h.user();
    expect(await whoAmI(await h.get("/user?private_token=", { token }))).toBe(user.username);
  });
});

describe("§10.3 failures", () => {
  it("unknown token → 401 on GET routes too", async () => {
    for (const path of [
      "/user",
      "/users/1",
      "/users/1/followers",
      "/users/1/following",
      "/users?username=root",
    ]) {
      expect(await read(await h.get(path, { token: "glpat-unknown" }))).toEqual(UNAUTHORIZED);
    }
    expect(
      await read(await h.get("/users/1", { headers: { Authorization: "Bearer glpat-unknown" } })),
    ).toEqual(UNAUTHORIZED);
  });

  it("expired token (created with expires_at in the past) → 401 OAuth body + WWW-Authenticate (realm: open question)", async () => {
    const { user } = await h.user();
    const expired = await h.token(user.id, ["api"], { expiresAt: "2020-02-02" });
    const description = "Token is expired. You can either do re-authorization or token refresh.";
    for (const res of [
      await h.get("/users/1/followers", { token: expired }),
      await h.post("/users/1/follow", { token: expired }),
    ]) {
      expect(await read(res)).toEqual({
        status: 401,
        body: { error: "invalid_token", error_description: description },
      });
      expect(res.headers.get("www-authenticate")).toBe(
        `Bearer realm="Protected by OAuth 2.0", error="invalid_token", error_description="${description}"`,
      );
    }
  });

  it("token revoked through DELETE /personal_access_tokens/:id → 204, then 401 revoked", async () => {
    const { user } = await h.user();
    const { token, secret } = await h.core.tokens.createToken(user.id, { name: "x", scopes: ["api"] });
    const { token: other } = await h.user();
    // Another user's token is not theirs to revoke.
    expect(
      await read(await h.request("DELETE", `/personal_access_tokens/${token.id}`, { token: other })),
    ).toEqual({
      status: 404,
      body: { message: "404 Personal Access Token Not Found" },
    });
    const revoked = await h.request("DELETE", `/personal_access_tokens/${token.id}`, { token: secret });
    expect(revoked.status).toBe(204);
    const res = await h.get("/user", { token: secret });
    const description = "Token was revoked. You have to re-authorize from the user.";
    expect(await read(res)).toEqual({
      status: 401,
      body: { error: "invalid_token", error_description: description },
    });
    expect(res.headers.get("www-authenticate")).toBe(
      `Bearer realm="Protected by OAuth 2.0", error="invalid_token", error_description="${description}"`,
    );
  });

  it("token revoked in the core → 401 revoked, through Bearer too", async () => {
    const { user } = await h.user();
    const { token, secret } = await h.core.tokens.createToken(user.id, { name: "x", scopes: ["api"] });
    await h.core.tokens.revokeToken(token.id);
    const res = await h.get("/users/1", { headers: { Authorization: `Bearer ${secret}` } });
    expect(await read(res)).toMatchObject({ status: 401, body: { error: "invalid_token" } });
  });

  it("wrong scope → 403 insufficient_scope listing every registered scope, no WWW-Authenticate", async () => {
    const { user } = await h.user();
    const readUser = await h.token(user.id, ["read_user"]);
    const res = await h.post("/users/1/follow", { token: readUser });
    expect(await read(res)).toEqual(insufficientScope(REGISTERED));
    expect(res.headers.get("www-authenticate")).toBeNull();
  });

  it.each([
    ["blocked", "block", "Your account has been blocked."],
    ["banned", "ban", "Your account has been blocked."],
    [
      "deactivated",
      "deactivate",
      "Your account has been deactivated by your administrator. Please log back in from a web browser to reactivate your account at http://gitlab.test",
    ],
  ] as const)("%s token owner → 403 with the reason, on GET and POST", async (_state, action, reason) => {
    const { user, token } = await h.user();
    await h.core.users.moderate(1, user.id, action);
    const forbidden = { status: 403, body: { message: `403 Forbidden - ${reason}` } };
    expect(await read(await h.get("/user", { token }))).toEqual(forbidden);
    expect(await read(await h.get("/users/1/followers", { token }))).toEqual(forbidden);
    expect(await read(await h.post("/users/1/follow", { token }))).toEqual(forbidden);
  });
});

describe("§10.2 scopes per route", () => {
  type Case = [string, string, string, boolean];
  // [scope, method, route kind, accepted]
  const cases: Case[] = [
    ...["api"].map((s): Case => [s, "POST", "follow", true]),
    ...["read_api", "read_user", "ai_workflows", "sudo"].map((s): Case => [s, "POST", "follow", false]),
    ...["read_api", "read_user", "ai_workflows", "sudo"].map((s): Case => [s, "POST", "unfollow", false]),
    ...["api", "read_api", "read_user"].map((s): Case => [s, "GET", "followers", true]),
    ...["api", "read_api", "read_user"].map((s): Case => [s, "GET", "following", true]),
    ...["ai_workflows", "read_repository"].map((s): Case => [s, "GET", "followers", false]),
    ...["ai_workflows", "sudo"].map((s): Case => [s, "GET", "following", false]),
    ...["api", "read_api", "read_user", "ai_workflows"].map((s): Case => [s, "GET", "user by id", true]),
    ...["api", "read_api", "read_user", "ai_workflows"].map(
      (s): Case => [s, "GET", "users by username", true],
    ),
    ...["api", "read_api", "read_user", "ai_workflows"].map((s): Case => [s, "GET", "current user", true]),
    ...["sudo", "read_repository"].map((s): Case => [s, "GET", "user by id", false]),
    ...["api", "read_api", "read_user"].map((s): Case => [s, "GET", "users without username", true]),
    // ai_workflows is registered only for GET /users when a username is given.
    ["ai_workflows", "GET", "users without username", false],
  ];

  it.each(cases)("%s token on %s %s → accepted: %s", async (scope, method, kind, accepted) => {
    const { user: target } = await h.user();
    const { user } = await h.user();
    const token = await h.token(user.id, [scope]);
    const path = {
      follow: `/users/${target.id}/follow`,
      unfollow: `/users/${target.id}/unfollow`,
      followers: `/users/${target.id}/followers`,
      following: `/users/${target.id}/following`,
      "user by id": `/users/${target.id}`,
      "users by username": `/users?username=${target.username}`,
      "current user": "/user",
      "users without username": "/users",
    }[kind]!;
    const res = await h.request(method, path, { token });
    if (accepted) expect(res.status).toBe(method === "POST" ? 201 : 200);
    else expect(await read(res)).toEqual(insufficientScope(REGISTERED));
  });

  it.each(["read_api", "read_user"])(
    "admin routes need api: a root token with only %s → 403",
    async (scope) => {
      const token = await h.token(1, [scope, "admin_mode", "sudo"]);
      expect(await read(await h.post("/users/2/block", { token }))).toEqual(insufficientScope(REGISTERED));
      expect(await read(await h.post("/users", { token, json: {} }))).toEqual(insufficientScope(REGISTERED));
    },
  );
});

describe("§10.1 Sudo", () => {
  it("an admin token with sudo acts as another user by id (header) or by username (header or param)", async () => {
    const { user } = await h.user();
    const byId = await h.get("/user", { token: ROOT_TOKEN, headers: { Sudo: String(user.id) } });
    expect(await whoAmI(byId)).toBe(user.username);
    const byName = await h.get("/user", {
      token: ROOT_TOKEN,
      headers: { Sudo: user.username.toUpperCase() },
    });
    expect(await whoAmI(byName)).toBe(user.username);
    expect(await whoAmI(await h.get(`/user?sudo=${user.username}`, { token: ROOT_TOKEN }))).toBe(
      user.username,
    );
  });

  it("a follow made with Sudo is the sudoed user's", async () => {
    const [{ user }, { user: target }] = [await h.user(), await h.user()];
    const res = await h.post(`/users/${target.id}/follow`, {
      token: ROOT_TOKEN,
      headers: { Sudo: user.username },
    });
    expect(res.status).toBe(201);
    expect(await h.edgeStored(user.id, target.id)).toBe(true);
    expect(await h.edgeStored(1, target.id)).toBe(false);
  });

  it("a sudoed non-admin loses admin rights: admin routes → 403", async () => {
    const { user } = await h.user();
    expect(
      await read(
        await h.post(`/users/${user.id}/block`, { token: ROOT_TOKEN, headers: { Sudo: user.username } }),
      ),
    ).toEqual({
      status: 403,
      body: { message: "403 Forbidden" },
    });
  });

  it("non-admin with Sudo → 403 Must be admin to use sudo", async () => {
    const { token } = await h.user({}, ["api", "sudo"]);
    expect(await read(await h.get("/user", { token, headers: { Sudo: "root" } }))).toEqual({
      status: 403,
      body: { message: "403 Forbidden - Must be admin to use sudo" },
    });
  });

  it("admin token without the sudo scope → 403 insufficient_scope with scope sudo", async () => {
    const token = await h.token(1, ["api"]);
    expect(await read(await h.get("/user", { token, headers: { Sudo: "2" } }))).toEqual(
      insufficientScope("sudo"),
    );
  });

  it("unknown sudo user → 404 User with ID or username … Not Found", async () => {
    for (const who of ["nobody_at_all", "987654321"]) {
      expect(await read(await h.get("/user", { token: ROOT_TOKEN, headers: { Sudo: who } }))).toEqual({
        status: 404,
        body: { message: `404 User with ID or username '${who}' Not Found` },
      });
    }
  });

  it("Sudo without any credentials → 401, even on routes open to anonymous callers", async () => {
    for (const path of ["/user", "/users?username=root", "/users/1/followers"]) {
      expect(await read(await h.get(path, { headers: { Sudo: "root" } }))).toEqual({
        status: 401,
        body: { message: "401 Unauthorized" },
      });
    }
  });
});
