import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@follow-graph/core";
import { createScratchDatabase, rowsOf, sql } from "@follow-graph/core/testing";
import { Gitlab } from "@gitbeaker/rest";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/emulator.ts";
import type { ImportedEdge, ImportedUser } from "../src/migration/contracts.ts";
import { openTarget, type TargetFlags } from "../src/migration/open-target.ts";
import { packageDir, type Result, runBin } from "./run-bin.ts";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const scratch = mkdtempSync(join(tmpdir(), "fg-import-command-"));

/** The bin from source with `input` on its stdin. */
function runBinWithInput(args: string[], input: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", `${packageDir}src/bin.ts`, ...args], {
      cwd: packageDir,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c;
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c;
    });
    child.once("exit", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

const file = (name: string, text: string) => {
  const path = join(scratch, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
};

// The source: a server playing GitHub and GitLab, whose lists the published clients read.
const SOURCE_FOLLOWS = [
  ["ann", "star", "2024-01-01T00:00:00Z"],
  ["cid", "star", "2024-02-01T00:00:00Z"],
  ["bea", "star", "2024-03-01T00:00:00Z"],
  ["dot", "star", "2024-04-01T00:00:00Z"],
  ["ann", "bea", "2024-05-01T00:00:00Z"],
  ["ann", "dot", "2024-06-01T00:00:00Z"],
] as const;

describe("follow-graph import (the bin)", () => {
  let source: Awaited<ReturnType<typeof startEmulator>>;
  let store: TargetFlags;
  let storeArgs: string[];
  let dropStore: (() => Promise<void>) | undefined;
  let ids: Record<string, number>;

  beforeAll(async () => {
    source = await startEmulator({
      rootToken: "source-root-token",
      fixtures: {
        users: ["star", "ann", "bea", "cid", "dot"].map((username) => ({
          username,
          name: `${username.toUpperCase()} X`,
        })),
        follows: SOURCE_FOLLOWS.map(([follower, followee, createdAt]) => ({ follower, followee, createdAt })),
      },
    });
    ids = Object.fromEntries((await source.control.state()).users.map((u) => [u.username, u.id]));
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (serverUrl) {
      const database = await createScratchDatabase(serverUrl);
      dropStore = database.drop;
      store = { databaseUrl: database.url };
      storeArgs = ["--database-url", database.url];
    } else {
      store = { dataDir: join(scratch, "store") };
      storeArgs = ["--data-dir", store.dataDir!];
    }
  }, 120_000);
  afterAll(async () => {
    await source?.server.stop();
    await dropStore?.();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** What the store holds now (the bin has exited, so its lock is free). */
  async function stored(): Promise<{ edges: ImportedEdge[]; users: ImportedUser[] }> {
    const target = await openTarget(store, { holder: "the import test", env: {} });
    try {
      const edges: ImportedEdge[] = [];
      const users: ImportedUser[] = [];
      for await (const page of target.readEdges()) edges.push(...page);
      for await (const page of target.readUsers()) users.push(...page);
      return { edges, users };
    } finally {
      await target.close();
    }
  }

  it("imports what gh api --paginate saves, keeping GitHub's ids, logins and list order", async () => {
    const octokit = new Octokit({
      baseUrl: source.coordinates.githubUrl,
      auth: source.rootToken,
      log: quiet,
    });
    // Two entries a page, written back to back as `gh api --paginate` prints them.
    const pages: string[] = [];
    for await (const { data } of octokit.paginate.iterator("GET /users/{username}/followers", {
      username: "star",
      per_page: 2,
    }))
      pages.push(JSON.stringify(data, null, 2));
    expect(pages).toHaveLength(2);
    const followers = file("gh/followers/star.json", pages.join("\n"));
    const { data: annFollowing } = await octokit.rest.users.listFollowingForUser({ username: "ann" });
    const following = file("gh/following/ann.json", JSON.stringify(annFollowing));

    const result = await runBin(["import", "arrays", followers, following, ...storeArgs]);
    // A batch replaces one kind of list: the followers file, then the following one.
    expect(result.stderr).toMatch(/import arrays: batch 1, 4 edges read: 5 users created, 4 edges added/);
    expect(result.stdout).toMatch(
      /^imported into .*: 7 edges read: 5 users created, 6 edges added, 0 removed in [\d.]+ s\n$/,
    );
    expect(result.code).toBe(0);

    // The import refreshed the store's statistics as a seed does: the planner knows the edges.
    const database = await openDatabase(
      store.databaseUrl
        ? { driver: "postgres", url: store.databaseUrl }
        : { driver: "pglite", dataDir: store.dataDir! },
    );
    try {
      const [row] = rowsOf<{ reltuples: number }>(
        await database.db.execute(
          sql`select reltuples::int as reltuples from pg_class where relname = 'follows'`,
        ),
      );
      expect(row?.reltuples).toBe(6);
    } finally {
      await database.close();
    }

    const { edges, users } = await stored();
    const starFollowers = edges
      .filter((e) => e.followee === "star")
      .sort((a, b) => a.at!.getTime() - b.at!.getTime())
      .map((e) => e.follower);
    // GitHub's list order (follow time, oldest first) is the order of the imported follow times.
    expect(starFollowers).toEqual(["ann", "cid", "bea", "dot"]);
    expect(
      edges
        .filter((e) => e.follower === "ann")
        .map((e) => e.followee)
        .sort(),
    ).toEqual(["bea", "dot", "star"]);
    expect(users.find((u) => u.login === "cid")).toEqual({
      login: "cid",
      name: "cid",
      identities: { github: { login: "cid", id: ids.cid } },
    });
  }, 120_000);

  it("imports GitLab's follower arrays, keeping GitLab's ids; overwrite replaces the list", async () => {
    const gitlab = new Gitlab({ host: source.coordinates.url, token: source.rootToken });
    await source.control.unfollow("bea", "star");
    const starFollowers = await gitlab.Users.allFollowers(ids.star!);
    const path = file("lab/star.json", JSON.stringify(starFollowers));
    const result = await runBin([
      "import",
      "arrays",
      path,
      "--list",
      "followers",
      "--mode",
      "overwrite",
      ...storeArgs,
    ]);
    expect(result.stdout).toMatch(/: 3 edges read: 0 users created, 0 edges added, 1 removed in/);
    expect(result.code).toBe(0);
    const { edges, users } = await stored();
    expect(
      edges
        .filter((e) => e.followee === "star")
        .map((e) => e.follower)
        .sort(),
    ).toEqual(["ann", "cid", "dot"]);
    expect(users.find((u) => u.login === "dot")?.identities).toEqual({
      github: { login: "dot", id: ids.dot },
      gitlab: { username: "dot", id: ids.dot },
    });
  }, 120_000);

  it("imports a Mastodon follows export for --user, and NDJSON from stdin", async () => {
    const csv = file(
      "following_accounts.csv",
      "Account address,Show boosts,Notify on new posts,Languages\nstar@example.social,true,false,\nnew.one@example.social,true,false,\n",
    );
    const mastodon = await runBin(["import", "mastodon", csv, "--user", "cid", ...storeArgs]);
    expect(mastodon.stdout).toMatch(/: 2 edges read: 1 users created, 1 edges added, 0 removed/);
    expect(mastodon.code).toBe(0);

    const ndjson = await runBinWithInput(
      // The repeated edge is bad input (issue 16): skipped, the first line's time kept.
      ["import", "ndjson", "-", "--on-error", "skip", ...storeArgs],
      '{"follower":"new.one","followee":"ann","at":"2020-02-02T02:02:02Z"}\n{"follower":"new.one","followee":"ann"}\n',
    );
    expect(ndjson.stderr).toContain("stdin:2: 'new.one' follows 'ann' again (first at stdin:1) (skipped)");
    expect(ndjson.stdout).toMatch(
      /: 1 edges read: 0 users created, 1 edges added, 0 removed; 1 bad records skipped/,
    );
    expect(ndjson.code).toBe(0);
    const { edges } = await stored();
    expect(edges.find((e) => e.follower === "new.one")?.at?.toISOString()).toBe("2020-02-02T02:02:02.000Z");
    expect(
      edges
        .filter((e) => e.follower === "cid")
        .map((e) => e.followee)
        .sort(),
    ).toEqual(["new.one", "star"]);
  }, 120_000);

  it("a bad line exits 1 naming stdin:line and stores nothing of its batch", async () => {
    const before = (await stored()).edges.length;
    const bad = await runBinWithInput(
      ["import", "ndjson", "-", ...storeArgs],
      '{"follower":"zed","followee":"ann"}\n{"follower":"zed","followee":"ann.git"}\n',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      "follow-graph import ndjson: stdin:2: followee 'ann.git' ends in .git or .atom (nothing was stored)",
    );
    expect((await stored()).edges.length).toBe(before);
  }, 120_000);

  it("imports into a running server through its control API with --url and --root-token", async () => {
    const path = file(
      "remote.ndjson",
      '{"follower":"star","followee":"ann"}\n{"follower":"remote","followee":"star"}\n',
    );
    const result = await runBin([
      "import",
      "ndjson",
      path,
      "--url",
      source.server.url,
      "--root-token",
      source.rootToken,
    ]);
    expect(result.stdout).toMatch(
      /^imported into the server at http:\/\/127\.0\.0\.1:\d+: 2 edges read: 1 users created, 2 edges added/,
    );
    expect(result.code).toBe(0);
    const state = await source.control.state();
    expect(
      state.follows
        .filter((f) => f.follower === "remote" || f.follower === "star")
        .map((f) => `${f.follower}>${f.followee}`)
        .sort(),
    ).toEqual(["remote>star", "star>ann"]);
    const refused = await runBin([
      "import",
      "ndjson",
      path,
      "--url",
      source.server.url,
      "--root-token",
      "wrong-token-x",
    ]);
    expect(refused.stderr).toMatch(/refused root's token \(401\)/);
    expect(refused.code).toBe(1);
  }, 120_000);
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("follow-graph import's command line", () => {
  it("exits 2 with the usage for a bad command line, before opening any store, and 1 for a missing file", async () => {
    const usage: [string[], RegExp][] = [
      [["import", "ndjson"], /^import ndjson needs a file\n\nusage: follow-graph import ndjson/],
      [["import", "ndjson", "x", "--mode", "replace"], /^--mode must be merge or overwrite \('replace'\)/],
      [["import", "mastodon", "x.csv"], /^import mastodon needs --user LOGIN/],
      [["import", "tarball"], /^unknown source 'tarball' \(github\|gitlab\|ndjson\|arrays\|mastodon\)/],
      [["import", "arrays", "x.json", "--user", "u"], /^--user is for import mastodon/],
      [
        ["import", "ndjson", "x", "--url", "http://127.0.0.1:1", "--memory"],
        /^--url and --memory are exclusive/,
      ],
    ];
    for (const [args, message] of usage) {
      const result = await runBin(args);
      expect(result.stderr, args.join(" ")).toMatch(message);
      expect(result.code, args.join(" ")).toBe(2);
    }
    const missing = await runBin(["import", "ndjson", join(scratch, "none.ndjson"), "--memory"]);
    expect(missing.stderr).toMatch(/none\.ndjson: cannot be read \(ENOENT\)/);
    expect(missing.code).toBe(1);
  }, 120_000);
});
