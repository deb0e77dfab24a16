import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createGitHubUserWithToken,
  type GitHubTestUser,
  startTestServer,
  type TestServer,
} from "./test-server.ts";

/*
 * How gh is pointed at the server (found by experiment with gh 2.23.0, Debian's package):
 *
 * - Every call passes a FULL `http://127.0.0.1:PORT/api/v3/…` URL. gh uses a URL containing
 *   `://` verbatim, plain http included, and follows absolute `Link` URLs the same way.
 * - The token goes in GH_ENTERPRISE_TOKEN. gh treats the URL's host (`127.0.0.1:PORT`) as an
 *   enterprise host and sends `Authorization: token <T>` to it. GH_TOKEN/GITHUB_TOKEN are for
 *   github.com only: with just GH_TOKEN the request goes out unauthenticated (401), and with
 *   no token at all gh exits 4 ("gh auth login") without sending anything.
 * - GH_HOST is NOT set: GH_HOST=127.0.0.1:PORT is accepted for relative paths, but gh then
 *   speaks https to `https://127.0.0.1:PORT/api/v3/` ("server gave HTTP response to HTTPS
 *   client"); enterprise hosts are always https. No `gh auth login` is needed or possible
 *   (it wants GraphQL).
 * - The environment is built from scratch (PATH only, plus the variables below), so no
 *   GH_TOKEN/GITHUB_TOKEN/GH_HOST/proxy settings leak in; GH_CONFIG_DIR and HOME are a
 *   temporary directory.
 *
 * `gh api --paginate` merges pages into one JSON array only in newer gh releases; gh 2.23
 * prints each page's array back to back (`[…][…]`). `pageArrays` accepts both.
 */
const GH = "gh";

let server: TestServer;
let configDir: string;
beforeAll(async () => {
  server = await startTestServer();
  configDir = await mkdtemp(join(tmpdir(), "gh-config-"));
});
afterAll(async () => {
  await server.stop();
  await rm(configDir, { recursive: true, force: true });
});

interface GhResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs gh with a clean environment; never throws on a non-zero exit. */
function gh(args: string[], env: Record<string, string>): Promise<GhResult> {
  return new Promise((resolve, reject) => {
    execFile(
      GH,
      args,
      {
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: configDir,
          GH_CONFIG_DIR: configDir,
          GH_NO_UPDATE_NOTIFIER: "1",
          GH_PROMPT_DISABLED: "1",
          NO_COLOR: "1",
          ...env,
        },
        timeout: 20_000,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") return reject(error);
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

const as = (user: GitHubTestUser) => ({ GH_ENTERPRISE_TOKEN: user.token });
const api = (path: string) => `${server.url}/api/v3${path}`;

/** The top-level JSON values in gh's output: one merged array, or one array per page. */
function pageArrays(output: string): unknown[][] {
  const values: unknown[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < output.length; i++) {
    const ch = output[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "[" || ch === "{") {
      if (depth++ === 0) start = i;
    } else if (ch === "]" || ch === "}") {
      if (--depth === 0) values.push(JSON.parse(output.slice(start, i + 1)));
    }
  }
  expect(depth).toBe(0);
  for (const value of values) expect(Array.isArray(value)).toBe(true);
  return values as unknown[][];
}

const loginsOf = (output: string) =>
  pageArrays(output)
    .flat()
    .map((u) => (u as { login: string }).login);

/** The check endpoint straight over HTTP: 204 follows, 404 does not. */
const checkStatus = async (follower: GitHubTestUser, target: GitHubTestUser) =>
  (
    await fetch(api(`/users/${follower.login}/following/${target.login}`), {
      headers: { "User-Agent": "gh-cli-test" },
    })
  ).status;

describe("gh api against the running server (GHES layout)", () => {
  let alice: GitHubTestUser;
  let bob: GitHubTestUser;
  let reader: GitHubTestUser;
  let fans: GitHubTestUser[];

  beforeAll(async () => {
    alice = await createGitHubUserWithToken(server.url, "alice", ["user"]);
    bob = await createGitHubUserWithToken(server.url, "bob", ["user:follow"]);
    reader = await createGitHubUserWithToken(server.url, "reader", ["read:user"]);
    fans = [];
    for (let i = 0; i < 7; i++) fans.push(await createGitHubUserWithToken(server.url, `fan${i}`));
  });

  it("gh api -X PUT follows: exit 0, no output, and the edge is stored", async () => {
    const result = await gh(["api", "-X", "PUT", api(`/user/following/${bob.login}`)], as(alice));
    expect(result).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(await checkStatus(alice, bob)).toBe(204);
  });

  it("gh api …/user/following/<login> --silent exits 0 when following and 1 when not", async () => {
    const yes = await gh(["api", api(`/user/following/${bob.login}`), "--silent"], as(alice));
    expect(yes).toEqual({ code: 0, stdout: "", stderr: "" });
    const no = await gh(["api", api(`/user/following/${alice.login}`), "--silent"], as(bob));
    expect(no.code).toBe(1);
    expect(no.stdout).toBe("");
    expect(no.stderr).toContain("Not Found (HTTP 404)");
  });

  it("gh api -X DELETE unfollows: exit 0, and the check then fails", async () => {
    const result = await gh(["api", "-X", "DELETE", api(`/user/following/${bob.login}`)], as(alice));
    expect(result).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(await checkStatus(alice, bob)).toBe(404);
    const check = await gh(["api", api(`/user/following/${bob.login}`), "--silent"], as(alice));
    expect(check.code).toBe(1);
    // bob's token has only `user:follow`, which is enough.
    expect((await gh(["api", "-X", "PUT", api(`/user/following/${alice.login}`)], as(bob))).code).toBe(0);
    expect(await checkStatus(bob, alice)).toBe(204);
    expect((await gh(["api", "-X", "DELETE", api(`/user/following/${alice.login}`)], as(bob))).code).toBe(0);
    expect(await checkStatus(bob, alice)).toBe(404);
  });

  it("gh api --paginate follows the Link header over 4 pages: all 7 followers, oldest follow first", async () => {
    const order = [4, 1, 6, 0, 5, 3, 2].map((i) => fans[i] as GitHubTestUser);
    for (const fan of order) {
      expect((await gh(["api", "-X", "PUT", api(`/user/following/${bob.login}`)], as(fan))).code).toBe(0);
    }
    const expected = order.map((f) => f.login);

    // per_page in the URL's query: gh keeps it and follows each rel="next" verbatim.
    const inQuery = await gh(
      ["api", "--paginate", api(`/users/${bob.login}/followers?per_page=2`)],
      as(alice),
    );
    expect(inQuery.code).toBe(0);
    expect(inQuery.stderr).toBe("");
    expect(loginsOf(inQuery.stdout)).toEqual(expected);
    // One merged array (newer gh) or one array per page (gh 2.23).
    expect([[7], [2, 2, 2, 1]]).toContainEqual(pageArrays(inQuery.stdout).map((a) => a.length));

    // Every page's status line with -i: exactly four requests.
    const included = await gh(
      ["api", "--paginate", "-i", api(`/users/${bob.login}/followers?per_page=2`)],
      as(alice),
    );
    expect(included.code).toBe(0);
    expect(included.stdout.match(/^HTTP\/1\.1 200 OK$/gm)).toHaveLength(4);
    // The next link carries an opaque cursor beside page (written C here).
    expect(included.stdout.match(/^Link: .*$/gm)?.[0]?.replace(/cursor=[^&>]+/g, "cursor=C")).toBe(
      `Link: <${api(`/users/${bob.login}/followers`)}?per_page=2&cursor=C&page=2>; rel="next", <${api(`/users/${bob.login}/followers`)}?per_page=2&page=4>; rel="last"`,
    );

    // per_page as a field: -X GET turns -F into query parameters.
    const asField = await gh(
      ["api", "--paginate", "-X", "GET", "-F", "per_page=2", api(`/users/${bob.login}/followers`)],
      as(alice),
    );
    expect(asField.code).toBe(0);
    expect(loginsOf(asField.stdout)).toEqual(expected);

    // --jq runs per page, so its output is the same with every gh version.
    const jq = await gh(
      ["api", "--paginate", "--jq", ".[].login", api(`/users/${bob.login}/followers?per_page=3`)],
      as(alice),
    );
    expect(jq.code).toBe(0);
    expect(jq.stdout.trim().split("\n")).toEqual(expected);
  });

  it("gh api --paginate reads the authenticated user's own lists", async () => {
    const followers = await gh(["api", "--paginate", api("/user/followers?per_page=2")], as(bob));
    expect(followers.code).toBe(0);
    expect(loginsOf(followers.stdout)).toEqual([4, 1, 6, 0, 5, 3, 2].map((i) => `fan${i}`));
    const following = await gh(["api", "--paginate", api("/user/following?per_page=2")], as(fans[0]!));
    expect(loginsOf(following.stdout)).toEqual([bob.login]);
    const none = await gh(["api", "--paginate", api("/user/following?per_page=2")], as(alice));
    expect(none).toMatchObject({ code: 0, stdout: "[]" });
  });

  it("a token without user:follow: gh api -X PUT exits 1 on GitHub's 404 and stores nothing", async () => {
    const result = await gh(["api", "-X", "PUT", api(`/user/following/${bob.login}`)], as(reader));
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ message: "Not Found", status: "404" });
    expect(result.stderr).toContain("Not Found (HTTP 404)");
    expect(await checkStatus(reader, bob)).toBe(404);
  });

  it("needs GH_ENTERPRISE_TOKEN: GH_TOKEN is not sent to this host, and no token at all stops gh", async () => {
    const withGhToken = await gh(["api", api(`/user/following/${bob.login}`)], { GH_TOKEN: alice.token });
    expect(withGhToken.code).toBe(1);
    expect(withGhToken.stderr).toContain("Requires authentication (HTTP 401)");
    const withoutToken = await gh(["api", api(`/user/following/${bob.login}`)], {});
    expect(withoutToken.code).toBe(4);
    expect(withoutToken.stdout).toBe("");
  });
});
