// plan and apply against a second server playing a GitHub Enterprise Server, its rate limit on:
// every predicted 204, 404 and 403 happens, a placeholder is created, the site administrator
// acts through impersonation tokens (revoked at the end), a 429 is waited out, a 500 that
// outlasts Octokit's retries stops apply and the checkpoint resumes it, and a spent rate limit
// is one line. The local graph is a store of the engine under test.
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { parseEnv, type RunningServer, startServer } from "@follow-graph/gateway";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanFile } from "../src/migration/plan/plan-model.ts";
import { createLocalGraph, follow, type LocalGraph, runMigration, writeIdentityMap } from "./plan-harness.ts";

const SLOW = 240_000;
const ROOT = "root-token-for-the-github-target";

let server: RunningServer;
let local: LocalGraph;
let mapPath: string;
let admin: Octokit;

async function startTarget(rateLimit: string): Promise<RunningServer> {
  const parsed = parseEnv({
    PORT: "0",
    HOST: "127.0.0.1",
    ROOT_TOKEN: ROOT,
    FOLLOW_GRAPH_CONTROL: "1",
    PGLITE_DATA_DIR: "memory://",
    GITHUB_RATE_LIMIT: rateLimit,
  });
  if (!parsed.ok) throw new Error(parsed.reason);
  return startServer(parsed.env);
}

/** A port of 127.0.0.1 nothing listens on (it did a moment ago). */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const { port } = listener.address() as { port: number };
  await new Promise((resolve) => listener.close(resolve));
  return port;
}

const forge = (url = server.url) => ["--url", url, "--token", ROOT, "--identity-map", mapPath];
const plan = (...extra: string[]) =>
  runMigration(["plan", "--to", "github", ...forge(), ...local.flags, ...extra]);
const apply = (planPath: string, ...extra: string[]) =>
  runMigration(["apply", "--plan", planPath, ...forge(), ...extra]);
const followingOf = async (login: string) =>
  (await admin.paginate("GET /users/{username}/following", { username: login })).map((u) => u.login).sort();
const writes = () =>
  server
    .control!.requests()
    .filter((r) => /^\/api\/v3\/user\/following\//.test(r.path) && r.method !== "GET");

beforeAll(async () => {
  // On, and generous enough for the suite's own calls: a spent one is its own test below.
  server = await startTarget("v3=2000");
  await server.control!.loadFixtures({
    users: [
      { username: "alice" },
      { username: "bob" },
      { username: "carol" },
      { username: "dave", state: "blocked" },
      { username: "eve", tokens: [{ secret: "eve-blocks-token", scopes: ["user"] }] },
      { username: "sam", state: "blocked" },
    ],
    follows: [
      ["alice", "bob"],
      ["bob", "carol"],
    ],
  });
  admin = new Octokit({ auth: ROOT, baseUrl: `${server.url}/api/v3` });
  await new Octokit({ auth: "eve-blocks-token", baseUrl: `${server.url}/api/v3` }).request(
    "PUT /user/blocks/{username}",
    { username: "alice" },
  );
  local = await createLocalGraph("apply-github");
  // The local graph came from GitLab: its logins are GitLab usernames, the map names them on GitHub.
  const people = ["alice", "bob", "carol", "dave", "eve", "sam"];
  mapPath = writeIdentityMap(local.dir, [
    ...people.map((name) => ({ gitlab: { username: `${name}_gl` }, github: { login: name } })),
    { gitlab: { username: "ghost_gl" } },
  ]);
  await local.seed(
    [...people.map((name) => ({ login: `${name}_gl` })), { login: "ghost_gl" }],
    [
      follow("alice_gl", "bob_gl"),
      follow("alice_gl", "carol_gl"),
      follow("alice_gl", "dave_gl"),
      follow("alice_gl", "eve_gl"),
      follow("alice_gl", "ghost_gl"),
      follow("ghost_gl", "alice_gl"),
      follow("sam_gl", "alice_gl"),
    ],
  );
}, SLOW);

afterAll(async () => {
  await server?.stop();
  await local?.cleanup();
});

describe("plan and apply to a GitHub Enterprise Server", () => {
  it(
    "plans each edge with GitHub's answer, applies it as each follower, and verify agrees",
    async () => {
      const planPath = join(local.dir, "overwrite.json");
      const planned = await plan("--mode", "overwrite", "--out", planPath);
      expect(planned.stderr).toBe("");
      expect(planned.code).toBe(0);
      const file = JSON.parse(readFileSync(planPath, "utf8")) as PlanFile;
      expect(file.target).toEqual({ dialect: "github", url: `${server.url}/api/v3` });
      expect(file.placeholders).toEqual(["ghost-gl-gitlab-placeholder"]);
      expect(file.items.map((i) => `${i.op} ${i.follower} ${i.followee}: ${i.predicted.label}`)).toEqual([
        "remove bob carol: 204 removed",
        "add alice carol: 204 + follow",
        "add alice dave: 404 suspended followee",
        "add alice eve: 204 nothing stored: blocked by followee",
        "add alice ghost-gl-gitlab-placeholder: 204 + follow",
        "add ghost-gl-gitlab-placeholder alice: 204 + follow",
        "add sam alice: 403 suspended follower",
      ]);
      expect(planned.stdout).toContain(
        "add     alice                        eve                          204 nothing stored: blocked by followee",
      );

      // A 429 on the first follow: Octokit's throttling waits out its Retry-After.
      server.control!.injectFault({
        status: 429,
        count: 1,
        retryAfter: 1,
        dialect: "github",
        route: "PUT /api/v3/user/following/*",
      });
      const applied = await apply(planPath);
      expect(applied.stdout).toContain(
        "applied 7 of 7 items (7 in this run); verified 7 users: no differences",
      );
      expect(applied.code).toBe(0);
      expect(applied.stderr).toMatch(/rate limit spent; waiting \d s/);
      expect(await followingOf("alice")).toEqual(["bob", "carol", "ghost-gl-gitlab-placeholder"]);
      expect(await followingOf("bob")).toEqual([]);
      expect(await followingOf("ghost-gl-gitlab-placeholder")).toEqual(["alice"]);
      expect(
        writes().map((r) => `${r.method} ${r.path.replace("/api/v3/user/following/", "")} ${r.status}`),
      ).toEqual([
        "DELETE carol 204",
        "PUT carol 429",
        "PUT carol 204",
        "PUT dave 404",
        "PUT eve 204",
        "PUT ghost-gl-gitlab-placeholder 204",
        "PUT alice 204",
        "PUT alice 403",
      ]);
      // The impersonation tokens apply minted are revoked: alice has none left.
      const tokens = server
        .control!.requests()
        .filter((r) => r.path === "/api/v3/admin/users/alice/authorizations");
      expect(tokens.at(-1)).toMatchObject({ method: "DELETE" });
    },
    SLOW,
  );

  it(
    "resumes an apply a 500 stopped (after Octokit's retries) from its checkpoint, repeating no item",
    async () => {
      await local.seed([], [follow("carol_gl", "alice_gl"), follow("carol_gl", "bob_gl")]);
      const planPath = join(local.dir, "resume.json");
      expect((await plan("--out", planPath)).code).toBe(0);
      const items = (JSON.parse(readFileSync(planPath, "utf8")) as PlanFile).items;
      expect(items.map((i) => `${i.follower} ${i.followee}`)).toEqual([
        "alice dave",
        "alice eve",
        "carol alice",
        "carol bob",
        "sam alice",
      ]);
      server.control!.clearRequests();
      server.control!.injectFault({
        status: 500,
        count: 3,
        dialect: "github",
        route: "PUT /api/v3/user/following/bob",
      });
      const failed = await apply(planPath);
      expect(failed.code).toBe(1);
      expect(failed.stderr.trim().split("\n").at(-1)).toBe(
        `follow-graph apply: the GitHub Enterprise at ${server.url}/api/v3 answered 500: Internal Server Error; checkpoint kept at ${planPath}.checkpoint.json (3 of 5 items done): run apply again to resume`,
      );
      const resumed = await apply(planPath);
      expect(resumed.stdout).toContain(
        "applied 5 of 5 items (2 in this run); verified 7 users: no differences",
      );
      expect(resumed.code).toBe(0);
      expect(await followingOf("carol")).toEqual(["alice", "bob"]);
      expect(writes().map((r) => `${r.path.replace("/api/v3/user/following/", "")} ${r.status}`)).toEqual([
        "dave 404",
        "eve 204",
        "alice 204",
        "bob 500",
        "bob 500",
        "bob 500",
        "bob 204",
        "alice 403",
      ]);
    },
    SLOW,
  );

  // These refusals never reach the local store: once, in the PGlite run.
  it.skipIf(Boolean(process.env.TEST_DATABASE_URL))(
    "refuses api.github.com, a bad token, an unreachable target, a user the target lacks and a spent rate limit, each in one line",
    async () => {
      const oneLine = async (args: string[], expected: string | RegExp) => {
        const result = await runMigration(args);
        expect(result.code).toBe(1);
        const lines = result.stderr.trim().split("\n");
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(expected);
      };
      const planArgs = (url: string, token = ROOT, map = mapPath) => [
        "plan",
        "--to",
        "github",
        "--url",
        url,
        "--token",
        token,
        "--identity-map",
        map,
        ...local.flags,
      ];
      await oneLine(
        planArgs("https://api.github.com"),
        /^follow-graph plan: api\.github\.com cannot be a target: it has no admin routes/,
      );
      await oneLine(
        planArgs(server.url, "not-a-token"),
        `follow-graph plan: the GitHub Enterprise at ${server.url}/api/v3 refused the token (401 Unauthorized)`,
      );
      const closed = await closedPort();
      await oneLine(
        planArgs(`http://127.0.0.1:${closed}`),
        `follow-graph plan: cannot reach the GitHub Enterprise at http://127.0.0.1:${closed}/api/v3: ECONNREFUSED`,
      );
      const unknown = writeIdentityMap(local.dir, [{ github: { login: "nobody-here" } }], "unknown.csv");
      await oneLine(
        planArgs(server.url, ROOT, unknown),
        `follow-graph plan: ${unknown}:2: github user 'nobody-here' is not on ${server.url}/api/v3`,
      );

      // Three requests an hour for root: plan spends them before it has read every user.
      const limited = await startTarget("v3=3");
      try {
        await limited.control!.loadFixtures({
          users: ["alice", "bob", "carol", "dave", "eve", "sam"].map((username) => ({ username })),
        });
        await oneLine(
          [...planArgs(limited.url), "--max-wait", "5"],
          new RegExp(
            `^follow-graph plan: the GitHub Enterprise at ${limited.url}/api/v3: the rate limit is spent until \\S+Z, longer than --max-wait$`,
          ),
        );
      } finally {
        await limited.stop();
      }
    },
    SLOW,
  );
});
