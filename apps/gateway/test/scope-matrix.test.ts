import type { User } from "@follow-graph/core";
import { read, rowsOf, setupTestGraph, sql, userInput } from "@follow-graph/core/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { createGateway } from "../src/gateway.ts";

/**
 * Every scope × every route of both dialects, for an administrator and for a plain user:
 * allowed or refused as the expectation table below says, which is written from each
 * dialect's own rules (/work/shared/reference: GitLab §10.2, GitHub §4 and the GHES admin
 * section), never from the server's scope table. The rule it encodes: no scope grants in the
 * other dialect more than it grants in its own.
 */

const ROOT_TOKEN = "scope-matrix-root-token";
const ORIGIN = "http://graph.test";
let gateway: ReturnType<typeof createGateway>;
const { database, seeder } = setupTestGraph(ROOT_TOKEN, (t) => {
  gateway = createGateway({ core: t.core, publicUrl: ORIGIN });
});
const core = () => database().core;

/** What a token may do in GitLab: read (the GET routes), follow, write (admin writes, own tokens), Sudo. */
type GitLabGrant = "read" | "follow" | "write" | "sudo";
/**
 * What a token may do in GitHub beyond what any valid token may (every GET, as for a classic
 * token without scopes): follow, see its own private profile, use the GHES admin routes.
 */
type GitHubGrant = "follow" | "private" | "site_admin";
interface Grants {
  home: "gitlab" | "github";
  gitlab: GitLabGrant[];
  github: GitHubGrant[];
}

const GRANTS: Record<string, Grants> = {
  // GitLab: `api` opens every route (Admin Mode is off); GitHub reads it as `user`.
  api: { home: "gitlab", gitlab: ["read", "follow", "write"], github: ["follow", "private"] },
  // GitLab: GET routes only. GitHub: its `read:user`, which adds nothing to a plain token here.
  read_api: { home: "gitlab", gitlab: ["read"], github: [] },
  read_user: { home: "gitlab", gitlab: ["read"], github: [] },
  // GitLab: Sudo is an addition to a route's scope, so alone it opens nothing; GitHub has no Sudo.
  sudo: { home: "gitlab", gitlab: [], github: [] },
  // GitLab gives an `admin_mode`-only token no API access: it is not GitHub's `site_admin`.
  admin_mode: { home: "gitlab", gitlab: [], github: [] },
  // Beside `api` it is: GitLab lets that token do every admin call.
  "admin_mode+api": {
    home: "gitlab",
    gitlab: ["read", "follow", "write"],
    github: ["follow", "private", "site_admin"],
  },
  "api+sudo": { home: "gitlab", gitlab: ["read", "follow", "write", "sudo"], github: ["follow", "private"] },
  // A GitLab scope for git over HTTP, which no route here accepts.
  read_repository: { home: "gitlab", gitlab: [], github: [] },
  // GitHub: `user` includes `user:follow` and shows the private profile; GitLab reads and follows.
  user: { home: "github", gitlab: ["read", "follow"], github: ["follow", "private"] },
  "user:follow": { home: "github", gitlab: ["read", "follow"], github: ["follow"] },
  "read:user": { home: "github", gitlab: ["read"], github: [] },
  // GHES admin routes; in GitLab its admin writes, but not following, which GitHub refuses it.
  site_admin: { home: "github", gitlab: ["read", "write"], github: ["site_admin"] },
  // A GitHub scope for repositories: any GitHub token reads, but GitLab grants it nothing.
  repo: { home: "github", gitlab: [], github: [] },
};

const scopesOf = (label: string) => label.split("+");

/**
 * What a grant of one dialect is in the other. GitLab's `read` includes the caller's own
 * profile in full (GitHub's `private`); any GitHub token reads, which is GitLab's `read`;
 * GitHub has nothing like Sudo.
 */
const GITHUB_FROM_GITLAB: Record<GitLabGrant, GitHubGrant[]> = {
  read: ["private"],
  follow: ["follow"],
  write: ["site_admin"],
  sudo: [],
};
const GITLAB_FROM_GITHUB: Record<GitHubGrant, GitLabGrant[]> = {
  follow: ["follow"],
  private: ["read"],
  site_admin: ["write"],
};

describe("the expectation table", () => {
  it.each(Object.keys(GRANTS))("%s grants in the other dialect nothing its own refuses", (label) => {
    const { home, gitlab, github } = GRANTS[label]!;
    if (home === "gitlab") {
      const allowed = new Set(gitlab.flatMap((g) => GITHUB_FROM_GITLAB[g]));
      expect(github.filter((g) => !allowed.has(g))).toEqual([]);
    } else {
      // Every GitHub token reads, so GitLab's `read` is within any GitHub scope.
      const allowed = new Set<GitLabGrant>(["read", ...github.flatMap((g) => GITLAB_FROM_GITHUB[g])]);
      expect(gitlab.filter((g) => !allowed.has(g))).toEqual([]);
    }
  });
});

// ---------------------------------------------------------------------------------------------

type Owner = { user: User; tokens: Record<string, string>; followed: User };
const owners: Record<"admin" | "non-admin", Owner> = {} as never;

const edgeExists = async (follower: number, followee: number) =>
  rowsOf(
    await database().database.db.execute(
      sql`select 1 from follows where follower_id = ${follower} and followee_id = ${followee}`,
    ),
  ).length > 0;

let counter = 0;
/** A login both dialects keep as it is (GHES turns `_` into `-`). */
const login = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;
/** A user made for one case, so a destructive case never touches another's data. */
const target = async (prepare?: (user: User) => Promise<unknown>) => {
  const user = await core().users.createUser({ ...userInput("target"), username: login("target") });
  await prepare?.(user);
  return user;
};
const stateOf = async (id: number) => (await core().users.findUser(id))?.state;

beforeAll(async () => {
  for (const kind of ["admin", "non-admin"] as const) {
    const user = (await seeder.user({ username: login(`owner-${kind}-`), isAdmin: kind === "admin" })).user;
    const followed = await target();
    await seeder.follow(user.id, followed.id);
    const tokens: Record<string, string> = {};
    for (const label of Object.keys(GRANTS)) tokens[label] = await seeder.token(user.id, scopesOf(label));
    owners[kind] = { user, tokens, followed };
  }
});

interface Call {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Whether the call changed what it would change if allowed; checked after it. */
  effect?: () => Promise<boolean>;
  /** What an allowed answer must carry besides its status. */
  verify?: (body: unknown, grants: Grants) => void;
}

interface Route {
  name: string;
  dialect: "gitlab" | "github";
  /** GitLab: the grant the route needs; `admin` is `write` on an administrator's token. GitHub: `any` reads. */
  needs: GitLabGrant | "admin" | "any" | "follow" | "site_admin";
  /** The status when allowed. */
  ok: number;
  call(owner: Owner): Promise<Call>;
}

type Expected = { status: number; refusal?: string };

/** GitLab §10.2 and §5: a missing scope is 403 insufficient_scope; then admin, then Sudo's own scope. */
function expectGitLab(route: Route, grants: Grants, isAdmin: boolean): Expected {
  const has = (g: GitLabGrant) => grants.gitlab.includes(g);
  const refuse = (refusal: string) => ({ status: 403, refusal });
  switch (route.needs) {
    case "admin":
      if (!has("write")) return refuse("insufficient_scope");
      return isAdmin ? { status: route.ok } : refuse("403 Forbidden");
    case "sudo":
      if (!has("read")) return refuse("insufficient_scope");
      if (!isAdmin) return refuse("403 Forbidden - Must be admin to use sudo");
      return has("sudo") ? { status: route.ok } : refuse("insufficient_scope");
    default:
      return has(route.needs as GitLabGrant) ? { status: route.ok } : refuse("insufficient_scope");
  }
}

/** GitHub §4: reads need no scope, a missing write scope is a 404; GHES admin: 403 for non-admins. */
function expectGitHub(route: Route, grants: Grants, isAdmin: boolean): Expected {
  const has = (g: GitHubGrant) => grants.github.includes(g);
  switch (route.needs) {
    case "any":
      return { status: route.ok };
    case "follow":
      return has("follow") ? { status: 204 } : { status: 404, refusal: "user, user:follow" };
    case "site_admin":
      if (!isAdmin) return { status: 403, refusal: "Must be a site administrator." };
      return has("site_admin") ? { status: route.ok } : { status: 404, refusal: "site_admin" };
    default:
      throw new Error(`no GitHub rule for ${route.needs}`);
  }
}

async function send(dialect: "gitlab" | "github", token: string, call: Call): Promise<Response> {
  const headers: Record<string, string> = { "User-Agent": "scope-matrix", ...call.headers };
  if (dialect === "gitlab") headers["PRIVATE-TOKEN"] = token;
  else headers.Authorization = `token ${token}`;
  const body = call.body === undefined ? undefined : JSON.stringify(call.body);
  if (body !== undefined) headers["Content-Type"] = "application/json";
  // api.github.com's front end refuses writes without a length, as a real client sends one.
  if (["POST", "PUT", "PATCH"].includes(call.method))
    headers["Content-Length"] = String(Buffer.byteLength(body ?? ""));
  return gateway.fetch(new Request(`${ORIGIN}${call.path}`, { method: call.method, headers, body }));
}

/** The refusal in the answer, in the words `Expected.refusal` uses. */
function refusalOf(dialect: "gitlab" | "github", res: Response, body: unknown): string | undefined {
  const b = (body ?? {}) as Record<string, string>;
  if (dialect === "gitlab") return b.error === "insufficient_scope" ? b.error : b.message;
  return res.status === 404 ? (res.headers.get("x-accepted-oauth-scopes") ?? undefined) : b.message;
}

// --- GitLab's routes (apps/gitlab/src/routes) --------------------------------------------------

const V4 = "/api/v4";
const gitlabRoutes: Route[] = [
  {
    name: "POST /users/:id/follow",
    dialect: "gitlab",
    needs: "follow",
    ok: 201,
    async call(owner) {
      const t = await target();
      return {
        method: "POST",
        path: `${V4}/users/${t.id}/follow`,
        effect: () => edgeExists(owner.user.id, t.id),
      };
    },
  },
  {
    name: "POST /users/:id/unfollow",
    dialect: "gitlab",
    needs: "follow",
    ok: 201,
    async call(owner) {
      const t = await target((u) => seeder.follow(owner.user.id, u.id));
      return {
        method: "POST",
        path: `${V4}/users/${t.id}/unfollow`,
        effect: async () => !(await edgeExists(owner.user.id, t.id)),
      };
    },
  },
  ...(["followers", "following"] as const).map(
    (direction): Route => ({
      name: `GET /users/:id/${direction}`,
      dialect: "gitlab",
      needs: "read",
      ok: 200,
      call: async (owner) => ({ method: "GET", path: `${V4}/users/${owner.user.id}/${direction}` }),
    }),
  ),
  {
    name: "GET /user",
    dialect: "gitlab",
    needs: "read",
    ok: 200,
    call: async () => ({ method: "GET", path: `${V4}/user` }),
  },
  {
    name: "GET /users/:id",
    dialect: "gitlab",
    needs: "read",
    ok: 200,
    call: async (owner) => ({ method: "GET", path: `${V4}/users/${owner.followed.id}` }),
  },
  {
    name: "GET /users?username=",
    dialect: "gitlab",
    needs: "read",
    ok: 200,
    call: async (owner) => ({ method: "GET", path: `${V4}/users?username=${owner.followed.username}` }),
  },
  {
    name: "GET /users",
    dialect: "gitlab",
    needs: "read",
    ok: 200,
    call: async () => ({ method: "GET", path: `${V4}/users` }),
  },
  {
    name: "GET /user with Sudo",
    dialect: "gitlab",
    needs: "sudo",
    ok: 200,
    call: async (owner) => ({
      method: "GET",
      path: `${V4}/user`,
      headers: { Sudo: owner.followed.username },
      verify: (body) => expect(body).toMatchObject({ username: owner.followed.username }),
    }),
  },
  {
    name: "POST /users",
    dialect: "gitlab",
    needs: "admin",
    ok: 201,
    async call() {
      const username = login("made");
      return {
        method: "POST",
        path: `${V4}/users`,
        body: {
          username,
          name: username,
          email: `${username}@example.com`,
          password: "long-enough-password",
        },
        effect: async () => (await core().users.findUser({ username: username })) !== null,
      };
    },
  },
  {
    name: "PUT /users/:id",
    dialect: "gitlab",
    needs: "admin",
    ok: 200,
    async call() {
      const t = await target();
      return {
        method: "PUT",
        path: `${V4}/users/${t.id}`,
        body: { name: "Renamed" },
        effect: async () => (await core().users.findUser(t.id))?.name === "Renamed",
      };
    },
  },
  {
    name: "DELETE /users/:id",
    dialect: "gitlab",
    needs: "admin",
    ok: 204,
    async call() {
      const t = await target();
      return {
        method: "DELETE",
        path: `${V4}/users/${t.id}`,
        effect: async () => (await core().users.findUser(t.id)) === null,
      };
    },
  },
  ...(
    [
      ["block", undefined, "blocked"],
      ["unblock", "block", "active"],
      ["ban", undefined, "banned"],
      ["unban", "ban", "active"],
      ["deactivate", undefined, "deactivated"],
      ["activate", "deactivate", "active"],
    ] as const
  ).map(
    ([action, before, after]): Route => ({
      name: `POST /users/:id/${action}`,
      dialect: "gitlab",
      needs: "admin",
      ok: 201,
      async call() {
        const t = await target((u) => (before ? core().users.moderate(1, u.id, before) : Promise.resolve()));
        return {
          method: "POST",
          path: `${V4}/users/${t.id}/${action}`,
          effect: async () => (await stateOf(t.id)) === after,
        };
      },
    }),
  ),
  {
    name: "POST /users/:id/personal_access_tokens",
    dialect: "gitlab",
    needs: "admin",
    ok: 201,
    async call() {
      const t = await target();
      return {
        method: "POST",
        path: `${V4}/users/${t.id}/personal_access_tokens`,
        body: { name: "minted", scopes: ["api"] },
        effect: async () => (await core().tokens.countTokens(t.id)) > 0,
      };
    },
  },
  {
    // Open to the token's owner as well as to administrators: the owner revokes a spare token.
    name: "DELETE /personal_access_tokens/:id",
    dialect: "gitlab",
    needs: "write",
    ok: 204,
    async call(owner) {
      const { token } = await core().tokens.createToken(owner.user.id, { name: "spare", scopes: ["api"] });
      return {
        method: "DELETE",
        path: `${V4}/personal_access_tokens/${token.id}`,
        effect: async () => (await core().tokens.getToken(token.id))?.revokedAt != null,
      };
    },
  },
];

// --- GitHub's routes (apps/github/src/routes), in both layouts ------------------------------------

const githubRoutesUnder = (base: "" | "/api/v3"): Route[] => {
  const layout = base === "" ? "api.github.com" : "GHES";
  const reading = (
    name: string,
    ok: number,
    path: (owner: Owner) => string,
    verify?: Call["verify"],
  ): Route => ({
    name: `${layout} GET ${name}`,
    dialect: "github",
    needs: "any",
    ok,
    call: async (owner) => ({ method: "GET", path: `${base}${path(owner)}`, ...(verify ? { verify } : {}) }),
  });
  const admin = (
    name: string,
    ok: number,
    call: (t: User) => Omit<Call, "effect">,
    effect: (t: User) => Promise<boolean>,
    before?: (t: User) => Promise<unknown>,
  ): Route => ({
    name: `${layout} ${name}`,
    dialect: "github",
    needs: "site_admin",
    ok,
    async call() {
      const t = await target(before);
      const made = call(t);
      return { ...made, path: `${base}${made.path}`, effect: () => effect(t) };
    },
  });
  return [
    reading("/", 200, () => "/"),
    reading(
      "/user",
      200,
      () => "/user",
      (body, grants) =>
        expect(body).toMatchObject({
          user_view_type: grants.github.includes("private") ? "private" : "public",
        }),
    ),
    reading("/users/{username}", 200, (o) => `/users/${o.followed.username}`),
    reading("/user/{id}", 200, (o) => `/user/${o.followed.id}`),
    reading("/user/followers", 200, () => "/user/followers"),
    reading("/user/following", 200, () => "/user/following"),
    reading("/user/following/{username}", 204, (o) => `/user/following/${o.followed.username}`),
    reading("/users/{username}/followers", 200, (o) => `/users/${o.user.username}/followers`),
    reading("/users/{username}/following", 200, (o) => `/users/${o.user.username}/following`),
    reading(
      "/users/{username}/following/{target}",
      204,
      (o) => `/users/${o.user.username}/following/${o.followed.username}`,
    ),
    reading("/user/{id}/followers", 200, (o) => `/user/${o.user.id}/followers`),
    reading("/user/{id}/following", 200, (o) => `/user/${o.user.id}/following`),
    // GHES's answer while rate limiting is off (the default), to every signed-in caller.
    reading("/rate_limit", 404, () => "/rate_limit"),
    {
      name: `${layout} PUT /user/following/{username}`,
      dialect: "github",
      needs: "follow",
      ok: 204,
      async call(owner) {
        const t = await target();
        return {
          method: "PUT",
          path: `${base}/user/following/${t.username}`,
          effect: () => edgeExists(owner.user.id, t.id),
        };
      },
    },
    {
      name: `${layout} DELETE /user/following/{username}`,
      dialect: "github",
      needs: "follow",
      ok: 204,
      async call(owner) {
        const t = await target((u) => seeder.follow(owner.user.id, u.id));
        return {
          method: "DELETE",
          path: `${base}/user/following/${t.username}`,
          effect: async () => !(await edgeExists(owner.user.id, t.id)),
        };
      },
    },
    {
      name: `${layout} POST /admin/users`,
      dialect: "github",
      needs: "site_admin",
      ok: 201,
      async call() {
        const username = login("gh");
        return {
          method: "POST",
          path: `${base}/admin/users`,
          body: { login: username, email: `${username}@example.com` },
          effect: async () => (await core().users.findUser({ username: username })) !== null,
        };
      },
    },
    admin(
      "PATCH /admin/users/{username}",
      202,
      (t) => ({ method: "PATCH", path: `/admin/users/${t.username}`, body: { login: `${t.username}x` } }),
      async (t) => (await core().users.findUser(t.id))?.username === `${t.username}x`,
    ),
    admin(
      "DELETE /admin/users/{username}",
      204,
      (t) => ({ method: "DELETE", path: `/admin/users/${t.username}` }),
      async (t) => (await core().users.findUser(t.id)) === null,
    ),
    admin(
      "POST /admin/users/{username}/authorizations",
      201,
      (t) => ({
        method: "POST",
        path: `/admin/users/${t.username}/authorizations`,
        body: { scopes: ["user"] },
      }),
      async (t) => (await core().tokens.countTokens(t.id)) > 0,
    ),
    admin(
      "DELETE /admin/users/{username}/authorizations",
      204,
      (t) => ({ method: "DELETE", path: `/admin/users/${t.username}/authorizations` }),
      async (t) => (await core().tokens.liveTokensNamed(t.id, IMPERSONATION)).length === 0,
      (t) => core().tokens.createToken(t.id, { name: IMPERSONATION, scopes: ["user"], impersonation: true }),
    ),
    admin(
      "PUT /users/{username}/suspended",
      204,
      (t) => ({ method: "PUT", path: `/users/${t.username}/suspended` }),
      async (t) => (await stateOf(t.id)) === "blocked",
    ),
    admin(
      "DELETE /users/{username}/suspended",
      204,
      (t) => ({ method: "DELETE", path: `/users/${t.username}/suspended` }),
      async (t) => (await stateOf(t.id)) === "active",
      (t) => core().users.moderate(1, t.id, "block"),
    ),
    admin(
      "PUT /users/{username}/site_admin",
      204,
      (t) => ({ method: "PUT", path: `/users/${t.username}/site_admin` }),
      async (t) => (await core().users.findUser(t.id))?.isAdmin === true,
    ),
    admin(
      "DELETE /users/{username}/site_admin",
      204,
      (t) => ({ method: "DELETE", path: `/users/${t.username}/site_admin` }),
      async (t) => (await core().users.findUser(t.id))?.isAdmin === false,
      (t) => core().users.setAdmin(1, t.id, true),
    ),
  ];
};

/** What the GHES impersonation route names its tokens (apps/github/src/routes/admin.ts). */
const IMPERSONATION = "GitHub impersonation token";

const ROUTES = [...gitlabRoutes, ...githubRoutesUnder("/api/v3"), ...githubRoutesUnder("")];

describe("each scope × each route, for an administrator and for a plain user", () => {
  it.each(ROUTES.map((route) => [`${route.dialect}: ${route.name}`, route] as const))(
    "%s",
    async (_name, route) => {
      const mismatches: string[] = [];
      for (const kind of ["admin", "non-admin"] as const) {
        const owner = owners[kind];
        for (const [label, grants] of Object.entries(GRANTS)) {
          const expected = (route.dialect === "gitlab" ? expectGitLab : expectGitHub)(
            route,
            grants,
            kind === "admin",
          );
          const call = await route.call(owner);
          const res = await send(route.dialect, owner.tokens[label]!, call);
          const { status, body } = await read(res);
          const allowed = expected.refusal === undefined;
          const got = { status, refusal: allowed ? undefined : refusalOf(route.dialect, res, body) };
          const effect = call.effect ? await call.effect() : allowed;
          if (got.status !== expected.status || got.refusal !== expected.refusal || effect !== allowed)
            mismatches.push(
              `${kind} ${label}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}${effect !== allowed ? ` and the effect ${effect ? "happened" : "did not happen"}` : ""}`,
            );
          else if (allowed) call.verify?.(body, grants);
        }
      }
      expect(mismatches).toEqual([]);
    },
  );
});

describe("the escalation chain of issue 10", () => {
  const gitlab = (token: string, method: string, path: string, body?: unknown) =>
    send("gitlab", token, { method, path: `${V4}${path}`, body });
  const ghes = (token: string, method: string, path: string, body?: unknown) =>
    send("github", token, { method, path: `/api/v3${path}`, body });

  it("an administrator's admin_mode-only GitLab token gets no site_admin, mints none, deletes no one", async () => {
    const { user: boss, tokens } = owners.admin;
    const victim = await target();
    const token = tokens.admin_mode!;
    // GitLab gives the token no API access…
    for (const [method, path] of [
      ["GET", "/user"],
      ["GET", `/users/${victim.id}`],
      ["DELETE", `/users/${victim.id}`],
    ] as const)
      expect(await read(await gitlab(token, method, path))).toMatchObject({
        status: 403,
        body: { error: "insufficient_scope" },
      });
    // …so GHES does not read it as `site_admin`: its admin routes are GitHub's 404 for a missing scope.
    const minted = await ghes(token, "POST", `/admin/users/${boss.username}/authorizations`, {
      scopes: ["site_admin"],
    });
    expect(minted.status).toBe(404);
    expect(minted.headers.get("x-accepted-oauth-scopes")).toBe("site_admin");
    expect(await core().tokens.liveTokensNamed(boss.id, IMPERSONATION)).toEqual([]);
    expect((await ghes(token, "DELETE", `/admin/users/${victim.username}`)).status).toBe(404);
    expect(await core().users.findUser(victim.id)).not.toBeNull();
  });

  it("beside api the same chain is an administrator's own power, as GitLab grants that token every admin call", async () => {
    const { user: boss, tokens } = owners.admin;
    const victim = await target();
    const minted = await ghes(
      tokens["admin_mode+api"]!,
      "POST",
      `/admin/users/${boss.username}/authorizations`,
      {
        scopes: ["site_admin"],
      },
    );
    expect(minted.status).toBe(201);
    const { token } = (await minted.json()) as { token: string };
    expect((await gitlab(token, "DELETE", `/users/${victim.id}`)).status).toBe(204);
    expect(await core().users.findUser(victim.id)).toBeNull();
    // GHES's `site_admin` still does not follow through GitLab: GitHub refuses it that.
    const other = await target();
    expect((await read(await gitlab(token, "POST", `/users/${other.id}/follow`))).body).toMatchObject({
      error: "insufficient_scope",
    });
  });
});

describe("what a token may mint", () => {
  it("only administrators mint, in either dialect", async () => {
    const { user, tokens } = owners["non-admin"];
    const gitlabMint = await send("gitlab", tokens["api+sudo"]!, {
      method: "POST",
      path: `${V4}/users/${user.id}/personal_access_tokens`,
      body: { name: "more", scopes: ["api", "sudo", "admin_mode"] },
    });
    expect(await read(gitlabMint)).toEqual({ status: 403, body: { message: "403 Forbidden" } });
    const githubMint = await send("github", tokens.site_admin!, {
      method: "POST",
      path: `/api/v3/admin/users/${user.username}/authorizations`,
      body: { scopes: ["site_admin"] },
    });
    expect(githubMint.status).toBe(403);
    expect(await core().tokens.liveTokensNamed(user.id, IMPERSONATION)).toEqual([]);
    expect(await core().tokens.liveTokensNamed(user.id, "more")).toEqual([]);
  });

  it("an administrator's admin-capable token mints any scopes, itself included, as GitLab and GHES allow", async () => {
    const { user: boss, tokens } = owners.admin;
    // `api` without `sudo` mints a token with `sudo`: admin scope is the whole of an admin's power.
    const minted = await send("gitlab", tokens.api!, {
      method: "POST",
      path: `${V4}/users/${boss.id}/personal_access_tokens`,
      body: { name: "more", scopes: ["api", "sudo"] },
    });
    expect(minted.status).toBe(201);
    const { token } = (await minted.json()) as { token: string };
    const sudoed = await send("gitlab", token, {
      method: "GET",
      path: `${V4}/user`,
      headers: { Sudo: owners.admin.followed.username },
    });
    expect(await read(sudoed)).toMatchObject({
      status: 200,
      body: { username: owners.admin.followed.username },
    });
  });

  it("a translation's own name stored as a scope (GHES accepts any string) opens nothing in GitLab", async () => {
    const { user } = owners["non-admin"];
    const minted = await send("github", ROOT_TOKEN, {
      method: "POST",
      path: `/api/v3/admin/users/${user.username}/authorizations`,
      body: { scopes: ["follow", "admin"] },
    });
    expect(minted.status).toBe(201);
    const { token } = (await minted.json()) as { token: string };
    const t = await target();
    for (const path of [`/users/${t.id}/follow`, `/users/${t.id}/block`])
      expect(await read(await send("gitlab", token, { method: "POST", path: `${V4}${path}` }))).toMatchObject(
        {
          status: 403,
          body: { error: "insufficient_scope" },
        },
      );
    expect(await edgeExists(user.id, t.id)).toBe(false);
    expect(await stateOf(t.id)).toBe("active");
  });
});
