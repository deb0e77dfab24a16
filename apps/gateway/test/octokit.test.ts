import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { githubMounts, quietLog, rejectionOf } from "./octokit-support.ts";
import {
  createGitHubUserWithToken,
  type GitHubTestUser,
  startTestServer,
  type TestServer,
} from "./test-server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const { log, warnings } = quietLog();
const MOUNTS = githubMounts("");

describe.each(MOUNTS)("@octokit/rest on the $layout", ({ prefix, tag }) => {
  let alice: GitHubTestUser;
  let bob: GitHubTestUser;
  let carol: GitHubTestUser;
  let reader: GitHubTestUser;
  let fans: GitHubTestUser[];

  const base = () => `${server.url}${prefix}`;
  const client = (user?: GitHubTestUser) =>
    new Octokit({ baseUrl: base(), log, ...(user ? { auth: user.token } : {}) });
  const logins = (users: Array<{ login: string }>) => users.map((u) => u.login);

  beforeAll(async () => {
    alice = await createGitHubUserWithToken(server.url, `${tag}-alice`, ["user"]);
    bob = await createGitHubUserWithToken(server.url, `${tag}-bob`, ["user:follow"]);
    carol = await createGitHubUserWithToken(server.url, `${tag}-carol`, ["user"]);
    // May read, may not follow: `read:user` is not `user:follow`.
    reader = await createGitHubUserWithToken(server.url, `${tag}-reader`, ["read:user"]);
    fans = [];
    for (let i = 0; i < 7; i++) fans.push(await createGitHubUserWithToken(server.url, `${tag}-fan${i}`));
  });

  it("users.follow answers 204 with no body; checkPersonIsFollowedByAuthenticated then answers 204", async () => {
    const me = await client(alice).rest.users.getAuthenticated();
    expect(me.data).toMatchObject({
      login: alice.login,
      id: alice.id,
      url: `${base()}/users/${alice.login}`,
    });

    const followed = await client(alice).rest.users.follow({ username: bob.login });
    expect(followed.status).toBe(204);
    expect(followed.data).toBe("");
    expect(followed.headers["content-type"]).toBeUndefined();

    const check = await client(alice).rest.users.checkPersonIsFollowedByAuthenticated({
      username: bob.login,
    });
    expect(check.status).toBe(204);
    expect(check.data).toBe("");
  });

  it("checkPersonIsFollowedByAuthenticated throws a 404 RequestError for someone not followed", async () => {
    const error = await rejectionOf(
      client(alice).rest.users.checkPersonIsFollowedByAuthenticated({ username: carol.login }),
    );
    expect(error).toMatchObject({
      name: "HttpError",
      status: 404,
      response: {
        data: {
          message: "Not Found",
          documentation_url:
            "https://docs.github.com/rest/users/followers#check-if-a-person-is-followed-by-the-authenticated-user",
          status: "404",
        },
      },
    });
    // The reverse direction is not implied by alice following bob.
    const reverse = await rejectionOf(
      client(bob).rest.users.checkPersonIsFollowedByAuthenticated({ username: alice.login }),
    );
    expect(reverse).toMatchObject({ status: 404 });
  });

  it("checkFollowingForUser: 204 when the user follows the target, a thrown 404 when not, even anonymously", async () => {
    const yes = await client().rest.users.checkFollowingForUser({
      username: alice.login,
      target_user: bob.login,
    });
    expect(yes.status).toBe(204);
    const no = await rejectionOf(
      client(carol).rest.users.checkFollowingForUser({ username: bob.login, target_user: alice.login }),
    );
    expect(no).toMatchObject({
      status: 404,
      response: {
        data: {
          message: "Not Found",
          documentation_url:
            "https://docs.github.com/rest/users/followers#check-if-a-user-follows-another-user",
        },
      },
    });
    const unknown = await rejectionOf(
      client().rest.users.checkFollowingForUser({ username: alice.login, target_user: `${tag}-nobody` }),
    );
    expect(unknown).toMatchObject({ status: 404 });
  });

  it("listFollowersForAuthenticatedUser and listFollowedByAuthenticatedUser show the edge from both ends", async () => {
    const followers = await client(bob).rest.users.listFollowersForAuthenticatedUser();
    expect(followers.status).toBe(200);
    expect(followers.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(followers.data).toEqual([
      expect.objectContaining({
        login: alice.login,
        id: alice.id,
        type: "User",
        url: `${base()}/users/${alice.login}`,
        followers_url: `${base()}/users/${alice.login}/followers`,
      }),
    ]);
    const following = await client(alice).rest.users.listFollowedByAuthenticatedUser();
    expect(logins(following.data)).toEqual([bob.login]);
    // Nothing the other way round.
    expect((await client(alice).rest.users.listFollowersForAuthenticatedUser()).data).toEqual([]);
    expect((await client(bob).rest.users.listFollowedByAuthenticatedUser()).data).toEqual([]);
  });

  it("listFollowersForUser and listFollowingForUser read anyone's lists", async () => {
    const followers = await client(carol).rest.users.listFollowersForUser({ username: bob.login });
    expect(logins(followers.data)).toEqual([alice.login]);
    const following = await client().rest.users.listFollowingForUser({ username: alice.login });
    expect(logins(following.data)).toEqual([bob.login]);
    expect((await client().rest.users.listFollowingForUser({ username: carol.login })).data).toEqual([]);
    const unknown = await rejectionOf(
      client().rest.users.listFollowersForUser({ username: `${tag}-nobody` }),
    );
    expect(unknown).toMatchObject({ status: 404 });
  });

  it("users.unfollow answers 204 and removes the edge; a repeat unfollow is still 204", async () => {
    const unfollowed = await client(alice).rest.users.unfollow({ username: bob.login });
    expect(unfollowed.status).toBe(204);
    expect(unfollowed.data).toBe("");
    const check = await rejectionOf(
      client(alice).rest.users.checkPersonIsFollowedByAuthenticated({ username: bob.login }),
    );
    expect(check).toMatchObject({ status: 404 });
    expect((await client(alice).rest.users.unfollow({ username: bob.login })).status).toBe(204);
    expect((await client().rest.users.listFollowersForUser({ username: bob.login })).data).toEqual([]);
    // bob's token has only `user:follow`, which is enough to follow and unfollow.
    expect((await client(bob).rest.users.follow({ username: carol.login })).status).toBe(204);
    expect((await client(bob).rest.users.unfollow({ username: carol.login })).status).toBe(204);
    expect((await client().rest.users.listFollowersForUser({ username: carol.login })).data).toEqual([]);
  });

  it("octokit.paginate walks 7 followers 2 per page over 4 pages, oldest follow first", async () => {
    // Follow in an order unlike creation (id) order, so only follow-time ordering passes.
    const order = [3, 0, 6, 1, 5, 2, 4].map((i) => fans[i] as GitHubTestUser);
    for (const fan of order) {
      expect((await client(fan).rest.users.follow({ username: carol.login })).status).toBe(204);
    }
    const expected = logins(order);

    const pages: Array<{ url: string; logins: string[] }> = [];
    for await (const response of client(alice).paginate.iterator(
      client(alice).rest.users.listFollowersForUser,
      {
        username: carol.login,
        per_page: 2,
      },
    )) {
      pages.push({ url: response.url.replace(/cursor=[^&]+/, "cursor=C"), logins: logins(response.data) });
    }
    // Each next URL comes from the Link header, absolute and on this mount, with an opaque
    // cursor (written C here) beside page.
    const listUrl = `${base()}/users/${carol.login}/followers?per_page=2`;
    expect(pages).toEqual([
      { url: listUrl, logins: expected.slice(0, 2) },
      { url: `${listUrl}&cursor=C&page=2`, logins: expected.slice(2, 4) },
      { url: `${listUrl}&cursor=C&page=3`, logins: expected.slice(4, 6) },
      { url: `${listUrl}&cursor=C&page=4`, logins: expected.slice(6) },
    ]);

    const all = await client(alice).paginate(client(alice).rest.users.listFollowersForUser, {
      username: carol.login,
      per_page: 2,
    });
    expect(logins(all)).toEqual(expected);
    const mine = await client(carol).paginate(client(carol).rest.users.listFollowersForAuthenticatedUser, {
      per_page: 2,
    });
    expect(logins(mine)).toEqual(expected);
    // The default page size holds them all on one page, without a Link header.
    const single = await client().rest.users.listFollowersForUser({ username: carol.login });
    expect(logins(single.data)).toEqual(expected);
    expect(single.headers.link).toBeUndefined();
  });

  it("octokit.paginate walks the following lists in follow order too", async () => {
    const order = [5, 2, 6, 0, 3, 1, 4].map((i) => fans[i] as GitHubTestUser);
    for (const fan of order) await client(alice).rest.users.follow({ username: fan.login });
    const expected = logins(order);

    const pageSizes: number[] = [];
    for await (const response of client(alice).paginate.iterator(
      client(alice).rest.users.listFollowedByAuthenticatedUser,
      { per_page: 3 },
    ))
      pageSizes.push(response.data.length);
    expect(pageSizes).toEqual([3, 3, 1]);

    const mine = await client(alice).paginate(client(alice).rest.users.listFollowedByAuthenticatedUser, {
      per_page: 3,
    });
    expect(logins(mine)).toEqual(expected);
    const theirs = await client().paginate(client().rest.users.listFollowingForUser, {
      username: alice.login,
      per_page: 2,
    });
    expect(logins(theirs)).toEqual(expected);
  });

  it("users.getByUsername reports followers and following equal to the lists' lengths", async () => {
    const octokit = client(bob);
    for (const user of [alice, bob, carol, ...fans]) {
      const { data } = await octokit.rest.users.getByUsername({ username: user.login });
      const followers = await octokit.paginate(octokit.rest.users.listFollowersForUser, {
        username: user.login,
        per_page: 3,
      });
      const following = await octokit.paginate(octokit.rest.users.listFollowingForUser, {
        username: user.login,
        per_page: 3,
      });
      expect({ login: data.login, followers: data.followers, following: data.following }).toEqual({
        login: user.login,
        followers: followers.length,
        following: following.length,
      });
    }
    const counts = async (user: GitHubTestUser) => {
      const { data } = await octokit.rest.users.getByUsername({ username: user.login });
      return [data.followers, data.following];
    };
    expect(await counts(carol)).toEqual([7, 0]);
    expect(await counts(alice)).toEqual([0, 7]);
    expect(await counts(fans[0] as GitHubTestUser)).toEqual([1, 1]);
  });

  it("a token without user:follow gets a thrown 404 on follow and unfollow, and nothing is stored", async () => {
    const octokit = client(reader);
    const error = await rejectionOf(octokit.rest.users.follow({ username: bob.login }));
    expect(error).toMatchObject({
      name: "HttpError",
      status: 404,
      response: {
        headers: { "x-accepted-oauth-scopes": "user, user:follow", "x-oauth-scopes": "read:user" },
        data: {
          message: "Not Found",
          documentation_url: "https://docs.github.com/rest/users/followers#follow-a-user",
        },
      },
    });
    expect(await rejectionOf(octokit.rest.users.unfollow({ username: bob.login }))).toMatchObject({
      status: 404,
    });
    const stored = await rejectionOf(
      client().rest.users.checkFollowingForUser({ username: reader.login, target_user: bob.login }),
    );
    expect(stored).toMatchObject({ status: 404 });
    // Reading needs no scope at all.
    expect((await octokit.rest.users.listFollowedByAuthenticatedUser()).data).toEqual([]);
  });

  it("logged no warnings (no deprecation headers)", () => {
    expect(warnings).toEqual([]);
  });
});
