import { describe, expect, it } from "vitest";
import { ROOT_TOKEN, read, setupGitLab, USER_BASIC_KEYS, userBasic } from "../testing.ts";

const h = setupGitLab();

const USER_NOT_FOUND = { status: 404, body: { message: "404 User Not Found" } };
const LIMIT = {
  status: 400,
  body: { message: "You can't follow more than 300 users. To follow more users, unfollow some others." },
};

/** GitLab's bodiless 304: nothing sent, no Content-Type (inferred from code; open question). */
async function expectNotModified(res: Response) {
  expect(res.status).toBe(304);
  expect(res.headers.get("content-type")).toBeNull();
  expect(await res.text()).toBe("");
}

const ids = (body: unknown) => (body as { id: number }[]).map((u) => u.id);

describe("§3.2 POST /users/:id/follow — order of checks", () => {
  it("1. route match first: a non-numeric id is the route 404 even with a bad token", async () => {
    expect(await read(await h.post("/users/1ASDF/follow", { token: "bad-token" }))).toEqual({
      status: 404,
      body: { error: "404 Not Found" },
    });
  });

  it("2. token resolution precedes the credentials check and the target lookup", async () => {
    const { user } = await h.user();
    expect((await h.post("/users/987654321/follow", { token: "bad-token" })).status).toBe(401);
    const expired = await h.token(user.id, ["api"], { expiresAt: "2001-01-01" });
    expect(await read(await h.post("/users/987654321/follow", { token: expired }))).toMatchObject({
      status: 401,
      body: { error: "invalid_token" },
    });
    const readOnly = await h.token(user.id, ["read_user"]);
    expect(await read(await h.post("/users/987654321/follow", { token: readOnly }))).toMatchObject({
      status: 403,
      body: { error: "insufficient_scope" },
    });
    const { user: blocked, token: blockedToken } = await h.user();
    await h.core.users.moderate(1, blocked.id, "block");
    expect(await read(await h.post("/users/987654321/follow", { token: blockedToken }))).toEqual({
      status: 403,
      body: { message: "403 Forbidden - Your account has been blocked." },
    });
  });

  it("3. no credentials → 401 before the target is looked up", async () => {
    expect(await read(await h.post("/users/987654321/follow"))).toEqual({
      status: 401,
      body: { message: "401 Unauthorized" },
    });
  });

  it("4. missing target, id 0 included → 404 User Not Found", async () => {
    const { token } = await h.user();
    expect(await read(await h.post("/users/0/follow", { token }))).toEqual(USER_NOT_FOUND);
    expect(await read(await h.post("/users/987654321/follow", { token }))).toEqual(USER_NOT_FOUND);
  });

  it("201 body is UserBasic of the target, keys id, username, public_email, name, state, locked, avatar_url, web_url", async () => {
    const { token } = await h.user();
    const { user: target } = await h.user({ publicEmail: "shown@example.com", name: "Shown Person" });
    const res = await h.post(`/users/${target.id}/follow`, { token });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(USER_BASIC_KEYS);
    expect(body).toEqual({ ...userBasic(target), public_email: "shown@example.com", name: "Shown Person" });
  });

  it("5. self-follow → 304, empty body, no Content-Type (choice for the open 304-headers question)", async () => {
    const { user, token } = await h.user();
    await expectNotModified(await h.post(`/users/${user.id}/follow`, { token }));
    expect(await h.edgeStored(user.id, user.id)).toBe(false);
  });

  it("5. caller has following disabled → 304 and no edge", async () => {
    const { user, token } = await h.user({ followingEnabled: false });
    const { user: target } = await h.user();
    await expectNotModified(await h.post(`/users/${target.id}/follow`, { token }));
    expect(await h.edgeStored(user.id, target.id)).toBe(false);
  });

  it("5. target has following disabled → 304 and no edge", async () => {
    const { user, token } = await h.user();
    const { user: target } = await h.user({ followingEnabled: false });
    await expectNotModified(await h.post(`/users/${target.id}/follow`, { token }));
    expect(await h.edgeStored(user.id, target.id)).toBe(false);
  });

  it("5. already following → 304", async () => {
    const { user, token } = await h.user();
    const { user: target } = await h.user();
    expect((await h.post(`/users/${target.id}/follow`, { token })).status).toBe(201);
    await expectNotModified(await h.post(`/users/${target.id}/follow`, { token }));
    expect((await h.core.users.findUser(target.id))?.counts.followers).toBe(1);
    expect((await h.core.users.findUser(user.id))?.counts.following).toBe(1);
  });

  it("5. at 300 followees: a new follow → 400; re-following someone already followed → 400, not 304; unfollowing makes room", async () => {
    const { user, token } = await h.user();
    const followed = await h.bulkEdges("followees", user.id, 300);
    const { user: fresh } = await h.user();
    expect(await read(await h.post(`/users/${fresh.id}/follow`, { token }))).toEqual(LIMIT);
    expect(await read(await h.post(`/users/${followed[0]}/follow`, { token }))).toEqual(LIMIT);
    expect(await h.edgeStored(user.id, fresh.id)).toBe(false);
    expect((await h.post(`/users/${followed[0]}/unfollow`, { token })).status).toBe(201);
    expect((await h.post(`/users/${fresh.id}/follow`, { token })).status).toBe(201);
    expect(await read(await h.post(`/users/${followed[0]}/follow`, { token }))).toEqual(LIMIT);
  });

  it("5. at 299 followees the 300th follow succeeds", async () => {
    const { user, token } = await h.user();
    await h.bulkEdges("followees", user.id, 299);
    const { user: fresh } = await h.user();
    expect((await h.post(`/users/${fresh.id}/follow`, { token })).status).toBe(201);
  });

  it("hidden (blocked) followees still count toward the 300 (inferred from code)", async () => {
    const { user, token } = await h.user();
    const followed = await h.bulkEdges("followees", user.id, 300);
    await h.core.users.moderate(1, followed[0]!, "block");
    expect((await h.core.users.findUser(user.id))?.counts.following).toBe(299);
    const { user: fresh } = await h.user();
    expect(await read(await h.post(`/users/${fresh.id}/follow`, { token }))).toEqual(LIMIT);
  });

  it.each([
    ["blocked", "block"],
    ["banned", "ban"],
    ["deactivated", "deactivate"],
  ] as const)("6. a %s target can be followed → 201 with its state in the body", async (state, action) => {
    const { user, token } = await h.user();
    const { user: target } = await h.user();
    await h.core.users.moderate(1, target.id, action);
    const { status, body } = await read(await h.post(`/users/${target.id}/follow`, { token }));
    expect(status).toBe(201);
    expect(body).toEqual(userBasic(await h.reload(target.id)));
    expect((body as { state: string }).state).toBe(state);
    expect(await h.edgeStored(user.id, target.id)).toBe(true);
  });

  it("6. a private-profile target can be followed → 201", async () => {
    const { token } = await h.user();
    const { user: target } = await h.user({ privateProfile: true });
    expect(await read(await h.post(`/users/${target.id}/follow`, { token }))).toEqual({
      status: 201,
      body: userBasic(target),
    });
  });
});

describe("§3.3 POST /users/:id/unfollow — order of checks", () => {
  it("steps 1–4: route 404, bad token 401, anonymous 401, missing target 404", async () => {
    const { token } = await h.user();
    expect((await read(await h.post("/users/x/unfollow", { token }))).body).toEqual({
      error: "404 Not Found",
    });
    expect((await h.post("/users/987654321/unfollow", { token: "bad-token" })).status).toBe(401);
    expect((await h.post("/users/987654321/unfollow")).status).toBe(401);
    expect(await read(await h.post("/users/987654321/unfollow", { token }))).toEqual(USER_NOT_FOUND);
  });

  it("a row was deleted → 201 UserBasic of the target; a second unfollow → 304", async () => {
    const [a, b] = [await h.user(), await h.user()];
    await h.follow(a.user.id, b.user.id);
    const res = await h.post(`/users/${b.user.id}/unfollow`, { token: a.token });
    expect(res.status).toBe(201);
    const body = (await res.json()) as object;
    expect(Object.keys(body)).toEqual(USER_BASIC_KEYS);
    expect(body).toEqual(userBasic(b.user));
    expect((await h.core.users.findUser(b.user.id))?.counts.followers).toBe(0);
    await expectNotModified(await h.post(`/users/${b.user.id}/unfollow`, { token: a.token }));
  });

  it("self-unfollow → 304", async () => {
    const { user, token } = await h.user();
    await expectNotModified(await h.post(`/users/${user.id}/unfollow`, { token }));
  });

  it("ignores user state: unfollowing a blocked target → 201 with state blocked", async () => {
    const [a, b] = [await h.user(), await h.user()];
    await h.follow(a.user.id, b.user.id);
    await h.core.users.moderate(1, b.user.id, "block");
    const { status, body } = await read(await h.post(`/users/${b.user.id}/unfollow`, { token: a.token }));
    expect(status).toBe(201);
    expect(body).toMatchObject({ id: b.user.id, state: "blocked" });
  });

  it("ignores enabled_following: rows purged by an opt-out leave nothing to delete → 304", async () => {
    const [a, b] = [await h.user(), await h.user()];
    await h.follow(a.user.id, b.user.id);
    await h.core.users.updateUser(b.user.id, { followingEnabled: false });
    await expectNotModified(await h.post(`/users/${b.user.id}/unfollow`, { token: a.token }));
  });

  it("ignores the limit: over 300 rows, unfollowing still works → 201", async () => {
    const { user, token } = await h.user();
    const followed = await h.bulkEdges("followees", user.id, 300);
    expect((await h.post(`/users/${followed[299]}/unfollow`, { token })).status).toBe(201);
  });
});

describe("§4 followers and following lists", () => {
  it("anonymous → 403 Not authorized! on both lists", async () => {
    const { user } = await h.user();
    for (const list of ["followers", "following"]) {
      expect(await read(await h.get(`/users/${user.id}/${list}`))).toEqual({
        status: 403,
        body: { message: "403 Forbidden - Not authorized!" },
      });
    }
  });

  it("private target: 404 for other users, 200 for the user and for admins", async () => {
    const { user: priv, token: privToken } = await h.user({ privateProfile: true });
    const { token: other } = await h.user();
    for (const list of ["followers", "following"]) {
      expect(await read(await h.get(`/users/${priv.id}/${list}`, { token: other }))).toEqual(USER_NOT_FOUND);
      expect((await h.get(`/users/${priv.id}/${list}`, { token: privToken })).status).toBe(200);
      expect((await h.get(`/users/${priv.id}/${list}`, { token: ROOT_TOKEN })).status).toBe(200);
    }
  });

  it.each([
    ["blocked", "block"],
    ["banned", "ban"],
  ] as const)("%s target: 404 for other users, 200 for admins", async (_state, action) => {
    const { user: target } = await h.user();
    const { token: other } = await h.user();
    await h.core.users.moderate(1, target.id, action);
    for (const list of ["followers", "following"]) {
      expect(await read(await h.get(`/users/${target.id}/${list}`, { token: other }))).toEqual(
        USER_NOT_FOUND,
      );
      expect((await h.get(`/users/${target.id}/${list}`, { token: ROOT_TOKEN })).status).toBe(200);
    }
  });

  it("deactivated target: its lists stay readable → 200", async () => {
    const [target, fan] = [await h.user(), await h.user()];
    await h.follow(fan.user.id, target.user.id);
    await h.core.users.moderate(1, target.user.id, "deactivate");
    expect(await read(await h.get(`/users/${target.user.id}/followers`, { token: fan.token }))).toEqual({
      status: 200,
      body: [userBasic(fan.user)],
    });
    expect((await h.get(`/users/${target.user.id}/following`, { token: fan.token })).status).toBe(200);
  });

  it("blocked, banned and deactivated users are omitted from lists and from X-Total; private profiles are listed", async () => {
    const [owner, viewer, active, blocked, banned, deactivated] = await h.users(6);
    const { user: priv } = await h.user({ privateProfile: true });
    const others = [active!, blocked!, banned!, deactivated!].map((s) => s.user);
    for (const u of [...others, priv]) {
      await h.follow(u.id, owner!.user.id);
      await h.follow(owner!.user.id, u.id);
    }
    await h.core.users.moderate(1, blocked!.user.id, "block");
    await h.core.users.moderate(1, banned!.user.id, "ban");
    await h.core.users.moderate(1, deactivated!.user.id, "deactivate");
    for (const list of ["followers", "following"]) {
      const res = await h.get(`/users/${owner!.user.id}/${list}`, { token: viewer!.token });
      expect(await res.json()).toEqual([userBasic(active!.user), userBasic(priv)]);
      expect(res.headers.get("x-total")).toBe("2");
    }
    // The rows are kept: unblocking brings the user back.
    await h.core.users.moderate(1, blocked!.user.id, "unblock");
    const res = await h.get(`/users/${owner!.user.id}/followers`, { token: viewer!.token });
    expect(ids(await res.json())).toEqual([active!.user.id, blocked!.user.id, priv.id]);
    expect(res.headers.get("x-total")).toBe("3");
  });

  it("ordered by the listed users' ids, not by follow time", async () => {
    const [owner, ...fans] = await h.users(5);
    for (const fan of [...fans].reverse()) {
      await h.follow(fan.user.id, owner!.user.id);
      await h.follow(owner!.user.id, fan.user.id);
    }
    const expected = fans.map((f) => f.user.id);
    const followers = await h.get(`/users/${owner!.user.id}/followers`, { token: owner!.token });
    expect(ids(await followers.json())).toEqual(expected);
    const following = await h.get(`/users/${owner!.user.id}/following`, { token: owner!.token });
    expect(ids(await following.json())).toEqual(expected);
  });

  it("an empty list → 200 []", async () => {
    const { user, token } = await h.user();
    expect(await read(await h.get(`/users/${user.id}/followers`, { token }))).toEqual({
      status: 200,
      body: [],
    });
    expect(await read(await h.get(`/users/${user.id}/following`, { token }))).toEqual({
      status: 200,
      body: [],
    });
  });

  it("a follow through the API shows up in both lists", async () => {
    const [a, b] = [await h.user(), await h.user()];
    expect((await h.post(`/users/${b.user.id}/follow`, { token: a.token })).status).toBe(201);
    expect(await (await h.get(`/users/${b.user.id}/followers`, { token: a.token })).json()).toEqual([
      userBasic(a.user),
    ]);
    expect(await (await h.get(`/users/${a.user.id}/following`, { token: b.token })).json()).toEqual([
      userBasic(b.user),
    ]);
  });
});
