import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createGitHubUserWithToken,
  type GitHubTestUser,
  startTestServer,
  type TestServer,
} from "./test-server.ts";

// Debian's python3-github belongs to the system interpreter, not to whatever python3 is first on PATH.
const PYTHON = "/usr/bin/python3";
const script = fileURLToPath(new URL("./pygithub_client.py", import.meta.url));

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe("PyGithub against the running server (GHES base URL)", () => {
  it("follows, checks, counts and walks followers across pages oldest first, and unfollows", async () => {
    const alice = await createGitHubUserWithToken(server.url, "alice", ["user"]);
    const bob = await createGitHubUserWithToken(server.url, "bob", ["user:follow"]);
    const reader = await createGitHubUserWithToken(server.url, "reader", ["read:user"]);
    const fans: GitHubTestUser[] = [];
    for (let i = 0; i < 5; i++) fans.push(await createGitHubUserWithToken(server.url, `fan${i}`));
    // Follow in an order unlike creation (id) order, so only follow-time ordering passes.
    const order = [2, 0, 4, 1, 3].map((i) => fans[i]!);
    for (const fan of order) {
      const response = await fetch(`${server.url}/api/v3/user/following/bob`, {
        method: "PUT",
        headers: { Authorization: `token ${fan.token}`, "Content-Length": "0" },
      });
      expect(response.status).toBe(204);
    }
    const early = order.map((f) => f.login);
    const all = [...early, "alice"];

    const { stdout } = await promisify(execFile)(PYTHON, [script], {
      env: {
        ...process.env,
        GITHUB_BASE_URL: `${server.url}/api/v3`,
        ALICE_TOKEN: alice.token,
        BOB_TOKEN: bob.token,
        READER_TOKEN: reader.token,
        BOB_LOGIN: bob.login,
        // requests would send even loopback traffic through a configured proxy.
        NO_PROXY: "127.0.0.1,localhost",
        no_proxy: "127.0.0.1,localhost",
      },
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toEqual({
      me: "alice",
      bob: { login: "bob", url: `${server.url}/api/v3/users/bob`, followers: 5, following: 0 },
      has_in_following_before: false,
      has_in_following_after_add: true,
      named_has_in_following: [true, false],
      oauth_scopes: ["user"],
      // per_page=1 request, then the page number of rel="last".
      followers_total_count: 6,
      followers: all,
      followers_pages: [all.slice(0, 2), all.slice(2, 4), all.slice(4, 6), [], []],
      // Starts at rel="last" and walks rel="prev".
      followers_reversed: [...all].reverse(),
      bob_followers_count: 6,
      my_following: ["bob"],
      alice_following: ["bob"],
      bob_sees_followers: all,
      has_in_following_after_remove: false,
      followers_after: early,
      followers_after_total_count: 5,
      repeat_remove: "ok",
      reader_follow: { type: "UnknownObjectException", status: 404, message: "Not Found" },
    });
  });
});
