import { rowsOf, sql } from "@follow-graph/core/testing";
import { describe, expect, it } from "vitest";
import { DOCS } from "../docs.ts";
import { GHES, PUBLIC_URL, read, setupGitHub, simpleUser } from "../testing.ts";

const h = setupGitHub();

const notFoundBody = (documentation_url: string) => ({
  message: "Not Found",
  documentation_url,
  status: "404",
});
const logins = (body: unknown) => (body as { login: string }[]).map((u) => u.login);

/** Every stored block, as [blocker, blocked]; the harness's snapshot does not hold them. */
const storedBlocks = async () =>
  rowsOf(
    await h.t.database.db.execute(sql`select blocker_id, blocked_id from user_blocks order by 1, 2`),
  ).map((r) => [Number(r.blocker_id), Number(r.blocked_id)]);

/** Runs `act` and checks that nothing stored changed, blocks included. */
async function unchanged(act: () => Promise<unknown>) {
  const before = [await h.snapshot(), await storedBlocks()];
  await act();
  expect([await h.snapshot(), await storedBlocks()]).toEqual(before);
}

/** A bodiless 204, as GitHub sends it. */
function expectNoContent(res: Response) {
  expect(res.status).toBe(204);
  expect(res.headers.get("content-type")).toBeNull();
}

const counts = async (login: string, token: string) => {
  const { followers, following } = (await read(await h.get(`/users/${login}`, { token }))).body as {
    followers: number;
    following: number;
  };
  return { followers, following };
};

describe("PUT /user/blocks/{username}", () => {
  it("blocks → 204 and removes the follows between the two both ways, counters exact", async () => {
    const [a, b, c] = [await h.githubUser(), await h.githubUser(), await h.githubUser()];
    await h.follow(a.user.id, b.user.id);
    await h.follow(b.user.id, a.user.id);
    await h.follow(c.user.id, a.user.id);
    expectNoContent(await h.put(`/user/blocks/${b.user.username}`, { token: a.token }));
    expect(await h.edgeStored(a.user.id, b.user.id)).toBe(false);
    expect(await h.edgeStored(b.user.id, a.user.id)).toBe(false);
    expect(await counts(a.user.username, a.token)).toEqual({ followers: 1, following: 0 });
    expect(await counts(b.user.username, a.token)).toEqual({ followers: 0, following: 0 });
    expect(await storedBlocks()).toContainEqual([a.user.id, b.user.id]);
  });

  it("blocking again → 204, nothing changes", async () => {
    const [a, b] = [await h.githubUser(), await h.githubUser()];
    expectNoContent(await h.put(`/user/blocks/${b.user.username}`, { token: a.token }));
    await unchanged(async () =>
      expectNoContent(await h.put(`/user/blocks/${b.user.username.toUpperCase()}`, { token: a.token })),
    );
  });

  it("blocking yourself → 422 Validation Failed, nothing stored", async () => {
    const a = await h.githubUser();
    await unchanged(async () =>
      expect(await read(await h.put(`/user/blocks/${a.user.username}`, { token: a.token }))).toEqual({
        status: 422,
        body: {
          message: "Validation Failed",
          errors: [
            {
              resource: "Block",
              code: "custom",
              field: "blocked_user",
              message: "You can't block yourself.",
            },
          ],
          documentation_url: DOCS.block,
          status: "422",
        },
      }),
    );
  });

  it.each([
    ["an unknown user", "no-such-user"],
    ["a name GitHub never allows", "bad%20name%21"],
    ["a NUL byte", "bad%00name"],
  ])("%s → 404, nothing stored", async (_what, username) => {
    const a = await h.githubUser();
    await unchanged(async () =>
      expect(await read(await h.put(`/user/blocks/${username}`, { token: a.token }))).toEqual({
        status: 404,
        body: notFoundBody(DOCS.block),
      }),
    );
  });

  it("a suspended user is unknown → 404", async () => {
    const [a, b] = [await h.githubUser(), await h.githubUser()];
    await h.core.users.moderate(1, b.user.id, "block");
    await unchanged(async () =>
      expect((await h.put(`/user/blocks/${b.user.username}`, { token: a.token })).status).toBe(404),
    );
  });

  it("anonymous → 401 Requires authentication", async () => {
    const b = await h.githubUser();
    await unchanged(async () =>
      expect(await read(await h.put(`/user/blocks/${b.user.username}`))).toEqual({
        status: 401,
        body: { message: "Requires authentication", documentation_url: DOCS.block, status: "401" },
      }),
    );
  });

  it.each([["user:follow"], ["read:user"]])(
    "a token with only %s → GitHub's 404 naming the scope it takes",
    async (scope) => {
      const [a, b] = [await h.githubUser([scope]), await h.githubUser()];
      await unchanged(async () => {
        const res = await h.put(`/user/blocks/${b.user.username}`, { token: a.token });
        expect(await read(res)).toEqual({ status: 404, body: notFoundBody(DOCS.block) });
        expect(res.headers.get("x-accepted-oauth-scopes")).toBe("user");
        expect(res.headers.get("x-oauth-scopes")).toBe(scope);
      });
    },
  );
});

describe("follows while a block lasts", () => {
  it("the blocked user's follow of the blocker is a silent 204 with nothing stored; so is the blocker's", async () => {
    const [a, b] = [await h.githubUser(), await h.githubUser()];
    expectNoContent(await h.put(`/user/blocks/${b.user.username}`, { token: a.token }));
    await unchanged(async () => {
      expectNoContent(await h.put(`/user/following/${a.user.username}`, { token: b.token }));
      expectNoContent(await h.put(`/user/following/${b.user.username}`, { token: a.token }));
    });
    expect(await h.edgeStored(b.user.id, a.user.id)).toBe(false);
    expect(await h.edgeStored(a.user.id, b.user.id)).toBe(false);
  });

  it("after DELETE /user/blocks/{username} (204) the follow is stored again", async () => {
    const [a, b] = [await h.githubUser(), await h.githubUser()];
    expectNoContent(await h.put(`/user/blocks/${b.user.username}`, { token: a.token }));
    expectNoContent(await h.delete(`/user/blocks/${b.user.username}`, { token: a.token }));
    expectNoContent(await h.put(`/user/following/${a.user.username}`, { token: b.token }));
    expect(await h.edgeStored(b.user.id, a.user.id)).toBe(true);
  });
});

describe("DELETE /user/blocks/{username}", () => {
  it("unblocking someone not blocked → 204, nothing changes", async () => {
    const [a, b] = [await h.githubUser(), await h.githubUser()];
    await unchanged(async () =>
      expectNoContent(await h.delete(`/user/blocks/${b.user.username}`, { token: a.token })),
    );
  });

  it("unknown user → 404; anonymous → 401", async () => {
    const a = await h.githubUser();
    expect(await read(await h.delete("/user/blocks/no-such-user", { token: a.token }))).toEqual({
      status: 404,
      body: notFoundBody(DOCS.unblock),
    });
    expect((await h.delete(`/user/blocks/${a.user.username}`)).status).toBe(401);
  });
});

describe("GET /user/blocks/{username}", () => {
  it("204 while blocked, 404 when not (the other way round included)", async () => {
    const [a, b] = [await h.githubUser(), await h.githubUser()];
    expectNoContent(await h.put(`/user/blocks/${b.user.username}`, { token: a.token }));
    expectNoContent(await h.get(`/user/blocks/${b.user.username}`, { token: a.token }));
    expect(await read(await h.get(`/user/blocks/${a.user.username}`, { token: b.token }))).toEqual({
      status: 404,
      body: notFoundBody(DOCS.checkBlocked),
    });
    expect((await h.get("/user/blocks/no-such-user", { token: a.token })).status).toBe(404);
  });

  it("anonymous → 401; without `user` → 404 with X-Accepted-OAuth-Scopes", async () => {
    const [a, b] = [await h.githubUser(["user:follow"]), await h.githubUser()];
    expect((await h.get(`/user/blocks/${b.user.username}`)).status).toBe(401);
    const res = await h.get(`/user/blocks/${b.user.username}`, { token: a.token });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-accepted-oauth-scopes")).toBe("user");
  });
});

describe("GET /user/blocks", () => {
  it("lists simple users, oldest block first, paginated with GitHub's Link", async () => {
    const me = await h.githubUser();
    const others = [await h.githubUser(), await h.githubUser(), await h.githubUser()];
    for (const other of [others[1]!, others[0]!, others[2]!])
      expectNoContent(await h.put(`/user/blocks/${other.user.username}`, { token: me.token }));
    const all = await read(await h.get("/api/v3/user/blocks", { token: me.token }));
    expect(all.status).toBe(200);
    expect(all.body).toEqual(
      [others[1]!, others[0]!, others[2]!].map((o) => simpleUser(o.user.id, o.user.username)),
    );
    const first = await h.get("/user/blocks?per_page=2", { token: me.token });
    expect(logins(await first.json())).toEqual([others[1]!.user.username, others[0]!.user.username]);
    expect(first.headers.get("link")).toBe(
      `<${PUBLIC_URL}/user/blocks?per_page=2&page=2>; rel="next", <${PUBLIC_URL}/user/blocks?per_page=2&page=2>; rel="last"`,
    );
    const second = await h.get("/user/blocks?per_page=2&page=2", { token: me.token });
    expect(logins(await second.json())).toEqual([others[2]!.user.username]);
  });

  it("an empty list is [] with no Link", async () => {
    const me = await h.githubUser();
    const res = await h.get(`${GHES}/user/blocks`, { token: me.token });
    expect(await read(res)).toEqual({ status: 200, body: [] });
    expect(res.headers.get("link")).toBeNull();
  });

  it("anonymous → 401; without `user` → 404 with X-Accepted-OAuth-Scopes", async () => {
    const reader = await h.githubUser(["read:user"]);
    expect(await read(await h.get("/user/blocks"))).toEqual({
      status: 401,
      body: { message: "Requires authentication", documentation_url: DOCS.listBlocked, status: "401" },
    });
    const res = await h.get("/user/blocks", { token: reader.token });
    expect(await read(res)).toEqual({ status: 404, body: notFoundBody(DOCS.listBlocked) });
    expect(res.headers.get("x-accepted-oauth-scopes")).toBe("user");
  });
});
