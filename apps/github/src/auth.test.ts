import { describe, expect, it } from "vitest";
import { ROOT_TOKEN, read, type Seeded, setupGitHub } from "./testing.ts";

const h = setupGitHub();

const LAYOUTS = [
  { layout: "api.github.com", prefix: "" },
  { layout: "GHES", prefix: "/api/v3" },
] as const;

const REST = "https://docs.github.com/rest";
const BAD_CREDENTIALS = { message: "Bad credentials", documentation_url: REST, status: "401" };
const SUSPENDED = { message: "Sorry. Your account was suspended.", documentation_url: REST, status: "403" };
const FOLLOW_NOT_FOUND = {
  message: "Not Found",
  documentation_url: `${REST}/users/followers#follow-a-user`,
  status: "404",
};
const UNFOLLOW_NOT_FOUND = {
  message: "Not Found",
  documentation_url: `${REST}/users/followers#unfollow-a-user`,
  status: "404",
};

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const authorization = (value: string) => ({ headers: { Authorization: value } });

/** Two fresh users, the first following the second. */
async function pair(): Promise<[Seeded, Seeded]> {
  const [a, b] = await h.users(2);
  await h.follow(a!.user.id, b!.user.id);
  return [a!, b!];
}

/** Every route a token can be sent to, public ones and unknown paths included. */
function everyRoute(a: string, b: string, id: number): Array<[string, string]> {
  return [
    ["GET", "/user/followers"],
    ["GET", "/user/following"],
    ["GET", `/user/following/${b}`],
    ["PUT", `/user/following/${b}`],
    ["DELETE", `/user/following/${b}`],
    ["GET", `/users/${a}/followers`],
    ["GET", `/users/${a}/following`],
    ["GET", `/users/${a}/following/${b}`],
    ["GET", `/user/${id}/followers`],
    ["GET", "/user"],
    ["GET", `/users/${a}`],
    ["GET", `/user/${id}`],
    ["GET", "/users/no-such-user-at-all/followers"],
    ["GET", "/no/such/route"],
    ["POST", "/user/followers"],
  ];
}

describe.each(LAYOUTS)("Authorization schemes ($layout)", ({ prefix }) => {
  it.each([
    ["token X", (s: Seeded) => `token ${s.token}`],
    ["TOKEN X", (s: Seeded) => `TOKEN ${s.token}`],
    ["Token X", (s: Seeded) => `Token ${s.token}`],
    ["Bearer X", (s: Seeded) => `Bearer ${s.token}`],
    ["bearer X", (s: Seeded) => `bearer ${s.token}`],
    ["Basic login:TOKEN", (s: Seeded) => `Basic ${base64(`${s.user.username}:${s.token}`)}`],
    ["basic login:TOKEN", (s: Seeded) => `basic ${base64(`${s.user.username}:${s.token}`)}`],
    ["Basic TOKEN:x-oauth-basic", (s: Seeded) => `Basic ${base64(`${s.token}:x-oauth-basic`)}`],
    ["Basic TOKEN:", (s: Seeded) => `Basic ${base64(`${s.token}:`)}`],
  ])("accepts %s", async (_, header) => {
    const [me, them] = (await h.users(2)) as [Seeded, Seeded];
    const res = await h.get(`${prefix}/user`, authorization(header(me)));
    const { status, body } = await read(res);
    expect(status).toBe(200);
    expect(body).toMatchObject({ login: me.user.username, id: me.user.id });
    expect(res.headers.get("X-OAuth-Scopes")).toBe("user");
    // And the write that needs the token's scope goes through with the same header.
    const put = await h.put(`${prefix}/user/following/${them.user.username}`, authorization(header(me)));
    expect(put.status).toBe(204);
    const check = await h.get(`${prefix}/users/${me.user.username}/following/${them.user.username}`);
    expect(check.status).toBe(204);
  });

  it.each([
    ["token (no value)", () => "token"],
    ["Bearer (no value)", () => "Bearer"],
    ["Foo X", (s: Seeded) => `Foo ${s.token}`],
    ["the bare token", (s: Seeded) => s.token],
    ["token a b", () => "token a b"],
    ["token X extra", (s: Seeded) => `token ${s.token} extra`],
    ["Basic non-base64", () => "Basic !!!!"],
    ["Basic without a colon", (s: Seeded) => `Basic ${base64(s.token)}`],
    ["Basic with an empty pair", () => `Basic ${base64(":")}`],
    ["Basic login:wrong", (s: Seeded) => `Basic ${base64(`${s.user.username}:not-the-token`)}`],
  ])("refuses %s with 401 Bad credentials", async (_, header) => {
    const [me] = await pair();
    for (const path of ["/user", `/users/${me.user.username}/followers`]) {
      const res = await h.get(`${prefix}${path}`, authorization(header(me)));
      expect(await read(res), path).toEqual({ status: 401, body: BAD_CREDENTIALS });
      expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
      expect(res.headers.get("X-OAuth-Scopes")).toBeNull();
    }
  });
});

describe.each(LAYOUTS)("tokens that name nobody ($layout)", ({ prefix }) => {
  async function deadTokens(owner: Seeded) {
    const revoked = await h.core.tokens.createToken(owner.user.id, { name: "revoked", scopes: ["user"] });
    await h.core.tokens.revokeToken(revoked.token.id);
    const expired = await h.core.tokens.createToken(owner.user.id, {
      name: "expired",
      scopes: ["user"],
      expiresAt: "2000-01-01",
    });
    return {
      unknown: "ghp_0000000000000000000000000000000000",
      revoked: revoked.secret,
      expired: expired.secret,
    };
  }

  it("gets 401 Bad credentials on every route, public ones and unknown paths included", async () => {
    const [a, b] = await pair();
    const tokens = await deadTokens(a);
    // The live token works, so each refusal is about the token, not the route.
    expect((await h.get(`${prefix}/user`, { token: a.token })).status).toBe(200);
    for (const [kind, token] of Object.entries(tokens))
      for (const [method, path] of everyRoute(a.user.username, b.user.username, a.user.id)) {
        const res = await h.request(method, `${prefix}${path}`, { token });
        expect(await read(res), `${kind} ${method} ${path}`).toEqual({ status: 401, body: BAD_CREDENTIALS });
        expect(res.headers.get("X-OAuth-Scopes")).toBeNull();
      }
  });

  it("changes nothing when a dead token writes", async () => {
    const [a, b] = await pair();
    const tokens = await deadTokens(b);
    const before = await h.snapshot();
    for (const token of Object.values(tokens)) {
      expect((await h.put(`${prefix}/user/following/${a.user.username}`, { token })).status).toBe(401);
      expect((await h.delete(`${prefix}/user/following/${a.user.username}`, { token })).status).toBe(401);
    }
    expect(await h.snapshot()).toBe(before);
  });
});

describe.each(LAYOUTS)("no credentials ($layout)", ({ prefix }) => {
  it.each([
    ["GET", "/user/followers", "users/followers#list-followers-of-the-authenticated-user"],
    ["GET", "/user/following", "users/followers#list-the-people-the-authenticated-user-follows"],
    ["GET", "/user/following/{b}", "users/followers#check-if-a-person-is-followed-by-the-authenticated-user"],
    ["PUT", "/user/following/{b}", "users/followers#follow-a-user"],
    ["DELETE", "/user/following/{b}", "users/followers#unfollow-a-user"],
    ["GET", "/user", "users/users#get-the-authenticated-user"],
  ])("%s %s is 401 Requires authentication with its own documentation_url", async (method, path, page) => {
    const [, b] = await pair();
    const before = await h.snapshot();
    const res = await h.request(method, `${prefix}${path.replace("{b}", b.user.username)}`);
    expect(await read(res)).toEqual({
      status: 401,
      body: { message: "Requires authentication", documentation_url: `${REST}/${page}`, status: "401" },
    });
    expect(res.headers.get("X-OAuth-Scopes")).toBeNull();
    expect(await h.snapshot()).toBe(before);
  });

  it("is 401 even when the user named does not exist", async () => {
    const res = await h.put(`${prefix}/user/following/no-such-user-anywhere`);
    expect((await read(res)).status).toBe(401);
  });

  it("reads the public routes anonymously", async () => {
    const [a, b] = await pair();
    const followers = await h.get(`${prefix}/users/${b.user.username}/followers`);
    expect(followers.status).toBe(200);
    expect(followers.headers.get("X-OAuth-Scopes")).toBeNull();
    expect(((await read(followers)).body as { login: string }[]).map((u) => u.login)).toEqual([
      a.user.username,
    ]);
    expect((await h.get(`${prefix}/users/${a.user.username}/following`)).status).toBe(200);
    expect((await h.get(`${prefix}/users/${a.user.username}/following/${b.user.username}`)).status).toBe(204);
  });
});

describe.each(LAYOUTS)("X-OAuth-Scopes ($layout)", ({ prefix }) => {
  it.each([
    [["api", "sudo"], "user"],
    [["api"], "user"],
    [["read_user"], "read:user"],
    [["user"], "user"],
    [["user:follow", "repo", "read:user"], "read:user, repo, user:follow"],
    [["workflow", "gist", "admin:org", "not-a-scope"], "admin:org, gist, not-a-scope, workflow"],
    [["read:discussion", "copilot", "user:follow"], "copilot, read:discussion, user:follow"],
    [["api", "read:discussion"], "read:discussion, user"],
    [["sudo"], ""],
  ])("a token with %j shows %j", async (scopes, shown) => {
    const { user, token } = await h.user({}, scopes);
    const res = await h.get(`${prefix}/users/${user.username}/followers`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("X-OAuth-Scopes")).toBe(shown);
  });

  it("is sent on every authenticated response, 204 and 404 included, and never anonymously", async () => {
    const { token } = await h.user({}, ["user:follow", "read:user"]);
    const [, b] = await pair();
    const responses = [
      await h.get(`${prefix}/user/followers`, { token }),
      await h.put(`${prefix}/user/following/${b.user.username}`, { token }),
      await h.get(`${prefix}/user/following/${b.user.username}`, { token }),
      await h.get(`${prefix}/users/no-such-user-for-scopes`, { token }),
      await h.get(`${prefix}/no/such/route`, { token }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 204, 204, 404, 404]);
    for (const res of responses) expect(res.headers.get("X-OAuth-Scopes")).toBe("read:user, user:follow");
    const anonymous = await h.get(`${prefix}/users/${b.user.username}/followers`);
    expect(anonymous.headers.get("X-OAuth-Scopes")).toBeNull();
    expect(anonymous.headers.get("X-Accepted-OAuth-Scopes")).toBeNull();
  });

  it("answers the GETs, which name no scope, with an empty X-Accepted-OAuth-Scopes", async () => {
    const { user, token } = await h.user({}, ["read:user"]);
    const [a, b] = await pair();
    await h.follow(user.id, b.user.id);
    for (const path of [
      "/user/followers",
      "/user/following",
      `/user/following/${b.user.username}`,
      `/users/${a.user.username}/followers`,
      `/users/${a.user.username}/following/${b.user.username}`,
    ]) {
      const res = await h.get(`${prefix}${path}`, { token });
      expect(res.status, path).toBeLessThan(300);
      expect(res.headers.get("X-Accepted-OAuth-Scopes"), path).toBe("");
    }
  });

  it("names user, user:follow in X-Accepted-OAuth-Scopes on PUT and DELETE", async () => {
    const [a, b] = await h.users(2);
    const path = `${prefix}/user/following/${b!.user.username}`;
    const put = await h.put(path, { token: a!.token });
    expect(put.status).toBe(204);
    expect(put.headers.get("X-Accepted-OAuth-Scopes")).toBe("user, user:follow");
    const del = await h.delete(path, { token: a!.token });
    expect(del.status).toBe(204);
    expect(del.headers.get("X-Accepted-OAuth-Scopes")).toBe("user, user:follow");
  });
});

describe.each(LAYOUTS)("the follow scope ($layout)", ({ prefix }) => {
  it.each([[["read:user"]], [["read_api"]], [["user:email", "repo"]], [["sudo"]]])(
    "a token with only %j gets 404 on PUT and stores nothing",
    async (scopes) => {
      const { user, token } = await h.user({}, scopes);
      const [target] = await h.users(1);
      const before = await h.snapshot();
      const res = await h.put(`${prefix}/user/following/${target!.user.username}`, { token });
      expect(await read(res)).toEqual({ status: 404, body: FOLLOW_NOT_FOUND });
      expect(res.headers.get("X-Accepted-OAuth-Scopes")).toBe("user, user:follow");
      expect(await h.snapshot()).toBe(before);
      // Reading with the same token is fine: the GETs name no scope.
      const check = await h.get(`${prefix}/user/following/${target!.user.username}`, { token });
      expect(check.status).toBe(404);
      expect((await h.get(`${prefix}/user/following`, { token })).status).toBe(200);
      expect((await h.get(`${prefix}/users/${user.username}/following`)).status).toBe(200);
    },
  );

  it("a read:user token gets 404 on DELETE and the edge stays", async () => {
    const [a, b] = await pair();
    const readOnly = await h.token(a.user.id, ["read:user"]);
    const before = await h.snapshot();
    const res = await h.delete(`${prefix}/user/following/${b.user.username}`, { token: readOnly });
    expect(await read(res)).toEqual({ status: 404, body: UNFOLLOW_NOT_FOUND });
    expect(res.headers.get("X-Accepted-OAuth-Scopes")).toBe("user, user:follow");
    expect(await h.snapshot()).toBe(before);
    const check = await h.get(`${prefix}/user/following/${b.user.username}`, { token: readOnly });
    expect(check.status).toBe(204);
  });

  it.each([[["user:follow"]], [["user"]], [["api"]]])(
    "a token with %j can follow and unfollow",
    async (scopes) => {
      const { user, token } = await h.user({}, scopes);
      const [target] = await h.users(1);
      const path = `${prefix}/user/following/${target!.user.username}`;
      expect((await h.put(path, { token })).status).toBe(204);
      const followers = await read(await h.get(`${prefix}/users/${target!.user.username}/followers`));
      expect((followers.body as { login: string }[]).map((u) => u.login)).toEqual([user.username]);
      expect((await h.delete(path, { token })).status).toBe(204);
      const after = await read(await h.get(`${prefix}/users/${target!.user.username}/followers`));
      expect(after.body).toEqual([]);
    },
  );
});

describe.each(LAYOUTS)("suspended accounts ($layout)", ({ prefix }) => {
  it.each([["block"], ["ban"]] as const)(
    "a %sed user's token is 403 suspended everywhere",
    async (action) => {
      const [a, b] = await pair();
      expect((await h.get(`${prefix}/user`, { token: a.token })).status).toBe(200);
      await h.core.users.moderate(1, a.user.id, action);
      const before = await h.snapshot();
      for (const [method, path] of everyRoute(b.user.username, b.user.username, b.user.id)) {
        const res = await h.request(method, `${prefix}${path}`, { token: a.token });
        expect(await read(res), `${method} ${path}`).toEqual({ status: 403, body: SUSPENDED });
      }
      expect(await h.snapshot()).toBe(before);
      // Anonymous reads still work, and another user's token is unaffected.
      expect((await h.get(`${prefix}/users/${b.user.username}/followers`)).status).toBe(200);
      expect((await h.get(`${prefix}/user`, { token: b.token })).status).toBe(200);
    },
  );

  it("works again once the account is unblocked", async () => {
    const [a] = await pair();
    await h.core.users.moderate(1, a.user.id, "block");
    expect((await h.get(`${prefix}/user`, { token: a.token })).status).toBe(403);
    await h.core.users.moderate(1, a.user.id, "unblock");
    expect((await h.get(`${prefix}/user`, { token: a.token })).status).toBe(200);
  });
});

describe.each(LAYOUTS)("GET /user by scope ($layout)", ({ prefix }) => {
  const PRIVATE_KEYS = [
    "private_gists",
    "total_private_repos",
    "owned_private_repos",
    "disk_usage",
    "collaborators",
    "two_factor_authentication",
  ];

  it.each([[["user"]], [["api"]], [["user", "read:user"]]])("with %j is private-user", async (scopes) => {
    const [a, b] = await pair();
    const token = await h.token(b.user.id, scopes);
    const { status, body } = await read(await h.get(`${prefix}/user`, { token }));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      login: b.user.username,
      id: b.user.id,
      user_view_type: "private",
      two_factor_authentication: false,
      private_gists: 0,
      total_private_repos: 0,
      owned_private_repos: 0,
      disk_usage: 0,
      collaborators: 0,
      followers: 1,
      following: 0,
    });
    expect(Object.keys(body as object)).toEqual(expect.arrayContaining(PRIVATE_KEYS));
    expect(a.user.id).not.toBe(b.user.id);
  });

  it.each([[["read:user"]], [["user:follow"]], [["read_user"]]])("with %j is public-user", async (scopes) => {
    const [, b] = await pair();
    const token = await h.token(b.user.id, scopes);
    const { status, body } = await read(await h.get(`${prefix}/user`, { token }));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      login: b.user.username,
      user_view_type: "public",
      followers: 1,
      following: 0,
    });
    for (const key of PRIVATE_KEYS) expect(body, key).not.toHaveProperty(key);
  });

  it("is root's own profile with ROOT_TOKEN", async () => {
    const { status, body } = await read(await h.get(`${prefix}/user`, { token: ROOT_TOKEN }));
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 1, site_admin: true });
  });
});
