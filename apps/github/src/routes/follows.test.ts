import { describe, expect, it } from "vitest";
import { DOCS } from "../docs.ts";
import { GHES, PUBLIC_URL, read, SIMPLE_USER_KEYS, setupGitHub, simpleUser } from "../testing.ts";

const h = setupGitHub();

const notFoundBody = (documentation_url: string) => ({
  message: "Not Found",
  documentation_url,
  status: "404",
});
const logins = (body: unknown) => (body as { login: string }[]).map((u) => u.login);

/** Runs `act` and checks that nothing stored changed. */
async function unchanged(act: () => Promise<unknown>) {
  const before = await h.snapshot();
  await act();
  expect(await h.snapshot()).toBe(before);
}

/** A bodiless 204, as GitHub sends it: no Content-Type either. */
function expectNoContent(res: Response) {
  expect(res.status).toBe(204);
  expect(res.headers.get("content-type")).toBeNull();
}

describe("#4 PUT /user/following/{username}", () => {
  it("new follow → 204 with no body and no Content-Type; the edge is stored", async () => {
    const [a, b] = await h.users(2);
    const res = await h.put(`/user/following/${b!.user.username}`, { token: a!.token });
    expectNoContent(res);
    expect(await res.text()).toBe("");
    expect(await h.edgeStored(a!.user.id, b!.user.id)).toBe(true);
  });

  it("already following → 204 and nothing changes", async () => {
    const [a, b] = await h.users(2);
    await h.follow(a!.user.id, b!.user.id);
    await unchanged(async () =>
      expectNoContent(await h.put(`/user/following/${b!.user.username}`, { token: a!.token })),
    );
  });

  it("following yourself → 204, no edge stored", async () => {
    const { user, token } = await h.user();
    await unchanged(async () => expectNoContent(await h.put(`/user/following/${user.username}`, { token })));
    expect(await h.edgeStored(user.id, user.id)).toBe(false);
  });

  it("a target who refuses followers (following turned off) → silent 204, nothing stored, as for a blocking user", async () => {
    const [a, b] = await h.users(2);
    await h.core.users.updateUser(b!.user.id, { followingEnabled: false });
    await unchanged(async () =>
      expectNoContent(await h.put(`/user/following/${b!.user.username}`, { token: a!.token })),
    );
  });

  it("matches the username case-insensitively", async () => {
    const [a, b] = await h.users(2);
    expectNoContent(await h.put(`/user/following/${b!.user.username.toUpperCase()}`, { token: a!.token }));
    expect(await h.edgeStored(a!.user.id, b!.user.id)).toBe(true);
  });

  it("unknown user → 404 with the operation's documentation page", async () => {
    const { token } = await h.user();
    await unchanged(async () =>
      expect(await read(await h.put("/user/following/no-such-user", { token }))).toEqual({
        status: 404,
        body: notFoundBody(DOCS.follow),
      }),
    );
  });

  it.each([
    ["characters GitHub never allows", "bad%20name%21"],
    ["a NUL byte", "bad%00name"],
    ["an over-long name", "x".repeat(300)],
    ["a dot-dot name", ".."],
  ])("a username with %s → 404, nothing stored", async (_what, username) => {
    const { token } = await h.user();
    await unchanged(async () => {
      const res = await h.put(`/user/following/${username}`, { token });
      expect(res.status).toBe(404);
    });
  });

  it("a suspended (blocked) target → 404, as if unknown; a private profile can be followed", async () => {
    const [a, blocked, priv] = await h.users(3);
    await h.core.users.moderate(1, blocked!.user.id, "block");
    await h.core.users.updateUser(priv!.user.id, { privateProfile: true });
    await unchanged(async () =>
      expect(
        await read(await h.put(`/user/following/${blocked!.user.username}`, { token: a!.token })),
      ).toEqual({
        status: 404,
        body: notFoundBody(DOCS.follow),
      }),
    );
    expectNoContent(await h.put(`/user/following/${priv!.user.username}`, { token: a!.token }));
    expectNoContent(await h.get(`/user/following/${priv!.user.username}`, { token: a!.token }));
    expectNoContent(await h.delete(`/user/following/${priv!.user.username}`, { token: a!.token }));
  });

  it("a body is ignored, JSON or not: the endpoint takes none", async () => {
    const [a, b, c] = await h.users(3);
    expectNoContent(await h.put(`/user/following/${b!.user.username}`, { token: a!.token, json: { x: 1 } }));
    expectNoContent(
      await h.put(`/user/following/${c!.user.username}`, {
        token: a!.token,
        body: "{not json",
        headers: { "Content-Type": "application/json" },
      }),
    );
    expect(await h.edgeStored(a!.user.id, c!.user.id)).toBe(true);
  });

  it("an empty body labelled JSON (go-gh sends that) is accepted", async () => {
    const [a, b] = await h.users(2);
    const res = await h.put(`/user/following/${b!.user.username}`, {
      token: a!.token,
      headers: { "Content-Type": "application/json; charset=utf-8", "Content-Length": "0" },
    });
    expectNoContent(res);
  });

  it("there is no followee cap on GitHub: a user following 300 can follow more", async () => {
    const { user, token } = await h.user();
    await h.bulkEdges("followees", user.id, 300);
    const { user: next } = await h.user();
    expectNoContent(await h.put(`/user/following/${next.username}`, { token }));
    expect(await h.edgeStored(user.id, next.id)).toBe(true);
  });

  it("no token → 401 Requires authentication", async () => {
    const { user } = await h.user();
    expect(await read(await h.put(`/user/following/${user.username}`))).toEqual({
      status: 401,
      body: { message: "Requires authentication", documentation_url: DOCS.follow, status: "401" },
    });
  });
});

describe("#5 DELETE /user/following/{username}", () => {
  it("edge removed → 204, no body, no Content-Type", async () => {
    const [a, b] = await h.users(2);
    await h.follow(a!.user.id, b!.user.id);
    expectNoContent(await h.delete(`/user/following/${b!.user.username}`, { token: a!.token }));
    expect(await h.edgeStored(a!.user.id, b!.user.id)).toBe(false);
  });

  it("no edge → 204 (idempotent), nothing changes; yourself → 204", async () => {
    const [a, b] = await h.users(2);
    await unchanged(async () => {
      expectNoContent(await h.delete(`/user/following/${b!.user.username}`, { token: a!.token }));
      expectNoContent(await h.delete(`/user/following/${a!.user.username}`, { token: a!.token }));
    });
  });

  it("unknown user → 404 with the unfollow page", async () => {
    const { token } = await h.user();
    expect(await read(await h.delete("/user/following/no-such-user", { token }))).toEqual({
      status: 404,
      body: notFoundBody(DOCS.unfollow),
    });
  });

  it("works without a Content-Length, as Octokit sends DELETE", async () => {
    const [a, b] = await h.users(2);
    await h.follow(a!.user.id, b!.user.id);
    const res = await h.delete(`/user/following/${b!.user.username}`, { token: a!.token });
    expectNoContent(res);
  });
});

describe("#3 GET /user/following/{username}", () => {
  it("204 when the caller follows the user, 404 with the check page when not", async () => {
    const [a, b] = await h.users(2);
    const path = `/user/following/${b!.user.username}`;
    expect(await read(await h.get(path, { token: a!.token }))).toEqual({
      status: 404,
      body: notFoundBody(DOCS.checkMine),
    });
    await h.follow(a!.user.id, b!.user.id);
    expectNoContent(await h.get(path, { token: a!.token }));
    // The other way round is a different edge.
    expect((await h.get(`/user/following/${a!.user.username}`, { token: b!.token })).status).toBe(404);
  });

  it("unknown user → 404; a followed user who is suspended → 404", async () => {
    const [a, b] = await h.users(2);
    expect((await h.get("/user/following/no-such-user", { token: a!.token })).status).toBe(404);
    await h.follow(a!.user.id, b!.user.id);
    await h.core.users.moderate(1, b!.user.id, "block");
    expect((await h.get(`/user/following/${b!.user.username}`, { token: a!.token })).status).toBe(404);
  });
});

describe("#8 GET /users/{username}/following/{target_user}", () => {
  it("204 when the user follows the target, 404 when not; no token needed", async () => {
    const [a, b] = await h.users(2);
    const path = `/users/${a!.user.username}/following/${b!.user.username}`;
    expect(await read(await h.get(path))).toEqual({ status: 404, body: notFoundBody(DOCS.checkFollowing) });
    await h.follow(a!.user.id, b!.user.id);
    expectNoContent(await h.get(path));
    expect((await h.get(`/users/${b!.user.username}/following/${a!.user.username}`)).status).toBe(404);
  });

  it("unknown user or unknown target → 404", async () => {
    const { user } = await h.user();
    expect((await h.get(`/users/no-such-user/following/${user.username}`)).status).toBe(404);
    expect((await h.get(`/users/${user.username}/following/no-such-user`)).status).toBe(404);
  });
});

describe("#1, #2, #6, #7 lists", () => {
  it("#6 lists followers oldest follow first, not in id order; anonymous callers may read", async () => {
    const [owner, ...fans] = await h.users(5);
    for (const i of [2, 0, 3, 1]) await h.follow(fans[i]!.user.id, owner!.user.id);
    const res = await h.get(`/users/${owner!.user.username}/followers`);
    const { status, body } = await read(res);
    expect(status).toBe(200);
    expect(logins(body)).toEqual([2, 0, 3, 1].map((i) => fans[i]!.user.username));
    expect(res.headers.get("link")).toBeNull();
  });

  it("#7 lists whom the user follows, oldest first", async () => {
    const [owner, ...idols] = await h.users(4);
    for (const i of [1, 2, 0]) await h.follow(owner!.user.id, idols[i]!.user.id);
    const { body } = await read(await h.get(`/users/${owner!.user.username}/following`));
    expect(logins(body)).toEqual([1, 2, 0].map((i) => idols[i]!.user.username));
  });

  it("#1 and #2 list the caller's own followers and followees", async () => {
    const [me, fan, idol] = await h.users(3);
    await h.follow(fan!.user.id, me!.user.id);
    await h.follow(me!.user.id, idol!.user.id);
    expect(logins((await read(await h.get("/user/followers", { token: me!.token }))).body)).toEqual([
      fan!.user.username,
    ]);
    expect(logins((await read(await h.get("/user/following", { token: me!.token }))).body)).toEqual([
      idol!.user.username,
    ]);
  });

  it("an empty list is 200 []", async () => {
    const { user, token } = await h.user();
    for (const path of [
      `/users/${user.username}/followers`,
      `/users/${user.username}/following`,
      "/user/followers",
    ])
      expect(await read(await h.get(path, { token }))).toEqual({ status: 200, body: [] });
  });

  it("#6/#7 unknown user → 404 with the list's page (the spec lists only 200; GitHub sends 404)", async () => {
    expect(await read(await h.get("/users/no-such-user/followers"))).toEqual({
      status: 404,
      body: notFoundBody(DOCS.listFollowers),
    });
    expect(await read(await h.get("/users/no-such-user/following"))).toEqual({
      status: 404,
      body: notFoundBody(DOCS.listFollowing),
    });
  });

  it("suspended, banned and deactivated users are left out of lists", async () => {
    const [owner, active, blocked, banned, deactivated] = await h.users(5);
    for (const fan of [active, blocked, banned, deactivated]) await h.follow(fan!.user.id, owner!.user.id);
    await h.core.users.moderate(1, blocked!.user.id, "block");
    await h.core.users.moderate(1, banned!.user.id, "ban");
    await h.core.users.moderate(1, deactivated!.user.id, "deactivate");
    const { body } = await read(await h.get(`/users/${owner!.user.username}/followers`));
    expect(logins(body)).toEqual([active!.user.username]);
  });

  it("a private profile's lists are 404 to others, readable by the user and by admins", async () => {
    const { user, token } = await h.user({ privateProfile: true });
    const { token: other } = await h.user();
    const path = `/users/${user.username}/followers`;
    expect((await h.get(path, { token: other })).status).toBe(404);
    expect((await h.get(path)).status).toBe(404);
    expect((await h.get(path, { token })).status).toBe(200);
    expect((await h.get(path, { token: (await h.user({ isAdmin: true })).token })).status).toBe(200);
  });

  it("items are simple-users: GitHub's fields in GitHub's order, ids and node ids, no name or email", async () => {
    const [owner, fan] = await h.users(2);
    await h.follow(fan!.user.id, owner!.user.id);
    const { body } = await read(await h.get(`/users/${owner!.user.username}/followers`));
    const [item] = body as Record<string, unknown>[];
    expect(Object.keys(item!)).toEqual(SIMPLE_USER_KEYS);
    expect(item).toEqual(simpleUser(fan!.user.id, fan!.user.username, PUBLIC_URL));
  });

  it("URL fields point at the prefix the request came through: /api/v3 on the Enterprise layout", async () => {
    const [owner, fan] = await h.users(2);
    await h.follow(fan!.user.id, owner!.user.id);
    const { body } = await read(await h.get(`/api/v3/users/${owner!.user.username}/followers`));
    const [item] = body as Record<string, string>[];
    expect(item!.url).toBe(`${GHES}/users/${fan!.user.username}`);
    expect(item!.followers_url).toBe(`${GHES}/users/${fan!.user.username}/followers`);
    expect(item!.html_url).toBe(`${PUBLIC_URL}/${fan!.user.username}`);
    // Following the item's own URL stays on this server and works.
    expect((await h.get(item!.followers_url!)).status).toBe(200);
  });

  it("site administrators are marked site_admin", async () => {
    const [owner, admin] = [await h.user(), await h.user({ isAdmin: true })];
    await h.follow(admin.user.id, owner.user.id);
    const { body } = await read(await h.get(`/users/${owner.user.username}/followers`));
    expect((body as { site_admin: boolean }[])[0]!.site_admin).toBe(true);
  });

  it("the id form GitHub uses in canonical links (/user/{id}/followers) serves the same list", async () => {
    const [owner, fan] = await h.users(2);
    await h.follow(fan!.user.id, owner!.user.id);
    const byName = await read(await h.get(`/users/${owner!.user.username}/followers`));
    expect(await read(await h.get(`/user/${owner!.user.id}/followers`))).toEqual(byName);
    expect((await read(await h.get(`/user/${owner!.user.id}/following`))).body).toEqual([]);
    expect((await h.get("/user/987654321/followers")).status).toBe(404);
    expect((await h.get("/user/99999999999999999999999/followers")).status).toBe(404);
  });
});
