import { userInput } from "@follow-graph/core/testing";
import { describe, expect, it } from "vitest";
import { PUBLIC_URL, ROOT_TOKEN, read, setupGitLab, USER_BASIC_KEYS } from "../testing.ts";

const h = setupGitLab();

const FORBIDDEN = { status: 403, body: { message: "403 Forbidden" } };
const UNAUTHORIZED = { status: 401, body: { message: "401 Unauthorized" } };
const USER_NOT_FOUND = { status: 404, body: { message: "404 User Not Found" } };

const newUserBody = (extra: Record<string, unknown> = {}) => ({
  ...userInput("seed"),
  password: "S3cure-pass-123!",
  skip_confirmation: true,
  ...extra,
});

describe("§11.1 POST /users", () => {
  it("admin → 201 UserWithAdmin of the new user", async () => {
    const input = newUserBody({ private_profile: true, bio: "hello" });
    const res = await h.post("/users", { token: ROOT_TOKEN, json: input });
    const { status, body } = await read(res);
    expect(status).toBe(201);
    const user = body as Record<string, unknown>;
    expect(Object.keys(user).slice(0, 8)).toEqual(USER_BASIC_KEYS);
    expect(user).toMatchObject({
      username: input.username,
      name: input.name,
      state: "active",
      web_url: `${PUBLIC_URL}/${input.username}`,
      email: input.email,
      bio: "hello",
      private_profile: true,
      is_admin: false,
    });
    expect((await h.core.users.findUser(user.id as number))?.privateProfile).toBe(true);
  });

  it("the form-encoded body clients also send works", async () => {
    const input = newUserBody();
    const form = new URLSearchParams(
      Object.entries(input).map(([k, v]): [string, string] => [k, String(v)]),
    ).toString();
    const res = await h.post("/users", {
      token: ROOT_TOKEN,
      body: form,
      contentType: "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(201);
  });

  it("duplicate username, case-insensitively → 409 Username has already been taken", async () => {
    const first = newUserBody();
    expect((await h.post("/users", { token: ROOT_TOKEN, json: first })).status).toBe(201);
    const again = newUserBody({ username: first.username.toUpperCase() });
    expect(await read(await h.post("/users", { token: ROOT_TOKEN, json: again }))).toEqual({
      status: 409,
      body: { message: "Username has already been taken" },
    });
  });

  it("duplicate email → 409 Email has already been taken", async () => {
    const first = newUserBody();
    expect((await h.post("/users", { token: ROOT_TOKEN, json: first })).status).toBe(201);
    const again = newUserBody({ email: first.email.toUpperCase() });
    expect(await read(await h.post("/users", { token: ROOT_TOKEN, json: again }))).toEqual({
      status: 409,
      body: { message: "Email has already been taken" },
    });
  });

  it("missing params → 400 Grape errors", async () => {
    expect(
      await read(await h.post("/users", { token: ROOT_TOKEN, json: { password: "long-enough" } })),
    ).toEqual({
      status: 400,
      body: { error: "email is missing, name is missing, username is missing" },
    });
    const { password: _p, ...noPassword } = newUserBody();
    expect(await read(await h.post("/users", { token: ROOT_TOKEN, json: noPassword }))).toEqual({
      status: 400,
      body: {
        error:
          "password, reset_password, force_random_password are missing, at least one parameter must be provided",
      },
    });
  });

  it("short password → 400 {message: {password: [is too short …]}}", async () => {
    expect(
      await read(await h.post("/users", { token: ROOT_TOKEN, json: newUserBody({ password: "short" }) })),
    ).toEqual({
      status: 400,
      body: { message: { password: ["is too short (minimum is 8 characters)"] } },
    });
  });

  it("an invalid username → 400 with the field's problem", async () => {
    const { status, body } = await read(
      await h.post("/users", { token: ROOT_TOKEN, json: newUserBody({ username: "-bad name" }) }),
    );
    expect(status).toBe(400);
    expect(Object.keys((body as { message: object }).message)).toEqual(["username"]);
  });

  it("non-admin → 403 {message: 403 Forbidden}; anonymous → 401", async () => {
    const { token } = await h.user();
    const before = await h.snapshot();
    expect(await read(await h.post("/users", { token, json: newUserBody() }))).toEqual(FORBIDDEN);
    expect(await read(await h.post("/users", { json: newUserBody() }))).toEqual(UNAUTHORIZED);
    expect(await h.snapshot()).toBe(before);
  });
});

describe("§11.1 PUT /users/:id", () => {
  it("admin → 200 UserWithAdmin with the changes stored", async () => {
    const { user } = await h.user();
    const res = await h.put(`/users/${user.id}`, {
      token: ROOT_TOKEN,
      json: { private_profile: true, name: "New Name" },
    });
    expect(await read(res)).toMatchObject({
      status: 200,
      body: { id: user.id, name: "New Name", private_profile: true, is_admin: false },
    });
    expect(await h.reload(user.id)).toMatchObject({ name: "New Name", privateProfile: true });
  });

  it("enabled_following=false (a seeding extension) purges the user's follows both ways", async () => {
    const [a, b] = await h.users(2);
    await h.follow(a!.user.id, b!.user.id);
    await h.follow(b!.user.id, a!.user.id);
    expect(
      (await h.put(`/users/${a!.user.id}`, { token: ROOT_TOKEN, json: { enabled_following: false } })).status,
    ).toBe(200);
    expect(await h.edgeStored(a!.user.id, b!.user.id)).toBe(false);
    expect(await h.edgeStored(b!.user.id, a!.user.id)).toBe(false);
  });

  it("unknown id → 404; taken username → 409; non-admin → 403; anonymous → 401", async () => {
    const [a, b] = await h.users(2);
    expect(await read(await h.put("/users/987654321", { token: ROOT_TOKEN, json: { name: "x" } }))).toEqual(
      USER_NOT_FOUND,
    );
    expect(
      await read(
        await h.put(`/users/${a!.user.id}`, { token: ROOT_TOKEN, json: { username: b!.user.username } }),
      ),
    ).toEqual({
      status: 409,
      body: { message: "Username has already been taken" },
    });
    expect(await read(await h.put(`/users/${b!.user.id}`, { token: a!.token, json: { name: "x" } }))).toEqual(
      FORBIDDEN,
    );
    expect(await read(await h.put(`/users/${b!.user.id}`, { json: { name: "x" } }))).toEqual(UNAUTHORIZED);
    expect((await h.reload(b!.user.id)).name).toBe(b!.user.name);
  });
});

describe("§11.2 POST /users/:user_id/personal_access_tokens", () => {
  it("admin → 201 with the token fields, and the token works", async () => {
    const { user } = await h.user();
    const res = await h.post(`/users/${user.id}/personal_access_tokens`, {
      token: ROOT_TOKEN,
      json: { name: "mytoken", scopes: ["api", "read_user"], expires_at: "2099-12-31", description: "seed" },
    });
    const { status, body } = await read(res);
    expect(status).toBe(201);
    const token = body as Record<string, unknown>;
    expect(Object.keys(token)).toEqual([
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
      "token",
    ]);
    expect(token).toMatchObject({
      name: "mytoken",
      revoked: false,
      description: "seed",
      scopes: ["api", "read_user"],
      user_id: user.id,
      last_used_at: null,
      active: true,
      expires_at: "2099-12-31",
    });
    expect(token.token).toMatch(/^glpat-[A-Za-z0-9]{20}$/);
    const me = await h.get("/user", { token: token.token as string });
    expect(((await me.json()) as { id: number }).id).toBe(user.id);
  });

  it("scopes[]= form and comma-separated scopes; no expires_at gives the maximum lifetime", async () => {
    const { user } = await h.user();
    const form = await h.post(`/users/${user.id}/personal_access_tokens`, {
      token: ROOT_TOKEN,
      body: "name=f&scopes[]=read_api&scopes[]=read_user",
      contentType: "application/x-www-form-urlencoded",
    });
    expect(await read(form)).toMatchObject({ status: 201, body: { scopes: ["read_api", "read_user"] } });
    const comma = await read(
      await h.post(`/users/${user.id}/personal_access_tokens`, {
        token: ROOT_TOKEN,
        json: { name: "c", scopes: "api,read_user" },
      }),
    );
    expect(comma).toMatchObject({ status: 201, body: { scopes: ["api", "read_user"] } });
    const expiresAt = (comma.body as { expires_at: string }).expires_at;
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 360 * 86_400_000);
  });

  it("bad scopes → 400; missing name or scopes → 400; nothing stored", async () => {
    const { user } = await h.user();
    const path = `/users/${user.id}/personal_access_tokens`;
    const before = await h.snapshot();
    expect(
      await read(
        await h.post(path, { token: ROOT_TOKEN, json: { name: "x", scopes: ["write_everything"] } }),
      ),
    ).toEqual({
      status: 400,
      body: { error: "scopes does not have a valid value" },
    });
    expect(
      await read(await h.post(path, { token: ROOT_TOKEN, json: { name: "x", scopes: [] } })),
    ).toMatchObject({ status: 400 });
    expect(await read(await h.post(path, { token: ROOT_TOKEN, json: {} }))).toEqual({
      status: 400,
      body: { error: "name is missing, scopes is missing" },
    });
    expect(await h.snapshot()).toBe(before);
  });

  it("unknown user → 404; non-admin → 403; anonymous → 401", async () => {
    const { user, token } = await h.user();
    const json = { name: "x", scopes: ["api"] };
    expect(
      await read(await h.post("/users/987654321/personal_access_tokens", { token: ROOT_TOKEN, json })),
    ).toEqual(USER_NOT_FOUND);
    expect(await read(await h.post(`/users/${user.id}/personal_access_tokens`, { token, json }))).toEqual(
      FORBIDDEN,
    );
    expect(await read(await h.post(`/users/${user.id}/personal_access_tokens`, { json }))).toEqual(
      UNAUTHORIZED,
    );
  });
});

describe("DELETE /personal_access_tokens/:id", () => {
  const TOKEN_NOT_FOUND = { status: 404, body: { message: "404 Personal Access Token Not Found" } };
  const revoke = (id: number, token?: string) =>
    h.request("DELETE", `/personal_access_tokens/${id}`, { token });
  const statusOf = async (secret: string) => (await h.core.tokens.resolveToken(secret)).status;

  it("the owner revokes its own token with another of its tokens → 204", async () => {
    const { user, token: own } = await h.user();
    const spare = await h.core.tokens.createToken(user.id, { name: "spare", scopes: ["api"] });
    const res = await revoke(spare.token.id, own);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect(await statusOf(spare.secret)).toBe("revoked");
    expect(await statusOf(own)).toBe("valid");
  });

  it("an administrator revokes anyone's token → 204; again → 204, first revocation time kept", async () => {
    const { user } = await h.user();
    const { token, secret } = await h.core.tokens.createToken(user.id, { name: "x", scopes: ["api"] });
    expect((await revoke(token.id, ROOT_TOKEN)).status).toBe(204);
    expect(await statusOf(secret)).toBe("revoked");
    const revokedAt = (await h.core.tokens.getToken(token.id))?.revokedAt;
    expect(revokedAt).toBeInstanceOf(Date);
    const before = await h.snapshot();
    expect((await revoke(token.id, ROOT_TOKEN)).status).toBe(204);
    expect((await h.core.tokens.getToken(token.id))?.revokedAt).toEqual(revokedAt);
    expect(await h.snapshot()).toBe(before);
  });

  it("someone else's token → 404 as if it did not exist, and it keeps working", async () => {
    const [owner, other] = await h.users(2);
    const { token, secret } = await h.core.tokens.createToken(owner!.user.id, { name: "x", scopes: ["api"] });
    const before = await h.snapshot();
    expect(await read(await revoke(token.id, other!.token))).toEqual(TOKEN_NOT_FOUND);
    expect(await h.snapshot()).toBe(before);
    expect(await statusOf(secret)).toBe("valid");
  });

  it("unknown id, or one past 2^53 → 404; anonymous → 401; nothing changes", async () => {
    const { token } = await h.user();
    const before = await h.snapshot();
    expect(await read(await revoke(987654321, ROOT_TOKEN))).toEqual(TOKEN_NOT_FOUND);
    expect(
      await read(await h.request("DELETE", "/personal_access_tokens/99999999999999999999", { token })),
    ).toEqual(TOKEN_NOT_FOUND);
    expect(await read(await revoke(1))).toEqual(UNAUTHORIZED);
    expect(await h.snapshot()).toBe(before);
  });
});

describe("§11.3 moderation routes", () => {
  const moderate = (id: number, action: string, token = ROOT_TOKEN) =>
    h.post(`/users/${id}/${action}`, { token });
  const stateOf = async (id: number) => (await h.reload(id)).state;

  it("block → 201 true and state blocked; unblock → 201 true and active", async () => {
    const { user } = await h.user();
    expect(await read(await moderate(user.id, "block"))).toEqual({ status: 201, body: true });
    expect(await stateOf(user.id)).toBe("blocked");
    expect(await read(await moderate(user.id, "unblock"))).toEqual({ status: 201, body: true });
    expect(await stateOf(user.id)).toBe("active");
  });

  it("ban → 201 true; unban → 201 true", async () => {
    const { user } = await h.user();
    expect(await read(await moderate(user.id, "ban"))).toEqual({ status: 201, body: true });
    expect(await stateOf(user.id)).toBe("banned");
    expect(await read(await moderate(user.id, "unban"))).toEqual({ status: 201, body: true });
    expect(await stateOf(user.id)).toBe("active");
  });

  it("deactivate → 201 true; activate → 201 true", async () => {
    const { user } = await h.user();
    expect(await read(await moderate(user.id, "deactivate"))).toEqual({ status: 201, body: true });
    expect(await stateOf(user.id)).toBe("deactivated");
    expect(await read(await moderate(user.id, "activate"))).toEqual({ status: 201, body: true });
    expect(await stateOf(user.id)).toBe("active");
  });

  // lib/api/users.rb: block and deactivate `break` (a null body) when there is nothing to do;
  // activate answers its service's success, unblock its service's failure.
  it("already in the target state: block/deactivate → 201 null, activate → 201 true, unblock of an active user → 201 false", async () => {
    const { user } = await h.user();
    expect(await read(await moderate(user.id, "activate"))).toEqual({ status: 201, body: true });
    expect(await read(await moderate(user.id, "unblock"))).toEqual({ status: 201, body: false });
    await moderate(user.id, "block");
    const blocked = await h.snapshot();
    expect(await read(await moderate(user.id, "block"))).toEqual({ status: 201, body: null });
    expect(await h.snapshot()).toBe(blocked);
    const { user: other } = await h.user();
    await moderate(other.id, "deactivate");
    expect(await read(await moderate(other.id, "deactivate"))).toEqual({ status: 201, body: null });
    expect(await stateOf(other.id)).toBe("deactivated");
  });

  it("block of a banned user → 201 null (GitLab's blocked? is true of banned users), still banned", async () => {
    const { user } = await h.user();
    await moderate(user.id, "ban");
    expect(await read(await moderate(user.id, "block"))).toEqual({ status: 201, body: null });
    expect(await stateOf(user.id)).toBe("banned");
  });

  it("block/deactivate of an unknown user → 404 User Not Found", async () => {
    expect(await read(await moderate(987654321, "block"))).toEqual(USER_NOT_FOUND);
    expect(await read(await moderate(987654321, "deactivate"))).toEqual(USER_NOT_FOUND);
  });

  it("block: the caller blocking themselves → 403 Forbidden - The API initiating user cannot be blocked by the API", async () => {
    expect(await read(await moderate(1, "block"))).toEqual({
      status: 403,
      body: { message: "403 Forbidden - The API initiating user cannot be blocked by the API" },
    });
    expect(await stateOf(1)).toBe("active");
  });

  it("unblock: a deactivated user → 403 Forbidden - Deactivated users cannot be unblocked by the API", async () => {
    const { user } = await h.user();
    await moderate(user.id, "deactivate");
    expect(await read(await moderate(user.id, "unblock"))).toEqual({
      status: 403,
      body: { message: "403 Forbidden - Deactivated users cannot be unblocked by the API" },
    });
  });

  it("ban a user that is not active / unban one that is not banned → 403 with the service's message", async () => {
    const { user } = await h.user();
    await moderate(user.id, "block");
    expect(await read(await moderate(user.id, "ban"))).toEqual({
      status: 403,
      body: { message: "You cannot ban blocked users." },
    });
    expect(await read(await moderate(user.id, "unban"))).toEqual({
      status: 403,
      body: { message: "You cannot unban blocked users." },
    });
  });

  it("deactivate a blocked user / activate a blocked user → 403", async () => {
    const { user } = await h.user();
    await moderate(user.id, "block");
    expect(await read(await moderate(user.id, "deactivate"))).toEqual({
      status: 403,
      body: { message: "Error occurred. A blocked user cannot be deactivated" },
    });
    expect(await read(await moderate(user.id, "activate"))).toEqual({
      status: 403,
      body: { message: "Error occurred. A blocked user must be unblocked to be activated" },
    });
    expect(await stateOf(user.id)).toBe("blocked");
  });

  it.each(["block", "unblock", "ban", "unban", "deactivate", "activate"])(
    "%s: unknown user → 404, non-admin → 403, anonymous → 401",
    async (action) => {
      const { user, token } = await h.user();
      expect(await read(await moderate(987654321, action))).toEqual(USER_NOT_FOUND);
      expect(await read(await moderate(user.id, action, token))).toEqual(FORBIDDEN);
      expect(await read(await h.post(`/users/${user.id}/${action}`))).toEqual(UNAUTHORIZED);
      expect(await stateOf(user.id)).toBe("active");
    },
  );
});

describe("DELETE /users/:id", () => {
  it("an admin deletes a user → 204; it is gone, its token dead, its neighbours' counts drop", async () => {
    const [gone, fan] = await h.users(2);
    await h.follow(fan!.user.id, gone!.user.id);
    await h.follow(gone!.user.id, fan!.user.id);
    const res = await h.request("DELETE", `/users/${gone!.user.id}`, { token: ROOT_TOKEN });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect((await h.get(`/users/${gone!.user.id}`, { token: ROOT_TOKEN })).status).toBe(404);
    expect((await h.get("/user", { token: gone!.token })).status).toBe(401);
    expect((await h.core.users.findUser(fan!.user.id))?.counts).toEqual({ followers: 0, following: 0 });
  });

  it("non-admins get 403, anonymous callers 401, an unknown id 404; nothing changes", async () => {
    const [a, b] = await h.users(2);
    const before = await h.snapshot();
    expect(await read(await h.request("DELETE", `/users/${b!.user.id}`, { token: a!.token }))).toEqual({
      status: 403,
      body: { message: "403 Forbidden" },
    });
    expect((await h.request("DELETE", `/users/${b!.user.id}`)).status).toBe(401);
    expect(await read(await h.request("DELETE", "/users/987654321", { token: ROOT_TOKEN }))).toEqual({
      status: 404,
      body: { message: "404 User Not Found" },
    });
    expect(await h.snapshot()).toBe(before);
  });

  it("an admin cannot delete their own account", async () => {
    const before = await h.snapshot();
    expect(await read(await h.request("DELETE", "/users/1", { token: ROOT_TOKEN }))).toEqual({
      status: 403,
      body: { message: "403 Forbidden - You cannot delete your own account" },
    });
    expect(await h.snapshot()).toBe(before);
  });
});
