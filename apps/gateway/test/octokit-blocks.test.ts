import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { githubMounts, quietLog, rejectionOf } from "./octokit-support.ts";
import {
  createGitHubUserWithToken,
  type GitHubTestUser,
  startTestServer,
  type TestServer,
} from "./test-server.ts";

// GitHub's user blocks through @octokit/rest's own methods, on both GitHub layouts.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const { log, warnings } = quietLog();
const MOUNTS = githubMounts("b");

describe.each(MOUNTS)("@octokit/rest users.block and friends on the $layout", ({ prefix, tag }) => {
  let alice: GitHubTestUser;
  let bob: GitHubTestUser;
  let others: GitHubTestUser[];
  let follower: GitHubTestUser;

  const client = (user?: GitHubTestUser) =>
    new Octokit({ baseUrl: `${server.url}${prefix}`, log, ...(user ? { auth: user.token } : {}) });

  beforeAll(async () => {
    alice = await createGitHubUserWithToken(server.url, `${tag}-alice`, ["user"]);
    bob = await createGitHubUserWithToken(server.url, `${tag}-bob`, ["user"]);
    follower = await createGitHubUserWithToken(server.url, `${tag}-follower`, ["user:follow"]);
    others = [];
    for (let i = 0; i < 3; i++) others.push(await createGitHubUserWithToken(server.url, `${tag}-other${i}`));
  });

  it("block → 204, checkBlocked → 204, and the follows between the two are gone", async () => {
    await client(alice).rest.users.follow({ username: bob.login });
    await client(bob).rest.users.follow({ username: alice.login });
    const blocked = await client(alice).rest.users.block({ username: bob.login });
    expect(blocked.status).toBe(204);
    expect(blocked.data).toBe("");
    expect((await client(alice).rest.users.checkBlocked({ username: bob.login })).status).toBe(204);
    for (const [who, whom] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      const check = await rejectionOf(
        client(who).rest.users.checkPersonIsFollowedByAuthenticated({ username: whom.login }),
      );
      expect(check).toMatchObject({ status: 404 });
    }
    const profile = await client(alice).rest.users.getByUsername({ username: alice.login });
    expect(profile.data).toMatchObject({ followers: 0, following: 0 });
  });

  it("the blocked user's follow is a 204 that stores nothing", async () => {
    expect((await client(bob).rest.users.follow({ username: alice.login })).status).toBe(204);
    const check = await rejectionOf(
      client(bob).rest.users.checkPersonIsFollowedByAuthenticated({ username: alice.login }),
    );
    expect(check).toMatchObject({ status: 404 });
  });

  it("checkBlocked throws a 404 for someone not blocked; block of oneself throws a 422", async () => {
    const notBlocked = await rejectionOf(client(bob).rest.users.checkBlocked({ username: alice.login }));
    expect(notBlocked).toMatchObject({
      name: "HttpError",
      status: 404,
      response: {
        data: {
          message: "Not Found",
          documentation_url:
            "https://docs.github.com/rest/users/blocking#check-if-a-user-is-blocked-by-the-authenticated-user",
        },
      },
    });
    const self = await rejectionOf(client(alice).rest.users.block({ username: alice.login }));
    expect(self).toMatchObject({ status: 422, response: { data: { message: "Validation Failed" } } });
  });

  it("without `user` the routes throw 404 naming the scope; anonymous, 401", async () => {
    const scoped = await rejectionOf(client(follower).rest.users.block({ username: bob.login }));
    expect(scoped).toMatchObject({
      status: 404,
      response: { headers: { "x-accepted-oauth-scopes": "user" } },
    });
    const anonymous = await rejectionOf(client().rest.users.listBlockedByAuthenticatedUser());
    expect(anonymous).toMatchObject({ status: 401 });
  });

  it("octokit.paginate walks listBlockedByAuthenticatedUser one per page, oldest block first", async () => {
    for (const other of [others[2]!, others[0]!, others[1]!])
      await client(alice).rest.users.block({ username: other.login });
    const all = await client(alice).paginate(client(alice).rest.users.listBlockedByAuthenticatedUser, {
      per_page: 1,
    });
    expect(all.map((u) => u.login)).toEqual([
      bob.login,
      others[2]!.login,
      others[0]!.login,
      others[1]!.login,
    ]);
  });

  it("unblock → 204; the user is then no longer listed and may follow again", async () => {
    expect((await client(alice).rest.users.unblock({ username: bob.login })).status).toBe(204);
    const listed = await client(alice).rest.users.listBlockedByAuthenticatedUser({ per_page: 100 });
    expect(listed.data.map((u) => u.login)).not.toContain(bob.login);
    await client(bob).rest.users.follow({ username: alice.login });
    expect(
      (await client(bob).rest.users.checkPersonIsFollowedByAuthenticated({ username: alice.login })).status,
    ).toBe(204);
    expect(warnings).toEqual([]);
  });
});
