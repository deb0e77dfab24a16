import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createGitHubUserWithToken,
  createUserWithToken,
  ROOT_TOKEN,
  startTestServer,
  type TestServer,
} from "./test-server.ts";

// GitHub's user blocks through the running gateway: made in the GitHub dialect, seen in both.
// GitLab has no user-to-user blocks; it shows only their effects: the follows that are gone,
// the counts, and a follow that stores nothing (its bodiless 304).

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

interface Person {
  id: number;
  login: string;
  token: string;
}

const GITHUB_LAYOUTS = ["", "/api/v3"] as const;

async function send(method: string, url: string, headers: Record<string, string>) {
  // A body-taking method without a body sends `Content-Length: 0`, as GitHub requires.
  const body = method === "GET" || method === "DELETE" ? undefined : "";
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  return { status: res.status, text, body: text === "" ? undefined : JSON.parse(text) };
}

const gitlab = (method: string, path: string, token: string) =>
  send(method, `${server.url}/api/v4${path}`, { "PRIVATE-TOKEN": token });
const github = (method: string, path: string, token?: string, layout = "") =>
  send(method, `${server.url}${layout}${path}`, token ? { Authorization: `token ${token}` } : {});

let serial = 0;
const unique = (prefix: string) => `${prefix}${++serial}`;
/** A GitLab-made user with an `api` token, which the GitHub dialect reads as `user`. */
const gitlabUser = async (): Promise<Person> => {
  const u = await createUserWithToken(server.url, unique("blk-gl"));
  return { id: u.id, login: u.username, token: u.token };
};
const githubUser = async (scopes?: string[]): Promise<Person> =>
  createGitHubUserWithToken(server.url, unique("blk-gh"), scopes);

/** Who `user` follows and is followed by, with the profile's counts, as both dialects show them. */
async function neighbours(user: Person) {
  const gitlabIds = async (direction: string) => {
    const reply = await gitlab("GET", `/users/${user.id}/${direction}?per_page=100`, ROOT_TOKEN);
    expect(reply.status).toBe(200);
    return (reply.body as { id: number }[]).map((u) => u.id).sort((a, b) => a - b);
  };
  const githubIds = async (direction: string, layout: string) => {
    const reply = await github("GET", `/users/${user.login}/${direction}?per_page=100`, ROOT_TOKEN, layout);
    expect(reply.status).toBe(200);
    return (reply.body as { id: number }[]).map((u) => u.id).sort((a, b) => a - b);
  };
  const gl = (await gitlab("GET", `/users/${user.id}`, ROOT_TOKEN)).body;
  const seen = {
    gitlab: {
      followers: await gitlabIds("followers"),
      following: await gitlabIds("following"),
      counts: [gl.followers, gl.following],
    },
  } as Record<string, unknown>;
  for (const layout of GITHUB_LAYOUTS) {
    const gh = (await github("GET", `/users/${user.login}`, ROOT_TOKEN, layout)).body;
    seen[`github${layout}`] = {
      followers: await githubIds("followers", layout),
      following: await githubIds("following", layout),
      counts: [gh.followers, gh.following],
    };
  }
  return seen;
}

/** What `neighbours` must show in every dialect and layout for these follower and followee ids. */
const everywhere = (followers: number[], following: number[]) => {
  const one = {
    followers: [...followers].sort((a, b) => a - b),
    following: [...following].sort((a, b) => a - b),
    counts: [followers.length, following.length],
  };
  return { gitlab: one, github: one, "github/api/v3": one };
};

describe("a GitHub block, seen through both dialects", () => {
  it.each(GITHUB_LAYOUTS)(
    "blocking through GitHub%s removes the follows both ways; GitLab's lists and counts agree",
    async (layout) => {
      const [a, b, c] = [await gitlabUser(), await gitlabUser(), await gitlabUser()];
      expect((await gitlab("POST", `/users/${b.id}/follow`, a.token)).status).toBe(201);
      expect((await gitlab("POST", `/users/${a.id}/follow`, b.token)).status).toBe(201);
      expect((await github("PUT", `/user/following/${a.login}`, c.token)).status).toBe(204);
      expect((await github("PUT", `/user/following/${b.login}`, c.token)).status).toBe(204);

      expect((await github("PUT", `/user/blocks/${b.login}`, a.token, layout)).status).toBe(204);

      expect(await neighbours(a)).toEqual(everywhere([c.id], []));
      expect(await neighbours(b)).toEqual(everywhere([c.id], []));
      expect(await neighbours(c)).toEqual(everywhere([], [a.id, b.id]));
      expect((await github("GET", `/user/blocks/${b.login}`, a.token)).status).toBe(204);
      expect((await github("GET", "/user/blocks", a.token, layout)).body).toMatchObject([{ login: b.login }]);
    },
  );

  it("while it lasts, follows either way store nothing: GitHub's silent 204, GitLab's 304", async () => {
    const [a, b] = [await gitlabUser(), await gitlabUser()];
    expect((await github("PUT", `/user/blocks/${b.login}`, a.token)).status).toBe(204);

    for (const [actor, target] of [
      [b, a],
      [a, b],
    ] as const) {
      for (const layout of GITHUB_LAYOUTS) {
        const reply = await github("PUT", `/user/following/${target.login}`, actor.token, layout);
        expect(reply).toMatchObject({ status: 204, text: "" });
      }
      const reply = await gitlab("POST", `/users/${target.id}/follow`, actor.token);
      expect(reply).toMatchObject({ status: 304, text: "" });
    }
    expect(await neighbours(a)).toEqual(everywhere([], []));
    expect(await neighbours(b)).toEqual(everywhere([], []));
    expect((await github("GET", `/user/following/${a.login}`, b.token)).status).toBe(404);

    // Lifted, the follow is stored again, in either dialect.
    expect((await github("DELETE", `/user/blocks/${b.login}`, a.token, "/api/v3")).status).toBe(204);
    expect((await gitlab("POST", `/users/${a.id}/follow`, b.token)).status).toBe(201);
    expect((await github("PUT", `/user/following/${b.login}`, a.token)).status).toBe(204);
    expect(await neighbours(a)).toEqual(everywhere([b.id], [b.id]));
  });

  it("GitHub-made users: after the block, the blocked user's follow of the blocker stores nothing on either layout", async () => {
    const [a, b] = [await githubUser(), await githubUser()];
    expect((await github("PUT", `/user/following/${a.login}`, b.token)).status).toBe(204);
    expect((await github("PUT", `/user/blocks/${b.login}`, a.token)).status).toBe(204);
    expect(await neighbours(a)).toEqual(everywhere([], []));
    expect((await github("PUT", `/user/following/${a.login}`, b.token, "/api/v3")).status).toBe(204);
    expect(await neighbours(b)).toEqual(everywhere([], []));
  });

  it("bad input: unknown user 404, oneself 422, anonymous 401, no `user` scope 404; nothing changes", async () => {
    const [a, b] = [await gitlabUser(), await gitlabUser()];
    expect((await gitlab("POST", `/users/${b.id}/follow`, a.token)).status).toBe(201);
    const follower = await githubUser(["user:follow"]);
    expect((await github("PUT", `/user/following/${b.login}`, follower.token)).status).toBe(204);
    const before = [await neighbours(a), await neighbours(b)];
    for (const layout of GITHUB_LAYOUTS) {
      expect((await github("PUT", "/user/blocks/no-such-user-anywhere", a.token, layout)).status).toBe(404);
      expect((await github("PUT", `/user/blocks/${a.login}`, a.token, layout)).status).toBe(422);
      expect((await github("PUT", `/user/blocks/${b.login}`, undefined, layout)).status).toBe(401);
      expect((await github("PUT", `/user/blocks/${b.login}`, follower.token, layout)).status).toBe(404);
    }
    expect([await neighbours(a), await neighbours(b)]).toEqual(before);
    expect((await github("GET", "/user/blocks", follower.token)).status).toBe(404);
  });
});
