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
const rateLimitScript = fileURLToPath(new URL("./pygithub_rate_limit.py", import.meta.url));

// requests would send even loopback traffic through a configured proxy.
const LOOPBACK_ONLY = { NO_PROXY: "127.0.0.1,localhost", no_proxy: "127.0.0.1,localhost" };

async function runPython(file: string, env: Record<string, string>) {
  const { stdout } = await promisify(execFile)(PYTHON, [file], {
    env: { ...process.env, ...LOOPBACK_ONLY, ...env },
    timeout: 60_000,
  });
  return JSON.parse(stdout);
}

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

    const output = await runPython(script, {
      GITHUB_BASE_URL: `${server.url}/api/v3`,
      ALICE_TOKEN: alice.token,
      BOB_TOKEN: bob.token,
      READER_TOKEN: reader.token,
      BOB_LOGIN: bob.login,
    });
    expect(output).toEqual({
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

describe("PyGithub and the rate limit", () => {
  it("with rate limiting off (the default), get_rate_limit() raises GHES's 404", async () => {
    const user = await createGitHubUserWithToken(server.url, "nolimits");
    const output = await runPython(rateLimitScript, {
      GITHUB_BASE_URL: `${server.url}/api/v3`,
      TOKEN: user.token,
    });
    expect(output).toEqual({
      // PyGithub names only "Not Found" 404s UnknownObjectException; this one it raises plainly.
      get_rate_limit: {
        type: "GithubException",
        status: 404,
        message: "Rate limiting is not enabled.",
      },
    });
  });

  it("with GITHUB_RATE_LIMIT set, reads the window from headers and /rate_limit, and raises RateLimitExceededException", async () => {
    const limited = await startTestServer({ GITHUB_RATE_LIMIT: "6,2" });
    try {
      const user = await createGitHubUserWithToken(limited.url, "limited");
      const other = await createGitHubUserWithToken(limited.url, "other");
      const output = await runPython(rateLimitScript, {
        GITHUB_BASE_URL: limited.url,
        TOKEN: user.token,
        OTHER_LOGIN: other.login,
        EXPECT_LIMITS: "1",
      });
      expect(output).toEqual({
        login: "limited",
        rate_limiting: [5, 6],
        resettime_is_future: true,
        core: { limit: 6, remaining: 5 },
        // GET /rate_limit was free: 5 left, then the 403.
        spent_before_refusal: 5,
        exceeded: {
          type: "RateLimitExceededException",
          status: 403,
          message: `API rate limit exceeded for user ID ${user.id}.`,
        },
        rate_limiting_after: [0, 6],
      });

      // Anonymous callers are counted by their address, which the gateway takes from the socket.
      const anonymous = () =>
        fetch(`${limited.url}/users/${other.login}`, { headers: { "User-Agent": "t" } });
      expect((await anonymous()).headers.get("x-ratelimit-limit")).toBe("2");
      await anonymous();
      const refused = await anonymous();
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { message: string }).message).toMatch(
        /^API rate limit exceeded for (::ffff:)?127\.0\.0\.1\. \(But here's the good news/,
      );
    } finally {
      await limited.stop();
    }
  });
});
