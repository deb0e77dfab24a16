// follow-graph import github against a second instance of this server playing GitHub, at the
// api.github.com layout (the origin) and GitHub Enterprise Server's (/api/v3), through
// Octokit: the edges each depth brings, followers ordered by follow time as GitHub lists
// them, the source's logins and ids kept, and rate limits waited out. The target is a store
// on the engine under test (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv, type RunningServer, startServer } from "@follow-graph/gateway";
import { Octokit } from "@octokit/rest";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../src/emulator.ts";
import {
  controlOf,
  EDGES_FROM_ALICE,
  edgeKeys,
  FANS,
  readTarget,
  runImport,
  SOURCE_FIXTURE,
  sourceIds,
  startSource,
  startTarget,
} from "./import-live-source.ts";

let source: Emulator;
let ids: Map<string, number>;
let target: Awaited<ReturnType<typeof startTarget>>;
const store = {
  get flags() {
    return target.flags;
  },
};
const scratch = mkdtempSync(join(tmpdir(), "follow-graph-import-github-"));
const checkpoint = () => join(scratch, `checkpoint-${Math.random().toString(36).slice(2)}.json`);

beforeAll(async () => {
  [source, target] = await Promise.all([startSource(), startTarget()]);
  ids = await sourceIds(source);
});
afterAll(async () => {
  await Promise.all([source?.server.stop(), target?.stop()]);
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => target.emulator.control.reset());
afterEach(() => controlOf(source).clearFaults());

const github = (apiUrl: string, users: string, extra: string[] = []) =>
  runImport("github", [
    "--api-url",
    apiUrl,
    "--token",
    source.rootToken,
    "--users",
    users,
    "--checkpoint",
    checkpoint(),
    ...store.flags,
    ...extra,
  ]);

/** A user's followers as the source's GitHub dialect lists them, through Octokit's paginate. */
const sourceFollowers = (login: string) =>
  new Octokit({ auth: source.rootToken, baseUrl: source.server.url })
    .paginate("GET /users/{username}/followers", { username: login, per_page: 100 })
    .then((users) => users.map((u) => u.login));

/** The target's followers of `login`, oldest follow first, as its GitHub dialect would list them. */
const targetFollowersByTime = (edges: { follower: string; followee: string; at?: Date }[], login: string) =>
  edges
    .filter((e) => e.followee === login)
    .sort((a, b) => a.at!.getTime() - b.at!.getTime())
    .map((e) => e.follower);

describe("import github", () => {
  for (const depth of [1, 2, 3])
    it(`from alice to depth ${depth} brings the edges touching every user within ${depth - 1} steps`, async () => {
      const run = await github(source.server.url, "alice", ["--depth", String(depth)]);
      expect(run.stderr).toContain("edges added");
      expect(run.code).toBe(0);
      const { edges } = await readTarget(store.flags);
      expect(edgeKeys(edges)).toEqual([...EDGES_FROM_ALICE[depth]!].sort());
    });

  it("orders each followee's followers by follow time as GitHub lists them, past one page, on /api/v3", async () => {
    const run = await github(`${source.server.url}/api/v3`, "popular,alice");
    expect(run.code).toBe(0);
    const { edges } = await readTarget(store.flags);
    const listed = await sourceFollowers("popular");
    // The fans followed in the reverse of their ids: the list order is not the id order.
    expect(listed).toEqual([...FANS].reverse());
    expect(targetFollowersByTime(edges, "popular")).toEqual(listed);
    expect(targetFollowersByTime(edges, "alice")).toEqual(["carol", "dave", "bob"]);
    expect(await sourceFollowers("alice")).toEqual(["carol", "dave", "bob"]);
    // Every follow time is before the import began, none shared among one user's followers.
    const times = edges.filter((e) => e.followee === "popular").map((e) => e.at!.getTime());
    expect(new Set(times).size).toBe(FANS.length);
    expect(Math.max(...times)).toBeLessThan(Date.now());
  });

  it("keeps each user's GitHub login and id as its identity, and names where GitHub has them", async () => {
    expect((await github(source.server.url, "alice", ["--depth", "2"])).code).toBe(0);
    const { users } = await readTarget(store.flags);
    const met = users.filter((u) => u.identities?.github);
    expect(met.map((u) => u.login).sort()).toEqual([
      "alice",
      "bob",
      "carol",
      "dave",
      "erin",
      "frank",
      "grace",
    ]);
    for (const user of met)
      expect(user.identities!.github).toEqual({ login: user.login, id: ids.get(user.login) });
    expect(users.find((u) => u.login === "alice")!.name).toBe("Alice Liddell");
  });

  it("waits out a 429 with Retry-After and X-RateLimit-Remaining: 0, then completes", async () => {
    const control = controlOf(source);
    await control.clearRequests();
    await control.injectFault({
      status: 429,
      count: 1,
      retryAfter: 1,
      route: "GET /users/*/followers",
      dialect: "github",
    });
    const started = Date.now();
    const run = await github(source.server.url, "alice");
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/waiting \d+ s \(rate limit on GET .*\/users\/alice\/followers/);
    // The reset is a second away; Octokit's throttling waits one more to land after it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const followers = (await control.requests()).filter((r) => r.path.startsWith("/users/alice/followers"));
    expect(followers.map((r) => r.status)).toEqual([429, 200]);
    expect(edgeKeys((await readTarget(store.flags)).edges)).toEqual([...EDGES_FROM_ALICE[1]!].sort());
  });

  it("reads the users to start from in --users-file, one a line, comments and blank lines left out", async () => {
    const file = join(scratch, "users.txt");
    writeFileSync(file, "# who to start from\nalice\n\npopular   # the popular one\n");
    const run = await runImport("github", [
      "--api-url",
      source.server.url,
      "--token",
      source.rootToken,
      "--users-file",
      file,
      "--checkpoint",
      checkpoint(),
      ...store.flags,
    ]);
    expect(run.code).toBe(0);
    const edges = edgeKeys((await readTarget(store.flags)).edges);
    expect(edges).toEqual([...EDGES_FROM_ALICE[1]!, ...FANS.map((fan) => `${fan}>popular`)].sort());
  });

  it("without a token reads the lists anonymously", async () => {
    const run = await runImport("github", [
      "--api-url",
      source.server.url,
      "--users",
      "alice",
      "--checkpoint",
      checkpoint(),
      ...store.flags,
    ]);
    expect(run.code).toBe(0);
    expect(edgeKeys((await readTarget(store.flags)).edges)).toEqual([...EDGES_FROM_ALICE[1]!].sort());
    const lists = (await controlOf(source).requests()).filter((r) =>
      r.path.startsWith("/users/alice/follow"),
    );
    expect(lists.at(-1)).toMatchObject({ callerId: null, status: 200 });
  });

  it("a bad token is one line and exit 1, with nothing written", async () => {
    const run = await runImport("github", [
      "--api-url",
      source.server.url,
      "--token",
      "not-a-token",
      "--users",
      "alice",
      "--checkpoint",
      checkpoint(),
      ...store.flags,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n").at(-1)).toMatch(/^follow-graph import github: Bad credentials/);
    expect((await readTarget(store.flags)).edges).toEqual([]);
  });

  it("an unknown starting user is named, exit 1", async () => {
    const run = await github(source.server.url, "alice,nobody-here");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no user 'nobody-here' on github at ${source.server.url}`);
  });
});

describe("import github against a spent primary rate limit", () => {
  let limited: RunningServer;
  beforeAll(async () => {
    // Root may make 4 requests an hour: the 403 with X-RateLimit-Remaining: 0 resets far
    // beyond --max-wait, so the import stops, keeping what it did.
    const parsed = parseEnv({
      PORT: "0",
      HOST: "127.0.0.1",
      ROOT_TOKEN: source.rootToken,
      PGLITE_DATA_DIR: "memory://",
      FOLLOW_GRAPH_CONTROL: "1",
      GITHUB_RATE_LIMIT: "4",
    });
    if (!parsed.ok) throw new Error(parsed.reason);
    limited = await startServer(parsed.env);
    await limited.control!.loadFixtures(SOURCE_FIXTURE);
  });
  afterAll(() => limited.stop());

  it("stops with one line naming when the limit resets, the checkpoint kept to resume", async () => {
    const file = checkpoint();
    const run = await runImport("github", [
      "--api-url",
      limited.url,
      "--token",
      source.rootToken,
      "--users",
      "alice",
      "--depth",
      "2",
      "--max-wait",
      "5",
      "--checkpoint",
      file,
      ...store.flags,
    ]);
    expect(run.code).toBe(1);
    const last = run.stderr.trim().split("\n").at(-1)!;
    expect(last).toMatch(
      new RegExp(
        `^follow-graph import github: the rate limit of ${limited.url} is spent until \\d{4}-\\d\\d-\\d\\dT`,
      ),
    );
    expect(last).toContain(`progress kept in ${file}: rerun the same command to continue`);
    // 4 requests: alice looked up, her two lists, then carol's (the first met) followers; her
    // following is refused, so alice alone is done, and the edges to her, whose followers list brings
    // them; alice > erin waits for erin's (walked at depth 2).
    const kept = JSON.parse(readFileSync(file, "utf8"));
    expect(kept.done).toEqual(["alice"]);
    expect(kept.queue.map((q: { login: string }) => q.login)).toEqual(["carol", "dave", "bob", "erin"]);
    const { edges } = await readTarget(store.flags);
    expect(edgeKeys(edges)).toEqual(["bob>alice", "carol>alice", "dave>alice"]);
  });
});
