// follow-graph import gitlab against a second instance of this server playing GitLab
// (/api/v4), through @gitbeaker/rest: the edges each depth brings, past one page, the source's
// usernames and ids kept, 429s and 503s waited out as Retry-After says, and the target given
// as a running server (--to-url, since --url is the GitLab) or as a store named as serve names
// it. Stores on the engine under test (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../src/emulator.ts";
import {
  controlOf,
  createTargetStore,
  EDGES_FROM_ALICE,
  edgeKeys,
  FANS,
  readTarget,
  runImport,
  sourceIds,
  startSource,
  startTarget,
} from "./import-live-source.ts";
import { runBin } from "./run-bin.ts";

let source: Emulator;
let ids: Map<string, number>;
let target: Awaited<ReturnType<typeof startTarget>>;
const scratch = mkdtempSync(join(tmpdir(), "follow-graph-import-gitlab-"));
const checkpoint = () => join(scratch, `checkpoint-${Math.random().toString(36).slice(2)}.json`);
/** The running target as import gitlab names it. */
const toTarget = () => ["--to-url", target.emulator.server.url, "--root-token", target.emulator.rootToken];

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

const gitlab = (users: string, extra: string[] = [], into = toTarget()) =>
  runImport("gitlab", [
    "--url",
    source.server.url,
    "--token",
    source.rootToken,
    "--users",
    users,
    "--checkpoint",
    checkpoint(),
    ...into,
    ...extra,
  ]);

describe("import gitlab", () => {
  for (const depth of [1, 2, 3])
    it(`from alice to depth ${depth} brings the edges touching every user within ${depth - 1} steps`, async () => {
      const run = await gitlab("alice", ["--depth", String(depth)]);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(`to the server at ${target.emulator.server.url}`);
      const { edges } = await readTarget(target.flags);
      expect(edgeKeys(edges)).toEqual([...EDGES_FROM_ALICE[depth]!].sort());
    });

  it("reads lists past one page and keeps each user's GitLab username and id as its identity", async () => {
    expect((await gitlab("popular,alice")).code).toBe(0);
    const { edges, users } = await readTarget(target.flags);
    expect(
      edges
        .filter((e) => e.followee === "popular")
        .map((e) => e.follower)
        .sort(),
    ).toEqual(FANS);
    const met = users.filter((u) => u.identities?.gitlab);
    expect(met).toHaveLength(FANS.length + 6);
    for (const user of met)
      expect(user.identities!.gitlab).toEqual({ username: user.login, id: ids.get(user.login) });
    expect(users.find((u) => u.login === "alice")!.name).toBe("Alice Liddell");
  });

  it("waits out 429s and a 503 as their Retry-After says, then completes", async () => {
    const control = controlOf(source);
    await control.clearRequests();
    await control.injectFault({
      status: 429,
      count: 2,
      retryAfter: 1,
      route: "GET /api/v4/users/*/followers",
    });
    await control.injectFault({
      status: 503,
      count: 1,
      retryAfter: 1,
      route: "GET /api/v4/users/*/following",
    });
    const started = Date.now();
    const run = await gitlab("alice");
    expect(run.code).toBe(0);
    expect(
      run.stderr.match(/waiting 1 s \(429 on GET \/api\/v4\/users\/\d+\/followers, retry \d\)/g),
    ).toHaveLength(2);
    expect(run.stderr).toMatch(/waiting 1 s \(503 on GET \/api\/v4\/users\/\d+\/following, retry 1\)/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    const lists = (await control.requests()).filter((r) => /\/api\/v4\/users\/\d+\/follow/.test(r.path));
    expect(lists.map((r) => r.status)).toEqual([429, 429, 200, 503, 200]);
    expect(edgeKeys((await readTarget(target.flags)).edges)).toEqual([...EDGES_FROM_ALICE[1]!].sort());
  });

  it("gives up on a Retry-After beyond --max-wait with one line, the checkpoint kept", async () => {
    await controlOf(source).injectFault({
      status: 429,
      retryAfter: 120,
      route: "GET /api/v4/users/*/followers",
    });
    const run = await gitlab("alice", ["--max-wait", "10"]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n").at(-1)).toMatch(
      new RegExp(
        `^follow-graph import gitlab: ${source.server.url} kept answering 429 .*rerun the same command to continue\\)$`,
      ),
    );
  });

  it("writes into a store named as serve names it", async () => {
    const store = await createTargetStore();
    try {
      const run = await gitlab("alice", ["--depth", "2", "--root-token", "target-root-token"], store.flags);
      expect(run.code).toBe(0);
      expect(edgeKeys((await readTarget(store.flags)).edges)).toEqual([...EDGES_FROM_ALICE[2]!].sort());
    } finally {
      await store.drop();
    }
  });

  it("refuses a bad token, a missing --url and --url given twice with one line each", async () => {
    const bad = await runImport("gitlab", [
      "--url",
      source.server.url,
      "--token",
      "nope",
      "--users",
      "alice",
      "--checkpoint",
      checkpoint(),
      ...toTarget(),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split("\n").at(-1)).toBe("follow-graph import gitlab: 401 Unauthorized");
    await expect(runImport("gitlab", ["--token", "t", "--users", "alice"])).rejects.toThrow(
      "import gitlab needs the GitLab's address: --url URL",
    );
    await expect(runImport("gitlab", ["--url", source.server.url, "--token", "t"])).rejects.toThrow(
      "name the users to start from: --users a,b or --users-file F",
    );
    await expect(runImport("gitlab", ["--url", "ftp://x", "--token", "t", "--users", "a"])).rejects.toThrow(
      "--url must be an absolute http(s) URL (not 'ftp://x')",
    );
    await expect(
      runImport("gitlab", ["--url", source.server.url, "--token", "t", "--users", "a", "--depth", "0"]),
    ).rejects.toThrow("--depth must be a whole number, 1 or more (not '0')");
  });
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("the bin's import gitlab", () => {
  it("answers a bad command line with its reason and usage, exit 2, and --help with the usage, exit 0", async () => {
    const refused = await runBin(["import", "gitlab", "--token", "t", "--users", "alice"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.split("\n")[0]).toBe("import gitlab needs the GitLab's address: --url URL");
    expect(refused.stderr).toContain("usage: follow-graph import gitlab --url URL --token T");
    const help = await runBin(["import", "gitlab", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--to-url URL --root-token T               a running server");
  });
});
