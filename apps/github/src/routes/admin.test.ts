import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  GHES,
  PUBLIC_URL,
  type RequestOptions,
  ROOT_ID,
  ROOT_TOKEN,
  read,
  SIMPLE_USER_KEYS,
  setupGitHub,
  simpleUser,
} from "../testing.ts";
import { IMPERSONATION_TOKEN_NAME } from "./admin.ts";

const h = setupGitHub();

const ADMIN_DOCS = "https://docs.github.com/enterprise-server@3.19/rest/enterprise-admin/users";
const DOC = {
  create: `${ADMIN_DOCS}#create-a-user`,
  rename: `${ADMIN_DOCS}#update-the-username-for-a-user`,
  delete: `${ADMIN_DOCS}#delete-a-user`,
  impersonate: `${ADMIN_DOCS}#create-an-impersonation-oauth-token`,
  unimpersonate: `${ADMIN_DOCS}#delete-an-impersonation-oauth-token`,
  suspend: `${ADMIN_DOCS}#suspend-a-user`,
  unsuspend: `${ADMIN_DOCS}#unsuspend-a-user`,
  promote: `${ADMIN_DOCS}#promote-a-user-to-be-a-site-administrator`,
  demote: `${ADMIN_DOCS}#demote-a-site-administrator`,
  getUser: "https://docs.github.com/rest/users/users#get-a-user",
  rest: "https://docs.github.com/rest",
};
const JSON_TYPE = "application/json; charset=utf-8";

/** GitHub's `basic-error` / `validation-error` as `read()` returns it. */
const failure = (status: number, message: string, docs: string, errors?: unknown) => ({
  status,
  body: {
    message,
    ...(errors === undefined ? {} : { errors }),
    documentation_url: docs,
    status: String(status),
  },
});
const validation = (docs: string, ...errors: unknown[]) => failure(422, "Validation Failed", docs, errors);
const notFound = (docs: string) => failure(404, "Not Found", docs);

let seq = 0;
/** Letters and digits only, different on every call. */
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;
const fresh = (prefix: string) => `${prefix}_${uniq()}`;
const emailFor = (login: string) => `${login.toLowerCase()}@example.com`;

/** Sends a request that must fail, and insists nothing stored changed because of it. */
async function refused(send: () => Promise<Response>, expected: { status: number; body: unknown }) {
  const before = await h.snapshot();
  const res = await send();
  expect(await read(res)).toEqual(expected);
  expect(await h.snapshot()).toBe(before);
  return res;
}

/** A bodiless 204, without the Content-Type a body would bring. */
async function expectNoContent(res: Response) {
  expect(res.status).toBe(204);
  expect(res.headers.get("content-type")).toBeNull();
  expect(await res.text()).toBe("");
}

async function createUser(json: Record<string, unknown>, path = "/api/v3/admin/users") {
  const res = await h.post(path, { token: ROOT_TOKEN, json });
  const { status, body } = await read(res);
  expect(status).toBe(201);
  return body as ReturnType<typeof simpleUser>;
}

async function profile(login: string, token?: string) {
  return read(await h.get(`/api/v3/users/${login}`, { token }));
}

const counts = async (id: number) => (await h.core.users.findUser(id))?.counts;

/** An impersonation token minted through the API. */
async function impersonate(login: string, scopes: string[]) {
  const res = await h.post(`/api/v3/admin/users/${login}/authorizations`, {
    token: ROOT_TOKEN,
    json: { scopes },
  });
  const { status, body } = await read(res);
  expect(status).toBe(201);
  return body as { id: number; token: string };
}

describe("§12 POST /admin/users", () => {
  it("admin → 201 simple-user with the login normalised and URLs under /api/v3", async () => {
    const raw = fresh("octo_cat");
    const login = raw.replace(/_/g, "-");
    const email = emailFor(raw);
    const res = await h.post("/api/v3/admin/users", { token: ROOT_TOKEN, json: { login: raw, email } });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe(JSON_TYPE);
    expect(res.headers.get("x-accepted-oauth-scopes")).toBe("site_admin");
    const body = (await res.json()) as ReturnType<typeof simpleUser>;
    expect(Object.keys(body)).toEqual(SIMPLE_USER_KEYS);
    expect(body).toEqual(simpleUser(body.id, login));
    expect(login).toMatch(/^octo-cat-[a-z0-9]+$/);

    const stored = await h.core.users.findUser(body.id);
    expect(stored).toMatchObject({ username: login, email, state: "active", isAdmin: false });
    const fetched = await profile(login);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({ login, id: body.id, followers: 0, following: 0 });
  });

  it.each([
    ["underscore becomes a hyphen", (u: string) => [`octo_${u}`, `octo-${u}`]],
    ["a run of symbols becomes one hyphen", (u: string) => [`a__.-!b${u}`, `a-b${u}`]],
    ["spaces and punctuation", (u: string) => [`mona lisa@${u}`, `mona-lisa-${u}`]],
    ["leading and trailing hyphens are dropped", (u: string) => [`--_${u}_x..`, `${u}-x`]],
    ["hyphens inside are kept", (u: string) => [`m-${u}`, `m-${u}`]],
    ["case is kept", (u: string) => [`Mona_${u}`, `Mona-${u}`]],
    [
      "39 characters after normalisation are allowed",
      (u: string) => [`__${u.padEnd(39, "z")}__`, u.padEnd(39, "z")],
    ],
  ])("login normalisation: %s", async (_name, make) => {
    const [raw, login] = make(uniq()) as [string, string];
    const body = await createUser({ login: raw, email: emailFor(fresh("n")) });
    expect(body.login).toBe(login);
    expect(body.url).toBe(`${GHES}/users/${login}`);
    expect((await h.core.users.findUser(body.id))?.username).toBe(login);
  });

  it("suspended: true → 201 and the new user is suspended (blocked)", async () => {
    const login = fresh("sus").replace(/_/g, "-");
    const body = await createUser({ login, email: emailFor(login), suspended: true });
    expect(body).toEqual(simpleUser(body.id, login));
    expect((await h.core.users.findUser(body.id))?.state).toBe("blocked");
    expect(await profile(login)).toEqual(notFound(DOC.getUser));
    expect((await profile(login, ROOT_TOKEN)).status).toBe(200);
  });

  it("suspended: false → an active user", async () => {
    const login = fresh("act").replace(/_/g, "-");
    const body = await createUser({ login, email: emailFor(login), suspended: false });
    expect((await h.core.users.findUser(body.id))?.state).toBe("active");
    expect((await profile(login)).status).toBe(200);
  });

  it("another site admin with a site_admin token may create users", async () => {
    const { token } = await h.user({ isAdmin: true }, ["site_admin"]);
    const login = fresh("by-admin").replace(/_/g, "-");
    const res = await h.post("/api/v3/admin/users", { token, json: { login, email: emailFor(login) } });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-oauth-scopes")).toBe("site_admin");
    expect(await h.core.users.findUser({ username: login })).not.toBeNull();
  });

  it("missing login → 422 missing_field, exactly GitHub's body", async () => {
    const before = await h.snapshot();
    const res = await h.post("/api/v3/admin/users", {
      token: ROOT_TOKEN,
      json: { email: emailFor(fresh("nologin")) },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe(JSON_TYPE);
    expect(await res.text()).toBe(
      `{"message":"Validation Failed","errors":[{"resource":"User","code":"missing_field","field":"login"}],"documentation_url":"${DOC.create}","status":"422"}`,
    );
    expect(await h.snapshot()).toBe(before);
  });

  const missingLogin = validation(DOC.create, { resource: "User", code: "missing_field", field: "login" });
  const invalidLogin = validation(DOC.create, {
    resource: "User",
    code: "invalid",
    field: "login",
    message: "login is invalid",
  });
  it.each([
    ["empty login", () => ({ login: "", email: emailFor(fresh("e")) }), missingLogin],
    ["null login", () => ({ login: null, email: emailFor(fresh("e")) }), missingLogin],
    ["empty object", () => ({}), missingLogin],
    [
      "missing email",
      () => ({ login: fresh("noemail") }),
      validation(DOC.create, { resource: "User", code: "missing_field", field: "email" }),
    ],
    [
      "null email",
      () => ({ login: fresh("noemail"), email: null }),
      validation(DOC.create, { resource: "User", code: "missing_field", field: "email" }),
    ],
    [
      "a login with nothing usable left",
      () => ({ login: "_-.!", email: emailFor(fresh("e")) }),
      invalidLogin,
    ],
    ["a login that is not a string", () => ({ login: 42, email: emailFor(fresh("e")) }), invalidLogin],
    [
      "a login longer than 39 after normalisation",
      () => ({ login: `__${uniq().padEnd(40, "y")}__`, email: emailFor(fresh("e")) }),
      invalidLogin,
    ],
    [
      "an email that is not a string",
      () => ({ login: fresh("e"), email: 7 }),
      validation(DOC.create, { resource: "User", code: "invalid", field: "email" }),
    ],
    [
      "a malformed email",
      () => ({ login: fresh("e"), email: "not-an-address" }),
      validation(DOC.create, {
        resource: "User",
        code: "custom",
        field: "email",
        message: "email is invalid",
      }),
    ],
    [
      "suspended that is not a boolean",
      () => ({ login: fresh("e"), email: emailFor(fresh("e")), suspended: "yes" }),
      validation(DOC.create, { resource: "User", code: "invalid", field: "suspended" }),
    ],
  ])("%s → 422, nothing stored", async (_name, json, expected) => {
    await refused(() => h.post("/api/v3/admin/users", { token: ROOT_TOKEN, json: json() }), expected);
  });

  it("a login already taken (after normalisation, in another case) → 422", async () => {
    const u = uniq();
    await createUser({ login: `taken-${u}`, email: emailFor(fresh("t")) });
    await refused(
      () =>
        h.post("/api/v3/admin/users", {
          token: ROOT_TOKEN,
          json: { login: `Taken_${u}`, email: emailFor(fresh("t")) },
        }),
      validation(DOC.create, {
        resource: "User",
        code: "custom",
        field: "login",
        message: "login is already taken",
      }),
    );
  });

  it("an email already taken (in another case) → 422", async () => {
    const email = emailFor(fresh("mail"));
    await createUser({ login: fresh("first"), email });
    await refused(
      () =>
        h.post("/api/v3/admin/users", {
          token: ROOT_TOKEN,
          json: { login: fresh("second"), email: email.toUpperCase() },
        }),
      validation(DOC.create, {
        resource: "User",
        code: "custom",
        field: "email",
        message: "email is already taken",
      }),
    );
  });

  it.each([
    ["{", "Problems parsing JSON"],
    ['{"login":"x",', "Problems parsing JSON"],
    ["not json", "Problems parsing JSON"],
    ["[]", "Body should be a JSON object"],
    ['[{"login":"x","email":"x@example.com"}]', "Body should be a JSON object"],
    ["5", "Body should be a JSON object"],
    ['"login"', "Body should be a JSON object"],
    ["null", "Body should be a JSON object"],
  ])("body %s → 400 %s", async (body, message) => {
    await refused(
      () =>
        h.post("/api/v3/admin/users", {
          token: ROOT_TOKEN,
          body,
          headers: { "Content-Type": JSON_TYPE },
        }),
      failure(400, message, DOC.create),
    );
  });

  it("a non-admin is refused before its body is read → 403", async () => {
    const { token } = await h.user();
    await refused(
      () => h.post("/api/v3/admin/users", { token, body: "{", headers: { "Content-Type": JSON_TYPE } }),
      failure(403, "Must be a site administrator.", DOC.create),
    );
  });
});

describe("authentication and authorisation on every admin route", () => {
  interface Route {
    name: string;
    method: "POST" | "PATCH" | "DELETE" | "PUT";
    path: (login: string) => string;
    json?: () => unknown;
    docs: string;
    /** The user the route acts on, in a state where success would change something. */
    target: () => Promise<string>;
  }
  const plainTarget = async () => (await h.user()).user.username;
  const routes: Route[] = [
    {
      name: "POST /admin/users",
      method: "POST",
      path: () => "/api/v3/admin/users",
      json: () => ({ login: fresh("new"), email: emailFor(fresh("new")) }),
      docs: DOC.create,
      target: async () => "",
    },
    {
      name: "PATCH /admin/users/{username}",
      method: "PATCH",
      path: (u) => `/api/v3/admin/users/${u}`,
      json: () => ({ login: fresh("renamed") }),
      docs: DOC.rename,
      target: plainTarget,
    },
    {
      name: "DELETE /admin/users/{username}",
      method: "DELETE",
      path: (u) => `/api/v3/admin/users/${u}`,
      docs: DOC.delete,
      target: plainTarget,
    },
    {
      name: "POST /admin/users/{username}/authorizations",
      method: "POST",
      path: (u) => `/api/v3/admin/users/${u}/authorizations`,
      json: () => ({ scopes: ["user:follow"] }),
      docs: DOC.impersonate,
      target: plainTarget,
    },
    {
      name: "DELETE /admin/users/{username}/authorizations",
      method: "DELETE",
      path: (u) => `/api/v3/admin/users/${u}/authorizations`,
      docs: DOC.unimpersonate,
      target: async () => {
        const login = await plainTarget();
        await impersonate(login, ["user"]);
        return login;
      },
    },
    {
      name: "PUT /users/{username}/suspended",
      method: "PUT",
      path: (u) => `/api/v3/users/${u}/suspended`,
      docs: DOC.suspend,
      target: plainTarget,
    },
    {
      name: "DELETE /users/{username}/suspended",
      method: "DELETE",
      path: (u) => `/api/v3/users/${u}/suspended`,
      docs: DOC.unsuspend,
      target: async () => {
        const { user } = await h.user();
        await h.core.users.moderate(ROOT_ID, user.id, "block");
        return user.username;
      },
    },
    {
      name: "PUT /users/{username}/site_admin",
      method: "PUT",
      path: (u) => `/api/v3/users/${u}/site_admin`,
      docs: DOC.promote,
      target: plainTarget,
    },
    {
      name: "DELETE /users/{username}/site_admin",
      method: "DELETE",
      path: (u) => `/api/v3/users/${u}/site_admin`,
      docs: DOC.demote,
      target: async () => (await h.user({ isAdmin: true })).user.username,
    },
  ];

  const callers: Array<{
    name: string;
    token: () => Promise<string | undefined>;
    expected: (docs: string) => { status: number; body: unknown };
    acceptedScopes?: string;
  }> = [
    {
      name: "no token → 401 Requires authentication",
      token: async () => undefined,
      expected: (docs) => failure(401, "Requires authentication", docs),
    },
    {
      name: "an unknown token → 401 Bad credentials",
      token: async () => "gho_not-a-real-token",
      expected: () => failure(401, "Bad credentials", DOC.rest),
    },
    {
      name: "a revoked token → 401 Bad credentials",
      token: async () => {
        const { user } = await h.user({ isAdmin: true }, ["site_admin"]);
        const { token, secret } = await h.core.tokens.createToken(user.id, {
          name: "revoked",
          scopes: ["site_admin"],
        });
        await h.core.tokens.revokeToken(token.id);
        return secret;
      },
      expected: () => failure(401, "Bad credentials", DOC.rest),
    },
    {
      name: "a non-admin → 403",
      token: async () => (await h.user()).token,
      expected: (docs) => failure(403, "Must be a site administrator.", docs),
    },
    {
      name: "a non-admin whose token has site_admin → 403",
      token: async () => (await h.user({}, ["site_admin"])).token,
      expected: (docs) => failure(403, "Must be a site administrator.", docs),
    },
    {
      name: "an admin whose token lacks site_admin → 404",
      token: async () => (await h.user({ isAdmin: true }, ["user"])).token,
      expected: (docs) => notFound(docs),
      acceptedScopes: "site_admin",
    },
    {
      name: "a suspended admin → 403 Sorry. Your account was suspended.",
      token: async () => {
        const { user, token } = await h.user({ isAdmin: true }, ["site_admin"]);
        await h.core.users.moderate(ROOT_ID, user.id, "block");
        return token;
      },
      expected: () => failure(403, "Sorry. Your account was suspended.", DOC.rest),
    },
  ];

  const cases = routes.flatMap((route) => callers.map((caller) => ({ route, caller })));
  it.each(cases)("$route.name: $caller.name", async ({ route, caller }) => {
    const login = await route.target();
    const token = await caller.token();
    const opts: RequestOptions = { token, json: route.json?.() };
    const res = await refused(
      () => h.request(route.method, route.path(login), opts),
      caller.expected(route.docs),
    );
    if (caller.acceptedScopes !== undefined)
      expect(res.headers.get("x-accepted-oauth-scopes")).toBe(caller.acceptedScopes);
  });

  it("a method the route does not serve → 404", async () => {
    await refused(
      () => h.get("/api/v3/admin/users", { token: ROOT_TOKEN }),
      notFound("https://docs.github.com/rest"),
    );
  });
});

describe("§12 PATCH /admin/users/{username}", () => {
  it("202 job message; the rename has taken effect, same id, follows and tokens kept", async () => {
    const [fan, target] = await h.users(2);
    await h.follow(fan!.user.id, target!.user.id);
    const oldLogin = target!.user.username;
    const raw = fresh("new_name");
    const newLogin = raw.replace(/_/g, "-");

    const res = await h.patch(`/api/v3/admin/users/${oldLogin}`, { token: ROOT_TOKEN, json: { login: raw } });
    expect(res.status).toBe(202);
    expect(res.headers.get("content-type")).toBe(JSON_TYPE);
    expect(await res.text()).toBe(
      `{"message":"Job queued to rename user. It may take a few minutes to complete.","url":"${GHES}/user/${target!.user.id}"}`,
    );

    expect(await profile(oldLogin)).toEqual(notFound(DOC.getUser));
    const renamed = await profile(newLogin);
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ login: newLogin, id: target!.user.id, followers: 1 });
    const followers = await read(await h.get(`/api/v3/users/${newLogin}/followers`));
    expect(followers.body).toEqual([simpleUser(fan!.user.id, fan!.user.username)]);
    const me = await read(await h.get("/api/v3/user", { token: target!.token }));
    expect(me.body).toMatchObject({ login: newLogin, id: target!.user.id });
  });

  it("renaming to the same login in another case → 202, the new case is stored", async () => {
    const { user } = await h.user();
    const upper = user.username.toUpperCase();
    const res = await h.patch(`/api/v3/admin/users/${user.username}`, {
      token: ROOT_TOKEN,
      json: { login: upper },
    });
    expect(res.status).toBe(202);
    expect((await h.core.users.findUser(user.id))?.username).toBe(upper.replace(/_/g, "-"));
  });

  it("unknown user → 404", async () => {
    await refused(
      () =>
        h.patch(`/api/v3/admin/users/${fresh("ghost")}`, { token: ROOT_TOKEN, json: { login: fresh("x") } }),
      notFound(DOC.rename),
    );
  });

  it("a login already taken (in another case) → 422", async () => {
    const { user } = await h.user();
    const taken = `taken-${uniq()}`;
    await createUser({ login: taken, email: emailFor(taken) });
    await refused(
      () =>
        h.patch(`/api/v3/admin/users/${user.username}`, {
          token: ROOT_TOKEN,
          json: { login: taken.toUpperCase() },
        }),
      validation(DOC.rename, {
        resource: "User",
        code: "custom",
        field: "login",
        message: "login is already taken",
      }),
    );
  });

  it.each([
    ["no login", {}, { resource: "User", code: "missing_field", field: "login" }],
    ["an empty login", { login: "" }, { resource: "User", code: "missing_field", field: "login" }],
    [
      "a login with nothing usable",
      { login: "---" },
      { resource: "User", code: "invalid", field: "login", message: "login is invalid" },
    ],
    [
      "a login too long",
      { login: "a".repeat(40) },
      { resource: "User", code: "invalid", field: "login", message: "login is invalid" },
    ],
  ])("%s → 422", async (_name, json, problem) => {
    const { user } = await h.user();
    await refused(
      () => h.patch(`/api/v3/admin/users/${user.username}`, { token: ROOT_TOKEN, json }),
      validation(DOC.rename, problem),
    );
  });

  it("invalid JSON → 400", async () => {
    const { user } = await h.user();
    await refused(
      () =>
        h.patch(`/api/v3/admin/users/${user.username}`, {
          token: ROOT_TOKEN,
          body: "{login:",
          headers: { "Content-Type": JSON_TYPE },
        }),
      failure(400, "Problems parsing JSON", DOC.rename),
    );
  });
});

describe("§12 DELETE /admin/users/{username}", () => {
  it("204; the user is gone, its tokens stop working, its neighbours' counts drop", async () => {
    const [fan, doomed, idol] = await h.users(3);
    await h.follow(fan!.user.id, doomed!.user.id);
    await h.follow(doomed!.user.id, idol!.user.id);
    const fanLogin = fan!.user.username;
    const idolLogin = idol!.user.username;
    expect((await profile(fanLogin)).body).toMatchObject({ following: 1 });
    expect((await profile(idolLogin)).body).toMatchObject({ followers: 1 });

    await expectNoContent(
      await h.delete(`/api/v3/admin/users/${doomed!.user.username}`, { token: ROOT_TOKEN }),
    );

    expect(await profile(doomed!.user.username, ROOT_TOKEN)).toEqual(notFound(DOC.getUser));
    expect(await h.core.users.findUser(doomed!.user.id)).toBeNull();
    expect(await read(await h.get("/api/v3/user", { token: doomed!.token }))).toEqual(
      failure(401, "Bad credentials", DOC.rest),
    );
    expect((await profile(fanLogin)).body).toMatchObject({ followers: 0, following: 0 });
    expect((await profile(idolLogin)).body).toMatchObject({ followers: 0, following: 0 });
    expect(await counts(fan!.user.id)).toEqual({ followers: 0, following: 0 });
    expect(await counts(idol!.user.id)).toEqual({ followers: 0, following: 0 });
    expect((await read(await h.get(`/api/v3/users/${fanLogin}/following`))).body).toEqual([]);
    expect((await read(await h.get(`/api/v3/users/${idolLogin}/followers`))).body).toEqual([]);
  });

  it("its impersonation token stops working too", async () => {
    const { user } = await h.user();
    const { token } = await impersonate(user.username, ["user"]);
    expect((await h.get("/api/v3/user", { token })).status).toBe(200);
    await expectNoContent(await h.delete(`/api/v3/admin/users/${user.username}`, { token: ROOT_TOKEN }));
    expect((await h.get("/api/v3/user", { token })).status).toBe(401);
  });

  it("deleting yourself → 403 and nothing changes", async () => {
    await refused(
      () => h.delete("/api/v3/admin/users/root", { token: ROOT_TOKEN }),
      failure(403, "You cannot delete your own account", DOC.delete),
    );
    const { user, token } = await h.user({ isAdmin: true }, ["site_admin"]);
    await refused(
      () => h.delete(`/api/v3/admin/users/${user.username.toUpperCase()}`, { token }),
      failure(403, "You cannot delete your own account", DOC.delete),
    );
  });

  it("another admin can be deleted", async () => {
    const { user } = await h.user({ isAdmin: true });
    await expectNoContent(await h.delete(`/api/v3/admin/users/${user.username}`, { token: ROOT_TOKEN }));
    expect(await h.core.users.findUser(user.id)).toBeNull();
  });

  it("unknown user → 404", async () => {
    await refused(
      () => h.delete(`/api/v3/admin/users/${fresh("ghost")}`, { token: ROOT_TOKEN }),
      notFound(DOC.delete),
    );
  });
});

describe("§12 POST /admin/users/{username}/authorizations", () => {
  const AUTHORIZATION_KEYS = [
    "id",
    "url",
    "app",
    "token",
    "hashed_token",
    "token_last_eight",
    "note",
    "note_url",
    "created_at",
    "updated_at",
    "scopes",
    "fingerprint",
    "expires_at",
    "user",
  ];
  const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

  it("201 authorization; the token works and X-OAuth-Scopes echoes its scopes", async () => {
    const { user } = await h.user();
    const { user: idol } = await h.user();
    const res = await h.post(`/api/v3/admin/users/${user.username}/authorizations`, {
      token: ROOT_TOKEN,
      json: { scopes: ["user:follow"] },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe(JSON_TYPE);
    const body = (await res.json()) as Record<string, unknown> & { id: number; token: string };
    expect(Object.keys(body)).toEqual(AUTHORIZATION_KEYS);
    expect(body.token).toMatch(/^gho_\S{20,}$/);
    expect(body).toEqual({
      id: expect.any(Number),
      url: `${GHES}/authorizations/${body.id}`,
      app: {
        name: "GitHub Site Administrator",
        url: "https://docs.github.com/enterprise/rest/reference/enterprise-admin",
        client_id: "00000000000000000000",
      },
      token: body.token,
      hashed_token: createHash("sha256").update(body.token).digest("hex"),
      token_last_eight: body.token.slice(-8),
      note: null,
      note_url: null,
      created_at: expect.stringMatching(TIMESTAMP),
      updated_at: body.created_at,
      scopes: ["user:follow"],
      fingerprint: null,
      expires_at: null,
      user: simpleUser(user.id, user.username),
    });

    const follow = await h.put(`/api/v3/user/following/${idol.username}`, { token: body.token });
    expect(follow.status).toBe(204);
    expect(follow.headers.get("x-oauth-scopes")).toBe("user:follow");
    expect((await h.core.follows.followsAsListed(null, user.id, idol.id)).follows).toBe(true);
    const me = await h.get("/api/v3/user", { token: body.token });
    expect(me.headers.get("x-oauth-scopes")).toBe("user:follow");
    expect((await read(me)).body).toMatchObject({ login: user.username, id: user.id });
  });

  it("several scopes are all echoed", async () => {
    const { user } = await h.user();
    const { token } = await impersonate(user.username, ["public_repo", "user"]);
    const me = await h.get("/api/v3/user", { token });
    expect(me.status).toBe(200);
    expect(me.headers.get("x-oauth-scopes")).toBe("public_repo, user");
  });

  it("the same scopes again → 200 with an empty token and the same id; the token keeps working", async () => {
    const { user } = await h.user();
    const first = await impersonate(user.username, ["public_repo", "user"]);
    const before = await h.snapshot();
    const res = await h.post(`/api/v3/admin/users/${user.username}/authorizations`, {
      token: ROOT_TOKEN,
      json: { scopes: ["user", "public_repo", "user"] },
    });
    const { status, body } = await read(res);
    expect(status).toBe(200);
    expect(Object.keys(body as object)).toEqual(AUTHORIZATION_KEYS);
    expect(body).toMatchObject({
      id: first.id,
      url: `${GHES}/authorizations/${first.id}`,
      token: "",
      hashed_token: null,
      token_last_eight: null,
      scopes: ["public_repo", "user"],
      user: simpleUser(user.id, user.username),
    });
    expect(await h.snapshot()).toBe(before);
    expect((await h.get("/api/v3/user", { token: first.token })).status).toBe(200);
  });

  it("different scopes → 201 with a new token; the earlier one keeps working until deleted", async () => {
    // As a newcomer tried it: mint user:follow for alice, then read:user, then follow with the first.
    const { user: alice } = await h.user();
    const { user: idol } = await h.user();
    const first = await impersonate(alice.username, ["user:follow"]);
    const second = await impersonate(alice.username, ["read:user"]);
    expect(second.id).not.toBe(first.id);
    expect(second.token).not.toBe(first.token);
    const follow = await h.put(`/api/v3/user/following/${idol.username}`, { token: first.token });
    expect(follow.status).toBe(204);
    expect(follow.headers.get("x-oauth-scopes")).toBe("user:follow");
    expect((await h.core.follows.followsAsListed(null, alice.id, idol.id)).follows).toBe(true);
    const me = await h.get("/api/v3/user", { token: second.token });
    expect(me.status).toBe(200);
    expect(me.headers.get("x-oauth-scopes")).toBe("read:user");

    // Each scope set still answers with its own authorization.
    for (const [scopes, minted] of [
      [["user:follow"], first],
      [["read:user"], second],
    ] as const) {
      const again = await h.post(`/api/v3/admin/users/${alice.username}/authorizations`, {
        token: ROOT_TOKEN,
        json: { scopes },
      });
      expect(await read(again)).toMatchObject({ status: 200, body: { id: minted.id, token: "", scopes } });
    }

    // DELETE removes them all.
    await expectNoContent(
      await h.delete(`/api/v3/admin/users/${alice.username}/authorizations`, { token: ROOT_TOKEN }),
    );
    for (const { token } of [first, second])
      expect(await read(await h.get("/api/v3/user", { token }))).toEqual(
        failure(401, "Bad credentials", DOC.rest),
      );
  });

  it("concurrent requests for the same scopes mint one token; the others answer 200 with it", async () => {
    const { user } = await h.user();
    const send = (scopes: string[]) =>
      h.post(`/api/v3/admin/users/${user.username}/authorizations`, { token: ROOT_TOKEN, json: { scopes } });
    // Two scope sets, four requests each, all in flight at once (on PostgreSQL, on several connections).
    const answers = await Promise.all(
      [0, 1, 2, 3, 4, 5, 6, 7].map(async (i) => {
        const scopes = i % 2 ? ["user"] : ["user:follow"];
        const { status, body } = await read(await send(scopes));
        return { scopes: scopes[0], status, id: (body as { id: number }).id };
      }),
    );
    for (const scope of ["user", "user:follow"]) {
      const mine = answers.filter((a) => a.scopes === scope);
      expect(mine.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
      expect(new Set(mine.map((a) => a.id)).size).toBe(1);
    }
    const live = await h.core.tokens.liveTokensNamed(user.id, IMPERSONATION_TOKEN_NAME);
    expect(live.map((t) => t.scopes).sort()).toEqual([["user"], ["user:follow"]]);
  });

  it("the user's other tokens are left alone", async () => {
    const { user, token } = await h.user();
    await impersonate(user.username, ["user:follow"]);
    await impersonate(user.username, ["user"]);
    expect((await h.get("/api/v3/user", { token })).status).toBe(200);
  });

  it.each([
    ["no scopes", {}, "missing_field"],
    ["null scopes", { scopes: null }, "invalid"],
    ["scopes as a string", { scopes: "user" }, "invalid"],
    ["scopes with a number", { scopes: ["user", 1] }, "invalid"],
    ["scopes with an empty string", { scopes: [""] }, "invalid"],
    ["scopes as an object", { scopes: { user: true } }, "invalid"],
  ])("%s → 422", async (_name, json, code) => {
    const { user } = await h.user();
    await refused(
      () => h.post(`/api/v3/admin/users/${user.username}/authorizations`, { token: ROOT_TOKEN, json }),
      validation(DOC.impersonate, { resource: "OauthAccess", code, field: "scopes" }),
    );
  });

  it("unknown user → 404", async () => {
    await refused(
      () =>
        h.post(`/api/v3/admin/users/${fresh("ghost")}/authorizations`, {
          token: ROOT_TOKEN,
          json: { scopes: ["user"] },
        }),
      notFound(DOC.impersonate),
    );
  });

  it("invalid JSON → 400", async () => {
    const { user } = await h.user();
    await refused(
      () =>
        h.post(`/api/v3/admin/users/${user.username}/authorizations`, {
          token: ROOT_TOKEN,
          body: "[",
          headers: { "Content-Type": JSON_TYPE },
        }),
      failure(400, "Problems parsing JSON", DOC.impersonate),
    );
  });
});

describe("§12 DELETE /admin/users/{username}/authorizations", () => {
  it("204; the impersonation token stops working, other tokens keep working", async () => {
    const { user, token: own } = await h.user();
    const { token } = await impersonate(user.username, ["user"]);
    expect((await h.get("/api/v3/user", { token })).status).toBe(200);
    await expectNoContent(
      await h.delete(`/api/v3/admin/users/${user.username}/authorizations`, { token: ROOT_TOKEN }),
    );
    expect(await read(await h.get("/api/v3/user", { token }))).toEqual(
      failure(401, "Bad credentials", DOC.rest),
    );
    expect((await h.get("/api/v3/user", { token: own })).status).toBe(200);
    // A new one can be minted afterwards.
    const again = await impersonate(user.username, ["user"]);
    expect((await h.get("/api/v3/user", { token: again.token })).status).toBe(200);
  });

  it("finds impersonation tokens by what they are, not by name: GitLab's go too, the user's own stay", async () => {
    const { user } = await h.user();
    const minted = await impersonate(user.username, ["user"]);
    const gitlab = await h.core.tokens.createToken(user.id, {
      name: "seeding",
      scopes: ["api"],
      impersonation: true,
    });
    // The user's own token, under the name this route gives its tokens.
    const own = await h.core.tokens.createToken(user.id, {
      name: IMPERSONATION_TOKEN_NAME,
      scopes: ["user"],
    });
    await expectNoContent(
      await h.delete(`/api/v3/admin/users/${user.username}/authorizations`, { token: ROOT_TOKEN }),
    );
    for (const token of [minted.token, gitlab.secret])
      expect((await h.get("/api/v3/user", { token })).status).toBe(401);
    expect((await h.get("/api/v3/user", { token: own.secret })).status).toBe(200);
  });

  it("no impersonation token → 204, nothing changes", async () => {
    const { user } = await h.user();
    const before = await h.snapshot();
    await expectNoContent(
      await h.delete(`/api/v3/admin/users/${user.username}/authorizations`, { token: ROOT_TOKEN }),
    );
    expect(await h.snapshot()).toBe(before);
  });

  it("unknown user → 404", async () => {
    await refused(
      () => h.delete(`/api/v3/admin/users/${fresh("ghost")}/authorizations`, { token: ROOT_TOKEN }),
      notFound(DOC.unimpersonate),
    );
  });
});

describe("§12 PUT/DELETE /users/{username}/suspended", () => {
  it("PUT → 204: hidden from lists, counts and profile; its token → 403; DELETE → 204 restores", async () => {
    const [fan, sus, idol, other] = await h.users(4);
    await h.follow(fan!.user.id, sus!.user.id);
    await h.follow(sus!.user.id, idol!.user.id);
    const login = sus!.user.username;
    const fanLogin = fan!.user.username;
    const idolLogin = idol!.user.username;

    await expectNoContent(await h.put(`/api/v3/users/${login}/suspended`, { token: ROOT_TOKEN }));
    expect((await h.core.users.findUser(sus!.user.id))?.state).toBe("blocked");
    expect(await profile(login)).toEqual(notFound(DOC.getUser));
    expect(await profile(login, other!.token)).toEqual(notFound(DOC.getUser));
    expect((await profile(login, ROOT_TOKEN)).status).toBe(200);
    expect(await read(await h.get("/api/v3/user", { token: sus!.token }))).toEqual(
      failure(403, "Sorry. Your account was suspended.", DOC.rest),
    );
    expect((await profile(fanLogin)).body).toMatchObject({ following: 0 });
    expect((await profile(idolLogin)).body).toMatchObject({ followers: 0 });
    expect(await counts(fan!.user.id)).toEqual({ followers: 0, following: 0 });
    expect(await counts(idol!.user.id)).toEqual({ followers: 0, following: 0 });
    expect((await read(await h.get(`/api/v3/users/${fanLogin}/following`))).body).toEqual([]);
    expect((await read(await h.get(`/api/v3/users/${idolLogin}/followers`))).body).toEqual([]);

    await expectNoContent(await h.delete(`/api/v3/users/${login}/suspended`, { token: ROOT_TOKEN }));
    expect((await h.core.users.findUser(sus!.user.id))?.state).toBe("active");
    expect((await profile(login)).body).toMatchObject({ login, followers: 1, following: 1 });
    expect((await h.get("/api/v3/user", { token: sus!.token })).status).toBe(200);
    expect((await profile(fanLogin)).body).toMatchObject({ following: 1 });
    expect((await profile(idolLogin)).body).toMatchObject({ followers: 1 });
    expect(await counts(fan!.user.id)).toEqual({ followers: 0, following: 1 });
    expect(await counts(idol!.user.id)).toEqual({ followers: 1, following: 0 });
    expect((await read(await h.get(`/api/v3/users/${fanLogin}/following`))).body).toEqual([
      simpleUser(sus!.user.id, login),
    ]);
  });

  it("an optional {reason} body is accepted on both", async () => {
    const { user } = await h.user();
    const json = { reason: "Spamming the follow button" };
    await expectNoContent(
      await h.put(`/api/v3/users/${user.username}/suspended`, { token: ROOT_TOKEN, json }),
    );
    expect((await h.core.users.findUser(user.id))?.state).toBe("blocked");
    await expectNoContent(
      await h.delete(`/api/v3/users/${user.username}/suspended`, { token: ROOT_TOKEN, json }),
    );
    expect((await h.core.users.findUser(user.id))?.state).toBe("active");
  });

  it("suspending a suspended user, or unsuspending an active one → 204, nothing changes", async () => {
    const { user } = await h.user();
    let before = await h.snapshot();
    await expectNoContent(await h.delete(`/api/v3/users/${user.username}/suspended`, { token: ROOT_TOKEN }));
    expect(await h.snapshot()).toBe(before);
    await expectNoContent(await h.put(`/api/v3/users/${user.username}/suspended`, { token: ROOT_TOKEN }));
    before = await h.snapshot();
    await expectNoContent(await h.put(`/api/v3/users/${user.username}/suspended`, { token: ROOT_TOKEN }));
    expect(await h.snapshot()).toBe(before);
  });

  it("suspending yourself → 403", async () => {
    await refused(
      () => h.put("/api/v3/users/root/suspended", { token: ROOT_TOKEN }),
      failure(403, "You cannot suspend your own account", DOC.suspend),
    );
    expect((await h.get("/api/v3/user", { token: ROOT_TOKEN })).status).toBe(200);
  });

  it("a non-admin → 403", async () => {
    const [me, target] = await h.users(2);
    await refused(
      () => h.put(`/api/v3/users/${target!.user.username}/suspended`, { token: me!.token }),
      failure(403, "Must be a site administrator.", DOC.suspend),
    );
  });

  it.each([
    ["PUT", DOC.suspend],
    ["DELETE", DOC.unsuspend],
  ])("%s with malformed JSON → 400; unknown user → 404", async (method, docs) => {
    const { user } = await h.user();
    await refused(
      () =>
        h.request(method, `/api/v3/users/${user.username}/suspended`, {
          token: ROOT_TOKEN,
          body: "{reason",
          headers: { "Content-Type": JSON_TYPE },
        }),
      failure(400, "Problems parsing JSON", docs),
    );
    await refused(
      () => h.request(method, `/api/v3/users/${user.username}/suspended`, { token: ROOT_TOKEN, json: [] }),
      failure(400, "Body should be a JSON object", docs),
    );
    await refused(
      () => h.request(method, `/api/v3/users/${fresh("ghost")}/suspended`, { token: ROOT_TOKEN }),
      notFound(docs),
    );
  });
});

describe("§12 PUT/DELETE /users/{username}/site_admin", () => {
  it("PUT → 204 site_admin true, with admin powers; DELETE → 204 site_admin false", async () => {
    const { user } = await h.user();
    const token = await h.token(user.id, ["site_admin"]);
    expect((await profile(user.username)).body).toMatchObject({ site_admin: false });

    await expectNoContent(await h.put(`/api/v3/users/${user.username}/site_admin`, { token: ROOT_TOKEN }));
    expect((await profile(user.username)).body).toMatchObject({ site_admin: true });
    expect((await h.core.users.findUser(user.id))?.isAdmin).toBe(true);
    const login = fresh("made-by-promoted").replace(/_/g, "-");
    const created = await h.post("/api/v3/admin/users", { token, json: { login, email: emailFor(login) } });
    expect(created.status).toBe(201);

    // Promoting again is still a 204 and the user stays an administrator.
    await expectNoContent(await h.put(`/api/v3/users/${user.username}/site_admin`, { token: ROOT_TOKEN }));
    expect((await h.core.users.findUser(user.id))?.isAdmin).toBe(true);

    await expectNoContent(await h.delete(`/api/v3/users/${user.username}/site_admin`, { token: ROOT_TOKEN }));
    expect((await profile(user.username)).body).toMatchObject({ site_admin: false });
    expect((await h.core.users.findUser(user.id))?.isAdmin).toBe(false);
    expect(
      await read(
        await h.post("/api/v3/admin/users", { token, json: { login: fresh("x"), email: "x@example.com" } }),
      ),
    ).toEqual(failure(403, "Must be a site administrator.", DOC.create));
  });

  it("demoting yourself → 403 and nothing changes", async () => {
    await refused(
      () => h.delete("/api/v3/users/root/site_admin", { token: ROOT_TOKEN }),
      failure(403, "You cannot demote your own account", DOC.demote),
    );
    expect((await h.core.users.findUser(ROOT_ID))?.isAdmin).toBe(true);
  });

  it.each([
    ["PUT", DOC.promote],
    ["DELETE", DOC.demote],
  ])("%s on an unknown user → 404", async (method, docs) => {
    await refused(
      () => h.request(method, `/api/v3/users/${fresh("ghost")}/site_admin`, { token: ROOT_TOKEN }),
      notFound(docs),
    );
  });

  it("a non-admin → 403", async () => {
    const [me, target] = await h.users(2);
    await refused(
      () => h.put(`/api/v3/users/${target!.user.username}/site_admin`, { token: me!.token }),
      failure(403, "Must be a site administrator.", DOC.promote),
    );
  });
});

describe("the api.github.com layout serves the same admin routes", () => {
  it("create, rename, impersonate, suspend and delete without /api/v3; URLs follow the layout", async () => {
    const raw = fresh("root_layout");
    const login = raw.replace(/_/g, "-");
    const user = await createUser({ login: raw, email: emailFor(raw) }, "/admin/users");
    expect(user).toEqual(simpleUser(user.id, login, PUBLIC_URL));

    const renamed = `${login}-2`;
    const patch = await read(
      await h.patch(`/admin/users/${login}`, { token: ROOT_TOKEN, json: { login: renamed } }),
    );
    expect(patch).toEqual({
      status: 202,
      body: {
        message: "Job queued to rename user. It may take a few minutes to complete.",
        url: `${PUBLIC_URL}/user/${user.id}`,
      },
    });

    const auth = await read(
      await h.post(`/admin/users/${renamed}/authorizations`, {
        token: ROOT_TOKEN,
        json: { scopes: ["user"] },
      }),
    );
    expect(auth.status).toBe(201);
    const authorization = auth.body as { id: number; url: string; token: string; user: unknown };
    expect(authorization.url).toBe(`${PUBLIC_URL}/authorizations/${authorization.id}`);
    expect(authorization.user).toEqual(simpleUser(user.id, renamed, PUBLIC_URL));
    expect((await h.get("/user", { token: authorization.token })).status).toBe(200);

    await expectNoContent(await h.put(`/users/${renamed}/suspended`, { token: ROOT_TOKEN }));
    expect((await h.core.users.findUser(user.id))?.state).toBe("blocked");
    await expectNoContent(await h.put(`/users/${renamed}/site_admin`, { token: ROOT_TOKEN }));
    expect((await h.core.users.findUser(user.id))?.isAdmin).toBe(true);
    await expectNoContent(await h.delete(`/admin/users/${renamed}`, { token: ROOT_TOKEN }));
    expect(await h.core.users.findUser(user.id)).toBeNull();

    const admin = await h.user({ isAdmin: true }, ["user"]);
    const res = await refused(
      () =>
        h.post("/admin/users", { token: admin.token, json: { login: fresh("x"), email: "y@example.com" } }),
      notFound(DOC.create),
    );
    expect(res.headers.get("x-accepted-oauth-scopes")).toBe("site_admin");
  });
});
