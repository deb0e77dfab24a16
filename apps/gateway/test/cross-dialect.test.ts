import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createGitHubUserWithToken,
  createUserWithToken,
  type GitHubTestUser,
  ROOT_TOKEN,
  startTestServer,
  type TestServer,
} from "./test-server.ts";

// One follow graph, two dialects, one running gateway: whatever one dialect writes, the other
// must read back at once, with each dialect's own ordering, statuses and scope rules.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

interface Reply<T> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

interface GitLabUser {
  id: number;
  username: string;
  state: string;
  followers?: number;
  following?: number;
  is_followed?: boolean;
}

interface GitHubUser {
  login: string;
  id: number;
  followers?: number;
  following?: number;
}

/** Both GitHub layouts the gateway serves: api.github.com's at the root and GHES's. */
const GITHUB_LAYOUTS = ["", "/api/v3"] as const;
type Layout = (typeof GITHUB_LAYOUTS)[number];

async function send<T>(method: string, url: string, headers: Record<string, string>, body?: unknown) {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    if (typeof body !== "string")
      (init.headers as Record<string, string>)["Content-Type"] = "application/json";
  } else if (method === "PUT" || method === "POST" || method === "PATCH") {
    // GitHub refuses a body-taking method without a length: an empty body sends `Content-Length: 0`.
    init.body = "";
  }
  const res = await fetch(url, init);
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: (text === "" ? undefined : JSON.parse(text)) as T,
    text,
  } satisfies Reply<T>;
}

/** A GitLab v4 call with `PRIVATE-TOKEN`. */
const gitlab = <T = unknown>(method: string, path: string, token?: string, body?: unknown) =>
  send<T>(method, `${server.url}/api/v4${path}`, token ? { "PRIVATE-TOKEN": token } : {}, body);

/** A GitHub REST call with `Authorization: token …`, at the root layout unless told otherwise. */
const github = <T = unknown>(
  method: string,
  path: string,
  token?: string,
  opts: { layout?: Layout; body?: unknown } = {},
) =>
  send<T>(
    method,
    `${server.url}${opts.layout ?? ""}${path}`,
    token ? { Authorization: `token ${token}` } : {},
    opts.body,
  );

let serial = 0;
/** A name no other test in this file uses. */
const unique = (prefix: string) => `${prefix}${++serial}`;

const newGitLabUser = (prefix: string, scopes?: string[]) =>
  createUserWithToken(server.url, unique(prefix), scopes);
const newGitHubUser = (prefix: string, scopes?: string[]) =>
  createGitHubUserWithToken(server.url, unique(prefix), scopes);

/** GitLab's list of `direction` for `id`, all of it on one page, with its X-Total. */
async function gitlabList(id: number, direction: "followers" | "following", token = ROOT_TOKEN) {
  const reply = await gitlab<GitLabUser[]>("GET", `/users/${id}/${direction}?per_page=100`, token);
  expect(reply.status).toBe(200);
  return { ids: reply.body.map((u) => u.id), total: Number(reply.headers.get("x-total")) };
}

/** GitHub's list of `direction` for `login`, all of it on one page, as logins. */
async function githubList(
  login: string,
  direction: "followers" | "following",
  token: string | undefined = ROOT_TOKEN,
  layout: Layout = "",
) {
  const reply = await github<GitHubUser[]>("GET", `/users/${login}/${direction}?per_page=100`, token, {
    layout,
  });
  expect(reply.status).toBe(200);
  return reply.body.map((u) => u.login);
}

/** The counts as both dialects report them on the profile, read by an administrator. */
async function counts(user: { id: number; login: string }) {
  const gl = await gitlab<GitLabUser>("GET", `/users/${user.id}`, ROOT_TOKEN);
  const gh = await github<GitHubUser>("GET", `/users/${user.login}`, ROOT_TOKEN);
  expect(gl.status).toBe(200);
  expect(gh.status).toBe(200);
  return {
    gitlab: { followers: gl.body.followers, following: gl.body.following },
    github: { followers: gh.body.followers, following: gh.body.following },
  };
}

/** Asserts both dialects show `user` with exactly these followers and followees. */
async function expectNeighbours(
  user: { id: number; login: string },
  expected: { followers: { id: number; login: string }[]; following: { id: number; login: string }[] },
) {
  for (const direction of ["followers", "following"] as const) {
    const people = expected[direction];
    const gl = await gitlabList(user.id, direction);
    expect(gl.ids, `GitLab ${direction} of ${user.login}`).toEqual(
      people.map((p) => p.id).sort((a, b) => a - b),
    );
    expect(gl.total, `GitLab X-Total of ${direction} of ${user.login}`).toBe(people.length);
    const gh = await githubList(user.login, direction);
    expect([...gh].sort(), `GitHub ${direction} of ${user.login}`).toEqual(people.map((p) => p.login).sort());
    // GitHub's Link header counts the list too: one per page, the last page is the count.
    const paged = await github("GET", `/users/${user.login}/${direction}?per_page=1`, ROOT_TOKEN);
    const link = paged.headers.get("link");
    if (people.length > 1)
      expect(/[?&]page=(\d+)>; rel="last"/.exec(link ?? "")?.[1], `GitHub Link of ${direction}`).toBe(
        String(people.length),
      );
    else expect(link, `GitHub Link of ${direction}`).toBeNull();
  }
  const n = { followers: expected.followers.length, following: expected.following.length };
  expect(await counts(user)).toEqual({ gitlab: n, github: n });
}

/** A GitLab-made user in the shape GitHub routes want (`login`). */
const asLogin = (u: { id: number; username: string; token: string }) => ({
  id: u.id,
  login: u.username,
  token: u.token,
});

describe("a follow made in one dialect is the same follow in the other", () => {
  it("GitLab follow → GitHub checks and lists; GitHub unfollow → GitLab list empty and a second unfollow 304", async () => {
    const a = asLogin(await newGitLabUser("gla"));
    const b = asLogin(await newGitLabUser("glb"));

    const followed = await gitlab<GitLabUser>("POST", `/users/${b.id}/follow`, a.token);
    expect(followed.status).toBe(201);
    expect(followed.body).toMatchObject({ id: b.id, username: b.login });

    for (const layout of GITHUB_LAYOUTS) {
      expect((await github("GET", `/user/following/${b.login}`, a.token, { layout })).status).toBe(204);
      expect(
        (await github("GET", `/users/${a.login}/following/${b.login}`, a.token, { layout })).status,
      ).toBe(204);
      // The edge has a direction: b does not follow a.
      expect((await github("GET", `/user/following/${a.login}`, b.token, { layout })).status).toBe(404);
      expect(
        (await github("GET", `/users/${b.login}/following/${a.login}`, a.token, { layout })).status,
      ).toBe(404);
      expect(await githubList(b.login, "followers", a.token, layout)).toEqual([a.login]);
      expect(await githubList(a.login, "following", a.token, layout)).toEqual([b.login]);
    }
    const mine = await github<GitHubUser[]>("GET", "/user/following", a.token);
    expect(mine.body.map((u) => u.login)).toEqual([b.login]);

    const unfollowed = await github("DELETE", `/user/following/${b.login}`, a.token);
    expect(unfollowed.status).toBe(204);
    expect(unfollowed.text).toBe("");

    expect(await gitlabList(b.id, "followers", a.token)).toEqual({ ids: [], total: 0 });
    expect(await gitlabList(a.id, "following", a.token)).toEqual({ ids: [], total: 0 });
    expect((await github("GET", `/user/following/${b.login}`, a.token)).status).toBe(404);

    const again = await gitlab("POST", `/users/${b.id}/unfollow`, a.token);
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
  });

  it("GitHub follow → GitLab followers with X-Total, is_followed on GET /users/:id, and a repeat GitLab follow is 304", async () => {
    const a = asLogin(await newGitLabUser("ghfa"));
    const b = await newGitHubUser("ghfb");
    const bystander = asLogin(await newGitLabUser("ghfc"));

    // GitHub matches logins case-insensitively; the edge is the same one either way.
    const put = await github("PUT", `/user/following/${b.login.toUpperCase()}`, a.token);
    expect(put.status).toBe(204);
    expect(put.text).toBe("");

    const followers = await gitlab<GitLabUser[]>("GET", `/users/${b.id}/followers`, bystander.token);
    expect(followers.status).toBe(200);
    expect(followers.body.map((u) => [u.id, u.username])).toEqual([[a.id, a.login]]);
    expect(followers.headers.get("x-total")).toBe("1");
    expect(followers.headers.get("x-total-pages")).toBe("1");

    const seenByFollower = await gitlab<GitLabUser>("GET", `/users/${b.id}`, a.token);
    expect(seenByFollower.body).toMatchObject({ id: b.id, followers: 1, following: 0, is_followed: true });
    const seenByBystander = await gitlab<GitLabUser>("GET", `/users/${b.id}`, bystander.token);
    expect(seenByBystander.body).toMatchObject({ id: b.id, followers: 1, is_followed: false });

    const repeat = await gitlab("POST", `/users/${b.id}/follow`, a.token);
    expect(repeat.status).toBe(304);
    expect(repeat.text).toBe("");
    // A GitLab unfollow removes what GitHub made.
    expect((await gitlab("POST", `/users/${b.id}/unfollow`, a.token)).status).toBe(201);
    expect((await github("GET", `/users/${a.login}/following/${b.login}`, a.token)).status).toBe(404);
    expect((await gitlab<GitLabUser>("GET", `/users/${b.id}`, a.token)).body).toMatchObject({
      followers: 0,
      is_followed: false,
    });
  });

  it("one id in both dialects, and profile counts equal to the lists' lengths in both", async () => {
    // GHES normalises `octo_cat` to `octo-cat`; GitLab sees that very account by its id.
    const base = unique("octo");
    const created = await github<GitHubUser>("POST", "/admin/users", ROOT_TOKEN, {
      layout: "/api/v3",
      body: { login: `${base}_cat`, email: `${base}@example.com` },
    });
    expect(created.status).toBe(201);
    expect(created.body.login).toBe(`${base}-cat`);
    const octo = created.body;
    const asGitLab = await gitlab<GitLabUser>("GET", `/users/${octo.id}`, ROOT_TOKEN);
    expect(asGitLab.body).toMatchObject({ id: octo.id, username: `${base}-cat`, state: "active" });
    const found = await gitlab<GitLabUser[]>("GET", `/users?username=${base}-cat`, ROOT_TOKEN);
    expect(found.body.map((u) => u.id)).toEqual([octo.id]);

    const x = asLogin(await newGitLabUser("cx"));
    const y = await newGitHubUser("cy");
    const z = await newGitHubUser("cz");
    for (const u of [x, y, z]) {
      const gh = await github<GitHubUser>("GET", `/users/${u.login}`);
      expect(gh.body).toMatchObject({ login: u.login, id: u.id });
      expect((await gitlab<GitLabUser>("GET", `/users/${u.id}`, ROOT_TOKEN)).body.username).toBe(u.login);
    }

    // Edges made through both dialects: x → octo, y, z; y → octo, x; z → octo.
    for (const target of [octo, y, z])
      expect((await gitlab("POST", `/users/${target.id}/follow`, x.token)).status).toBe(201);
    expect((await github("PUT", `/user/following/${octo.login}`, y.token)).status).toBe(204);
    expect((await github("PUT", `/user/following/${x.login}`, y.token, { layout: "/api/v3" })).status).toBe(
      204,
    );
    expect((await gitlab("POST", `/users/${octo.id}/follow`, z.token)).status).toBe(201);

    await expectNeighbours(octo, { followers: [x, y, z], following: [] });
    await expectNeighbours(x, { followers: [y], following: [octo, y, z] });
    await expectNeighbours(y, { followers: [x], following: [octo, x] });
    await expectNeighbours(z, { followers: [x], following: [octo] });
    // The GitHub list items carry GitLab's ids.
    const items = await github<GitHubUser[]>("GET", `/users/${octo.login}/followers`);
    expect(Object.fromEntries(items.body.map((u) => [u.login, u.id]))).toEqual({
      [x.login]: x.id,
      [y.login]: y.id,
      [z.login]: z.id,
    });
  });

  it("GitLab usernames with dots and underscores are GitHub logins too", async () => {
    const dotted = asLogin(await createUserWithToken(server.url, unique("dot.ted_")));
    const other = await newGitHubUser("dotfan");
    expect(dotted.login).toContain(".");
    expect((await github("PUT", `/user/following/${other.login}`, dotted.token)).status).toBe(204);
    expect((await github("PUT", `/user/following/${dotted.login}`, other.token)).status).toBe(204);
    expect((await github("GET", `/users/${dotted.login}/following/${other.login}`)).status).toBe(204);
    const profile = await github<GitHubUser & { url: string }>("GET", `/users/${dotted.login}`);
    expect(profile.body).toMatchObject({ login: dotted.login, id: dotted.id });
    expect(profile.body.url).toBe(`${server.url}/users/${dotted.login}`);
    await expectNeighbours(dotted, { followers: [other], following: [other] });
  });

  it("a GitHub ETag taken before a GitLab write no longer matches after it", async () => {
    const a = asLogin(await newGitLabUser("etaga"));
    const b = await newGitHubUser("etagb");
    for (const path of [`/users/${b.login}/followers`, `/users/${b.login}`]) {
      const first = await github("GET", path, b.token);
      const etag = first.headers.get("etag")!;
      expect(etag).toBeTruthy();
      const unchanged = await send("GET", `${server.url}${path}`, {
        Authorization: `token ${b.token}`,
        "If-None-Match": etag,
      });
      expect(unchanged.status).toBe(304);
      expect((await gitlab("POST", `/users/${b.id}/follow`, a.token)).status).toBe(201);
      const changed = await send<unknown>("GET", `${server.url}${path}`, {
        Authorization: `token ${b.token}`,
        "If-None-Match": etag,
      });
      expect(changed.status).toBe(200);
      expect(changed.text).toContain(path.endsWith("followers") ? a.login : '"followers":1');
      expect((await gitlab("POST", `/users/${b.id}/unfollow`, a.token)).status).toBe(201);
    }
  });

  it("turning following off in GitLab drops the user's edges from GitHub and makes GitHub follows no-ops", async () => {
    const quiet = asLogin(await newGitLabUser("quiet"));
    const fan = await newGitHubUser("quietfan");
    const idol = await newGitHubUser("quietidol");
    expect((await github("PUT", `/user/following/${quiet.login}`, fan.token)).status).toBe(204);
    expect((await github("PUT", `/user/following/${idol.login}`, quiet.token)).status).toBe(204);
    await expectNeighbours(quiet, { followers: [fan], following: [idol] });

    const off = await gitlab("PUT", `/users/${quiet.id}`, ROOT_TOKEN, { enabled_following: false });
    expect(off.status).toBe(200);
    await expectNeighbours(fan, { followers: [], following: [] });
    await expectNeighbours(idol, { followers: [], following: [] });
    const gh = await github<GitHubUser>("GET", `/users/${quiet.login}`, ROOT_TOKEN);
    expect(gh.body).toMatchObject({ followers: 0, following: 0 });

    // GitHub's silent 204 stores nothing; GitLab answers the same request with 304.
    expect((await github("PUT", `/user/following/${quiet.login}`, fan.token)).status).toBe(204);
    expect((await github("GET", `/user/following/${quiet.login}`, fan.token)).status).toBe(404);
    expect((await gitlab("POST", `/users/${quiet.id}/follow`, fan.token)).status).toBe(304);
    expect(await gitlabList(quiet.id, "followers")).toEqual({ ids: [], total: 0 });
  });

  it("concurrent writes to the same edges through both dialects keep counts equal to the lists", async () => {
    const hub = await newGitHubUser("rush");
    const fans = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        i % 2 ? newGitHubUser(`rushgh${i}-`) : newGitLabUser(`rushgl${i}-`).then(asLogin),
      ),
    );
    // Every fan follows the hub through both dialects at once, and the hub every fan: of each
    // pair of requests for one edge, GitLab's is 201 if it made the edge and 304 if GitHub did.
    const pairs = await Promise.all(
      fans.flatMap((fan) => [
        Promise.all([
          gitlab("POST", `/users/${hub.id}/follow`, fan.token),
          github("PUT", `/user/following/${hub.login}`, fan.token, { layout: "/api/v3" }),
        ]),
        Promise.all([
          gitlab("POST", `/users/${fan.id}/follow`, hub.token),
          github("PUT", `/user/following/${fan.login}`, hub.token),
        ]),
      ]),
    );
    for (const [gl, gh] of pairs) {
      expect([201, 304]).toContain(gl.status);
      expect(gh.status).toBe(204);
    }
    await expectNeighbours(hub, { followers: fans, following: fans });
    for (const fan of fans) await expectNeighbours(fan, { followers: [hub], following: [hub] });

    // Half of them unfollow through both dialects at once while the hub is being suspended.
    const leaving = fans.filter((_, i) => i % 2 === 0);
    const staying = fans.filter((_, i) => i % 2 === 1);
    const churn = await Promise.all([
      ...leaving.flatMap((fan) => [
        gitlab("POST", `/users/${hub.id}/unfollow`, fan.token),
        github("DELETE", `/user/following/${hub.login}`, fan.token),
      ]),
      github("PUT", `/users/${hub.login}/suspended`, ROOT_TOKEN, { layout: "/api/v3" }),
    ]);
    const suspendReply = churn.pop()!;
    expect(suspendReply.status).toBe(204);
    // A GitHub DELETE that lands after the suspension no longer sees the hub: 404, nothing done.
    for (const reply of churn) expect([201, 204, 304, 404]).toContain(reply.status);
    // While suspended the hub is on nobody's lists.
    for (const fan of fans) await expectNeighbours(fan, { followers: [], following: [] });
    const unsuspend = await github("DELETE", `/users/${hub.login}/suspended`, ROOT_TOKEN, {
      layout: "/api/v3",
    });
    expect(unsuspend.status).toBe(204);
    await expectNeighbours(hub, { followers: staying, following: fans });
    for (const fan of leaving) await expectNeighbours(fan, { followers: [hub], following: [] });
    for (const fan of staying) await expectNeighbours(fan, { followers: [hub], following: [hub] });
  });
});

describe("private profiles (GitLab's) seen through GitHub", () => {
  const setUp = async () => {
    const fan = asLogin(await newGitLabUser("privfan"));
    const hidden = asLogin(await newGitLabUser("hidden"));
    const made = await gitlab("PUT", `/users/${hidden.id}`, ROOT_TOKEN, { private_profile: true });
    expect(made.status).toBe(200);
    return { fan, hidden };
  };

  // A private profile hides the user's own profile and lists, not the user as a follow
  // target: GitLab follows it by id, GitHub by login, and both show the edge.
  it("a private profile can be followed through either dialect and shows on the follower's lists", async () => {
    const { fan, hidden } = await setUp();
    expect((await github("PUT", `/user/following/${hidden.login}`, fan.token)).status).toBe(204);
    expect((await gitlab("POST", `/users/${hidden.id}/follow`, fan.token)).status).toBe(304);
    expect(await githubList(fan.login, "following", fan.token)).toEqual([hidden.login]);
    expect((await github<GitHubUser>("GET", `/users/${fan.login}`, fan.token)).body.following).toBe(1);
    // Its own profile and lists stay private to others.
    expect((await github("GET", `/users/${hidden.login}`, fan.token)).status).toBe(404);
    expect((await github("GET", `/users/${hidden.login}/followers`, fan.token)).status).toBe(404);

    expect((await github("DELETE", `/user/following/${hidden.login}`, fan.token)).status).toBe(204);
    expect(await githubList(fan.login, "following", fan.token)).toEqual([]);
    expect(await gitlabList(hidden.id, "followers")).toEqual({ ids: [], total: 0 });
    expect((await gitlab("POST", `/users/${hidden.id}/unfollow`, fan.token)).status).toBe(304);
  });

  it("the check endpoints agree with the follower's list", async () => {
    const { fan, hidden } = await setUp();
    expect((await gitlab("POST", `/users/${hidden.id}/follow`, fan.token)).status).toBe(201);
    expect(await githubList(fan.login, "following", fan.token)).toEqual([hidden.login]);
    const mine = await github("GET", `/user/following/${hidden.login}`, fan.token);
    const theirs = await github("GET", `/users/${fan.login}/following/${hidden.login}`, fan.token);
    expect([mine.status, theirs.status]).toEqual([204, 204]);
    // Whom a private profile follows stays private: asked about it, the check says 404.
    const reverse = await gitlab("POST", `/users/${fan.id}/follow`, hidden.token);
    expect(reverse.status).toBe(201);
    expect((await github("GET", `/users/${hidden.login}/following/${fan.login}`, fan.token)).status).toBe(
      404,
    );
    expect((await github("GET", `/users/${hidden.login}/following/${fan.login}`, hidden.token)).status).toBe(
      204,
    );
  });
});

describe("a token works in both dialects under each dialect's scope rules", () => {
  it("a GitLab `api` PAT follows through GitHub, which reports its scopes as `user`", async () => {
    const a = asLogin(await newGitLabUser("pata"));
    const b = asLogin(await newGitLabUser("patb"));
    const c = asLogin(await newGitLabUser("patc"));

    const put = await github("PUT", `/user/following/${b.login}`, a.token);
    expect(put.status).toBe(204);
    expect(put.headers.get("x-oauth-scopes")).toBe("user");
    expect(put.headers.get("x-accepted-oauth-scopes")).toBe("user, user:follow");
    const enterprise = await github("PUT", `/user/following/${c.login}`, a.token, { layout: "/api/v3" });
    expect(enterprise.status).toBe(204);
    expect(enterprise.headers.get("x-oauth-scopes")).toBe("user");

    expect(await gitlabList(a.id, "following")).toEqual({ ids: [b.id, c.id], total: 2 });
    const me = await github<GitHubUser & { user_view_type: string }>("GET", "/user", a.token);
    expect(me.body).toMatchObject({ id: a.id, login: a.login, following: 2, user_view_type: "private" });
  });

  it("a GitLab `read_user` PAT gets GitHub's 404 with X-Accepted-OAuth-Scopes on PUT/DELETE, and reads lists", async () => {
    const reader = asLogin(await newGitLabUser("rdr", ["read_user"]));
    const target = asLogin(await newGitLabUser("rdt"));
    const fan = asLogin(await newGitLabUser("rdf"));
    expect((await gitlab("POST", `/users/${target.id}/follow`, fan.token)).status).toBe(201);

    for (const layout of GITHUB_LAYOUTS) {
      for (const method of ["PUT", "DELETE"]) {
        const refused = await github<{ message: string; status: string }>(
          method,
          `/user/following/${target.login}`,
          reader.token,
          { layout },
        );
        expect(refused.status, `${method} ${layout}`).toBe(404);
        expect(refused.body).toMatchObject({ message: "Not Found", status: "404" });
        expect(refused.headers.get("x-accepted-oauth-scopes")).toBe("user, user:follow");
        expect(refused.headers.get("x-oauth-scopes")).toBe("read:user");
      }
    }
    expect(await gitlabList(target.id, "followers")).toEqual({ ids: [fan.id], total: 1 });

    const list = await github<GitHubUser[]>("GET", `/users/${target.login}/followers`, reader.token);
    expect(list.status).toBe(200);
    expect(list.headers.get("x-oauth-scopes")).toBe("read:user");
    expect(list.body.map((u) => u.login)).toEqual([fan.login]);
    const gl = await gitlab<GitLabUser[]>("GET", `/users/${target.id}/followers`, reader.token);
    expect(gl.status).toBe(200);
    expect(gl.body.map((u) => u.id)).toEqual([fan.id]);
    // Through GitLab it may not follow either.
    expect((await gitlab("POST", `/users/${target.id}/follow`, reader.token)).status).toBe(403);
  });

  it("a GitHub `user:follow` impersonation token follows and unfollows through GitLab", async () => {
    const a = await newGitHubUser("uf", ["user:follow"]);
    const b = asLogin(await newGitLabUser("ufb"));

    const followed = await gitlab<GitLabUser>("POST", `/users/${b.id}/follow`, a.token);
    expect(followed.status).toBe(201);
    expect(followed.body).toMatchObject({ id: b.id, username: b.login, state: "active" });
    expect((await github("GET", `/user/following/${b.login}`, a.token)).status).toBe(204);
    expect(await gitlabList(b.id, "followers", a.token)).toEqual({ ids: [a.id], total: 1 });

    const me = await github("GET", "/user", a.token);
    expect(me.headers.get("x-oauth-scopes")).toBe("user:follow");

    expect((await gitlab("POST", `/users/${b.id}/unfollow`, a.token)).status).toBe(201);
    expect((await github("GET", `/user/following/${b.login}`, a.token)).status).toBe(404);
  });

  it("a site admin's GitHub `user` token follows through GitLab but cannot use GitLab's admin writes", async () => {
    const boss = await newGitHubUser("boss", ["user"]);
    const promoted = await github("PUT", `/users/${boss.login}/site_admin`, ROOT_TOKEN, {
      layout: "/api/v3",
    });
    expect(promoted.status).toBe(204);
    const newcomer = {
      username: unique("newbie"),
      name: "N",
      email: `${unique("n")}@example.com`,
      password: "long-enough-password",
    };

    const refused = await gitlab<{ error: string }>("POST", "/users", boss.token, newcomer);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: "insufficient_scope" });
    expect((await gitlab("GET", `/users?username=${newcomer.username}`, ROOT_TOKEN)).body).toEqual([]);
    const target = asLogin(await newGitLabUser("bosst"));
    expect((await gitlab("POST", `/users/${target.id}/follow`, boss.token)).status).toBe(201);

    // GHES's `site_admin` scope is what opens GitLab's admin writes to the same administrator.
    const minted = await github<{ token: string }>(
      "POST",
      `/admin/users/${boss.login}/authorizations`,
      ROOT_TOKEN,
      {
        layout: "/api/v3",
        body: { scopes: ["site_admin"] },
      },
    );
    expect(minted.status).toBe(201);
    expect((await gitlab("POST", "/users", minted.body.token, newcomer)).status).toBe(201);
  });

  it("a GitHub `read:user` token gets GitLab's 403 insufficient_scope on follow but reads followers", async () => {
    const a = await newGitHubUser("ru", ["read:user"]);
    const b = asLogin(await newGitLabUser("rub"));

    for (const action of ["follow", "unfollow"]) {
      const refused = await gitlab<{ error: string; scope: string }>(
        "POST",
        `/users/${b.id}/${action}`,
        a.token,
      );
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: "insufficient_scope" });
    }
    expect(await gitlabList(b.id, "followers")).toEqual({ ids: [], total: 0 });
    const list = await gitlab<GitLabUser[]>("GET", `/users/${b.id}/followers`, a.token);
    expect(list.status).toBe(200);
    expect(list.headers.get("x-total")).toBe("0");

    const gh = await github("PUT", `/user/following/${b.login}`, a.token);
    expect(gh.status).toBe(404);
    expect(gh.headers.get("x-oauth-scopes")).toBe("read:user");
  });
});

describe("ordering", () => {
  it("the same followers through both dialects: GitLab by id, GitHub by follow time", async () => {
    const target = await newGitHubUser("star");
    // Created in this order, so their ids ascend 1..5.
    const fans: GitHubTestUser[] = [];
    for (let i = 1; i <= 5; i++) fans.push(asLogin(await newGitLabUser(`fan${i}-`)));
    for (let i = 1; i < fans.length; i++) expect(fans[i]!.id).toBeGreaterThan(fans[i - 1]!.id);

    // Followed in the order 4, 2, 5, 1, 3, alternating dialects.
    const order = [4, 2, 5, 1, 3];
    for (const [n, i] of order.entries()) {
      const fan = fans[i - 1]!;
      const status =
        n % 2 === 0
          ? (await github("PUT", `/user/following/${target.login}`, fan.token)).status
          : (await gitlab("POST", `/users/${target.id}/follow`, fan.token)).status;
      expect(status).toBe(n % 2 === 0 ? 204 : 201);
    }
    const byId = fans.map((f) => f.login);
    const byTime = order.map((i) => fans[i - 1]!.login);

    const gl = await gitlab<GitLabUser[]>("GET", `/users/${target.id}/followers`, ROOT_TOKEN);
    expect(gl.body.map((u) => u.username)).toEqual(byId);
    for (const layout of GITHUB_LAYOUTS)
      expect(await githubList(target.login, "followers", undefined, layout)).toEqual(byTime);
    expect(
      (await github<GitHubUser[]>("GET", "/user/followers", target.token)).body.map((u) => u.login),
    ).toEqual(byTime);

    // Page by page: each dialect's pages in its own order, together the same five people.
    const glPages: string[][] = [];
    const ghPages: string[][] = [];
    for (const page of [1, 2]) {
      const glPage = await gitlab<GitLabUser[]>(
        "GET",
        `/users/${target.id}/followers?per_page=3&page=${page}`,
        ROOT_TOKEN,
      );
      expect(glPage.headers.get("x-total")).toBe("5");
      glPages.push(glPage.body.map((u) => u.username));
      const ghPage = await github<GitHubUser[]>(
        "GET",
        `/users/${target.login}/followers?per_page=3&page=${page}`,
      );
      ghPages.push(ghPage.body.map((u) => u.login));
    }
    expect(glPages).toEqual([byId.slice(0, 3), byId.slice(3)]);
    expect(ghPages).toEqual([byTime.slice(0, 3), byTime.slice(3)]);
    expect(glPages.flat().sort()).toEqual(ghPages.flat().sort());

    // Unfollowing and following again is a new follow: last in GitHub's order, same place in GitLab's.
    const fan4 = fans[3]!;
    expect((await gitlab("POST", `/users/${target.id}/unfollow`, fan4.token)).status).toBe(201);
    expect((await github("PUT", `/user/following/${target.login}`, fan4.token)).status).toBe(204);
    expect(await githubList(target.login, "followers")).toEqual([...byTime.slice(1), fan4.login]);
    const glAgain = await gitlab<GitLabUser[]>("GET", `/users/${target.id}/followers`, ROOT_TOKEN);
    expect(glAgain.body.map((u) => u.username)).toEqual(byId);
  });

  it("the same followees through both dialects: GitLab by id, GitHub by follow time", async () => {
    const fan = asLogin(await newGitLabUser("follower"));
    const stars: GitHubTestUser[] = [];
    for (let i = 1; i <= 4; i++) stars.push(await newGitHubUser(`idol${i}-`));
    const order = [3, 1, 4, 2];
    for (const i of order)
      expect((await gitlab("POST", `/users/${stars[i - 1]!.id}/follow`, fan.token)).status).toBe(201);

    expect((await gitlabList(fan.id, "following")).ids).toEqual(stars.map((s) => s.id));
    const byTime = order.map((i) => stars[i - 1]!.login);
    expect(await githubList(fan.login, "following")).toEqual(byTime);
    expect(
      (await github<GitHubUser[]>("GET", "/user/following", fan.token)).body.map((u) => u.login),
    ).toEqual(byTime);
  });
});

describe("suspension and blocking hide a user from both dialects", () => {
  it("GitHub suspension: GitLab shows it blocked, both dialects drop it from lists and counts, its token is refused in both; unsuspension restores", async () => {
    const s = asLogin(await newGitLabUser("susp"));
    const hub = await newGitHubUser("hub");
    const other = asLogin(await newGitLabUser("hubfan"));
    const fanOfS = await newGitHubUser("sfan");
    // s → hub, other → hub, fanOfS → s, hub → s
    expect((await gitlab("POST", `/users/${hub.id}/follow`, s.token)).status).toBe(201);
    expect((await gitlab("POST", `/users/${hub.id}/follow`, other.token)).status).toBe(201);
    expect((await github("PUT", `/user/following/${s.login}`, fanOfS.token)).status).toBe(204);
    expect((await github("PUT", `/user/following/${s.login}`, hub.token)).status).toBe(204);

    await expectNeighbours(hub, { followers: [s, other], following: [s] });
    await expectNeighbours(fanOfS, { followers: [], following: [s] });

    const suspended = await github("PUT", `/users/${s.login}/suspended`, ROOT_TOKEN, { layout: "/api/v3" });
    expect(suspended.status).toBe(204);

    const asAdmin = await gitlab<GitLabUser>("GET", `/users/${s.id}`, ROOT_TOKEN);
    expect(asAdmin.body).toMatchObject({ id: s.id, state: "blocked" });
    await expectNeighbours(hub, { followers: [other], following: [] });
    await expectNeighbours(fanOfS, { followers: [], following: [] });
    expect((await github("GET", `/users/${hub.login}/following/${s.login}`, ROOT_TOKEN)).status).toBe(404);
    expect((await github("GET", `/user/following/${s.login}`, fanOfS.token)).status).toBe(404);
    // Nor can GitHub unfollow it: the hidden edge is kept, and comes back below.
    expect((await github("DELETE", `/user/following/${s.login}`, fanOfS.token)).status).toBe(404);

    // Others no longer see the account at all.
    expect((await github("GET", `/users/${s.login}`, other.token)).status).toBe(404);
    expect((await gitlab("GET", `/users/${s.id}/followers`, other.token)).status).toBe(404);

    // Its token is refused in both dialects, for reading and for following.
    const glMe = await gitlab<{ message: string }>("GET", "/user", s.token);
    expect(glMe.status).toBe(403);
    expect(glMe.body.message).toBe("403 Forbidden - Your account has been blocked.");
    expect((await gitlab("POST", `/users/${other.id}/follow`, s.token)).status).toBe(403);
    const ghMe = await github<{ message: string }>("GET", "/user", s.token);
    expect(ghMe.status).toBe(403);
    expect(ghMe.body.message).toBe("Sorry. Your account was suspended.");
    expect((await github("PUT", `/user/following/${other.login}`, s.token)).status).toBe(403);
    expect(
      (await github("PUT", `/user/following/${other.login}`, s.token, { layout: "/api/v3" })).status,
    ).toBe(403);
    // The refused follows stored nothing.
    expect(await gitlabList(other.id, "followers")).toEqual({ ids: [], total: 0 });

    const unsuspended = await github("DELETE", `/users/${s.login}/suspended`, ROOT_TOKEN, {
      layout: "/api/v3",
    });
    expect(unsuspended.status).toBe(204);
    expect((await gitlab<GitLabUser>("GET", `/users/${s.id}`, ROOT_TOKEN)).body.state).toBe("active");
    await expectNeighbours(hub, { followers: [s, other], following: [s] });
    await expectNeighbours(fanOfS, { followers: [], following: [s] });
    await expectNeighbours(s, { followers: [fanOfS, hub], following: [hub] });
    expect((await gitlab("GET", "/user", s.token)).status).toBe(200);
    expect((await github("GET", "/user", s.token)).status).toBe(200);
  });

  it("a GitLab block removes the user from GitHub's lists, checks and counts until unblocked", async () => {
    const blocked = asLogin(await newGitLabUser("blk"));
    const hub = await newGitHubUser("blkhub");
    const fan = await newGitHubUser("blkfan");
    expect((await github("PUT", `/user/following/${hub.login}`, blocked.token)).status).toBe(204);
    expect((await github("PUT", `/user/following/${hub.login}`, fan.token)).status).toBe(204);
    expect((await github("PUT", `/user/following/${blocked.login}`, hub.token)).status).toBe(204);
    await expectNeighbours(hub, { followers: [blocked, fan], following: [blocked] });

    const block = await gitlab("POST", `/users/${blocked.id}/block`, ROOT_TOKEN);
    expect(block.status).toBe(201);
    expect(block.body).toBe(true);

    for (const layout of GITHUB_LAYOUTS) {
      expect(await githubList(hub.login, "followers", fan.token, layout)).toEqual([fan.login]);
      expect(await githubList(hub.login, "following", fan.token, layout)).toEqual([]);
      const profile = await github<GitHubUser>("GET", `/users/${hub.login}`, fan.token, { layout });
      expect(profile.body).toMatchObject({ followers: 1, following: 0 });
    }
    expect((await github("GET", `/user/following/${blocked.login}`, hub.token)).status).toBe(404);
    expect((await github("GET", `/users/${blocked.login}`, fan.token)).status).toBe(404);
    await expectNeighbours(hub, { followers: [fan], following: [] });
    const ghMe = await github<{ message: string }>("GET", "/user", blocked.token);
    expect(ghMe.status).toBe(403);

    expect((await gitlab("POST", `/users/${blocked.id}/unblock`, ROOT_TOKEN)).status).toBe(201);
    await expectNeighbours(hub, { followers: [blocked, fan], following: [blocked] });
    expect((await github("GET", `/user/following/${blocked.login}`, hub.token)).status).toBe(204);
  });
  it("a GitLab deactivation takes the user off GitHub's lists and counts but leaves its profile readable", async () => {
    const idle = asLogin(await newGitLabUser("idle"));
    const hub = await newGitHubUser("idlehub");
    expect((await github("PUT", `/user/following/${hub.login}`, idle.token)).status).toBe(204);
    expect((await github("PUT", `/user/following/${idle.login}`, hub.token)).status).toBe(204);

    expect((await gitlab("POST", `/users/${idle.id}/deactivate`, ROOT_TOKEN)).status).toBe(201);
    await expectNeighbours(hub, { followers: [], following: [] });
    const profile = await github<GitHubUser>("GET", `/users/${idle.login}`, hub.token);
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ id: idle.id, followers: 1, following: 1 });
    expect((await github("GET", `/users/${idle.login}/following/${hub.login}`, hub.token)).status).toBe(404);
    const refused = await github<{ message: string }>("GET", "/user", idle.token);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe("Your account is deactivated.");

    expect((await gitlab("POST", `/users/${idle.id}/activate`, ROOT_TOKEN)).status).toBe(201);
    await expectNeighbours(hub, { followers: [idle], following: [idle] });
  });
});

describe("GHES account changes reach GitLab", () => {
  it("a rename: GitLab shows the new username; GitHub's old login is 404 and the new one keeps id and edges", async () => {
    const r = await newGitHubUser("before");
    const hub = asLogin(await newGitLabUser("rnhub"));
    const fan = await newGitHubUser("rnfan");
    expect((await github("PUT", `/user/following/${hub.login}`, r.token)).status).toBe(204);
    expect((await gitlab("POST", `/users/${r.id}/follow`, fan.token)).status).toBe(201);

    const newLogin = unique("after");
    const renamed = await github<{ message: string; url: string }>(
      "PATCH",
      `/admin/users/${r.login}`,
      ROOT_TOKEN,
      {
        layout: "/api/v3",
        body: { login: newLogin },
      },
    );
    expect(renamed.status).toBe(202);
    expect(renamed.body.url).toBe(`${server.url}/api/v3/user/${r.id}`);

    const gl = await gitlab<GitLabUser>("GET", `/users/${r.id}`, ROOT_TOKEN);
    expect(gl.body).toMatchObject({ id: r.id, username: newLogin });
    expect((await gitlab<GitLabUser[]>("GET", `/users?username=${r.login}`, ROOT_TOKEN)).body).toEqual([]);
    expect(
      (await gitlab<GitLabUser[]>("GET", `/users?username=${newLogin}`, ROOT_TOKEN)).body.map((u) => u.id),
    ).toEqual([r.id]);

    for (const layout of GITHUB_LAYOUTS) {
      expect((await github("GET", `/users/${r.login}`, fan.token, { layout })).status).toBe(404);
      expect((await github("GET", `/users/${r.login}/followers`, fan.token, { layout })).status).toBe(404);
      const now = await github<GitHubUser>("GET", `/users/${newLogin}`, fan.token, { layout });
      expect(now.status).toBe(200);
      expect(now.body).toMatchObject({ login: newLogin, id: r.id, followers: 1, following: 1 });
    }
    const after = { id: r.id, login: newLogin };
    await expectNeighbours(after, { followers: [fan], following: [hub] });
    expect(await githubList(fan.login, "following")).toEqual([newLogin]);
    expect(await githubList(hub.login, "followers")).toEqual([newLogin]);
    expect((await github("GET", `/user/following/${newLogin}`, fan.token)).status).toBe(204);
    expect((await github("GET", `/user/following/${r.login}`, fan.token)).status).toBe(404);
    expect((await github("PUT", `/user/following/${r.login}`, hub.token)).status).toBe(404);

    // The renamed user's token still acts, now under the new login.
    const me = await github<GitHubUser>("GET", "/user", r.token);
    expect(me.body).toMatchObject({ login: newLogin, id: r.id });
    const glMe = await gitlab<GitLabUser>("GET", "/user", r.token);
    expect(glMe.body).toMatchObject({ username: newLogin, id: r.id });
  });

  it("a delete: GitLab 404s the user, its token dies in both dialects, and its neighbours' counts drop in both", async () => {
    const d = await newGitHubUser("doomed");
    const n1 = asLogin(await newGitLabUser("n1-"));
    const n2 = await newGitHubUser("n2-");
    const n3 = asLogin(await newGitLabUser("n3-"));
    const m = await newGitHubUser("m-");
    // d → n1, n2; n3 → d; m → n1, n3 → n1
    expect((await github("PUT", `/user/following/${n1.login}`, d.token)).status).toBe(204);
    expect((await gitlab("POST", `/users/${n2.id}/follow`, d.token)).status).toBe(201);
    expect((await gitlab("POST", `/users/${d.id}/follow`, n3.token)).status).toBe(201);
    expect((await github("PUT", `/user/following/${n1.login}`, m.token)).status).toBe(204);
    expect((await github("PUT", `/user/following/${n1.login}`, n3.token)).status).toBe(204);
    await expectNeighbours(n1, { followers: [d, m, n3], following: [] });
    await expectNeighbours(n2, { followers: [d], following: [] });
    await expectNeighbours(n3, { followers: [], following: [d, n1] });

    const deleted = await github("DELETE", `/admin/users/${d.login}`, ROOT_TOKEN, { layout: "/api/v3" });
    expect(deleted.status).toBe(204);

    const gl = await gitlab<{ message: string }>("GET", `/users/${d.id}`, ROOT_TOKEN);
    expect(gl.status).toBe(404);
    expect(gl.body.message).toBe("404 User Not Found");
    expect((await gitlab("GET", `/users/${d.id}/followers`, ROOT_TOKEN)).status).toBe(404);
    expect((await github("GET", `/users/${d.login}`, ROOT_TOKEN)).status).toBe(404);
    expect((await github("GET", `/user/${d.id}`, ROOT_TOKEN)).status).toBe(404);

    await expectNeighbours(n1, { followers: [m, n3], following: [] });
    await expectNeighbours(n2, { followers: [], following: [] });
    await expectNeighbours(n3, { followers: [], following: [n1] });

    expect((await gitlab("GET", "/user", d.token)).status).toBe(401);
    const ghMe = await github<{ message: string }>("GET", "/user", d.token);
    expect(ghMe.status).toBe(401);
    expect(ghMe.body.message).toBe("Bad credentials");

    // The login is free again, and a new account under it inherits nothing.
    const reborn = await createGitHubUserWithToken(server.url, d.login);
    expect(reborn.id).not.toBe(d.id);
    await expectNeighbours(reborn, { followers: [], following: [] });
    await expectNeighbours(n3, { followers: [], following: [n1] });
  });

  it("deleting a suspended user does not take it out of its neighbours' counts a second time", async () => {
    const d = asLogin(await newGitLabUser("susdel"));
    const n = await newGitHubUser("susdeln");
    const f = await newGitHubUser("susdelf");
    expect((await gitlab("POST", `/users/${n.id}/follow`, d.token)).status).toBe(201);
    expect((await gitlab("POST", `/users/${n.id}/follow`, f.token)).status).toBe(201);
    expect((await github("PUT", `/user/following/${d.login}`, n.token)).status).toBe(204);
    await expectNeighbours(n, { followers: [d, f], following: [d] });

    expect(
      (await github("PUT", `/users/${d.login}/suspended`, ROOT_TOKEN, { layout: "/api/v3" })).status,
    ).toBe(204);
    await expectNeighbours(n, { followers: [f], following: [] });
    expect(
      (await github("DELETE", `/admin/users/${d.login}`, ROOT_TOKEN, { layout: "/api/v3" })).status,
    ).toBe(204);
    await expectNeighbours(n, { followers: [f], following: [] });
    // Following someone new afterwards counts from the right base in both dialects.
    expect((await gitlab("POST", `/users/${f.id}/follow`, n.token)).status).toBe(201);
    await expectNeighbours(n, { followers: [f], following: [f] });
  });
});
