// `follow-graph export` from source, on a store named by its flags (PGlite data directory, or
// PostgreSQL with TEST_DATABASE_URL) and on a running server through --url: what it writes,
// what it says on stderr, its refusals and exit statuses.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bootstrapRoot, graphState, ROOT_USER_ID, seedGraph } from "@follow-graph/core";
import { parseEnv, type RunningServer, startServer } from "@follow-graph/gateway";
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore, freePort, type TestStore } from "./export-store.ts";
import { runBin, startBin } from "./run-bin.ts";

const PROCESSES = 120_000;
const ROOT_TOKEN = "export-command-root-token";
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const dir = mkdtempSync(join(tmpdir(), "follow-graph-export-"));
let store: TestStore;
/** The graph's edges as the export writes them, from the core's own state. */
let expectedEdges: { follower: string; followee: string; at: string }[];
let someone: string;

beforeAll(async () => {
  store = await createTestStore(dir, "store");
  const { database, core } = await store.open();
  await bootstrapRoot(core, ROOT_TOKEN);
  const seeded = await seedGraph(database.db, { users: 120, edges: 2_600, popular: 110, randomSeed: 5 });
  await core.follows.follow(ROOT_USER_ID, seeded.firstUserId + 1);
  someone = (await core.users.findUser(seeded.firstUserId + 1))!.username;
  const state = await graphState({ db: database.db });
  expectedEdges = state.follows.map((f) => ({
    follower: f.follower,
    followee: f.followee,
    at: new Date(f.createdAt).toISOString(),
  }));
  await database.close();
}, 120_000);
afterAll(async () => {
  await store?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const byPair = (a: { follower: string; followee: string }, b: { follower: string; followee: string }) =>
  a.follower.localeCompare(b.follower) || a.followee.localeCompare(b.followee);

describe("follow-graph export on a store", () => {
  it(
    "--as ndjson writes every edge once, with its follow time, and says how many on stderr",
    async () => {
      const out = join(dir, "edges.ndjson");
      const result = await runBin(["export", "--as", "ndjson", "--out", out, ...store.flags]);
      expect(result).toMatchObject({ code: 0, stdout: "" });
      expect(result.stderr).toMatch(
        new RegExp(`^export: ${expectedEdges.length} edges as ndjson to ${out} in \\d+\\.\\d s\\n$`, "m"),
      );
      const lines = readFileSync(out, "utf8")
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line))
        // The users' lines come first; the edges follow.
        .filter((line) => "follower" in line);
      expect(lines).toHaveLength(expectedEdges.length);
      expect(Object.keys(lines[0])).toEqual(["follower", "followee", "at"]);
      expect([...lines].sort(byPair)).toEqual([...expectedEdges].sort(byPair));
      // Written beside the name and renamed once whole.
      expect(existsSync(`${out}.partial`)).toBe(false);
    },
    PROCESSES,
  );

  it(
    "--as csv to stdout: a header row, then the same edges; --users keeps those touching the users named",
    async () => {
      const all = await runBin(["export", "--as", "csv", ...store.flags]);
      expect(all.code).toBe(0);
      expect(all.stdout.split("\n")[0]).toBe("follower,followee,at");
      const rows = parseCsv(all.stdout, { columns: true }) as {
        follower: string;
        followee: string;
        at: string;
      }[];
      expect(rows.sort(byPair)).toEqual([...expectedEdges].sort(byPair));

      const some = await runBin([
        "export",
        "--as",
        "csv",
        "--users",
        `root,${someone.toUpperCase()}`,
        ...store.flags,
      ]);
      expect(some.code).toBe(0);
      const touching = expectedEdges.filter((e) =>
        [e.follower, e.followee].some((u) => u === "root" || u === someone),
      );
      expect((parseCsv(some.stdout, { columns: true }) as typeof rows).sort(byPair)).toEqual(
        touching.sort(byPair),
      );
    },
    PROCESSES,
  );

  it(
    "stops quietly with exit 0 when the reader of its stdout goes away, as `| head` does",
    async () => {
      const run = startBin(["export", "--as", "ndjson", ...store.flags]);
      expect(JSON.parse(await run.firstLine())).toHaveProperty("login");
      run.child.stdout!.destroy();
      expect(await run.exited).toBe(0);
      expect(run.output().stderr).not.toMatch(/EPIPE|Error/);
    },
    PROCESSES,
  );

  it(
    "--users naming someone the graph lacks: one line naming them, exit 1, no file written",
    async () => {
      const out = join(dir, "never.ndjson");
      const result = await runBin([
        "export",
        "--as",
        "ndjson",
        "--users",
        `${someone},nobody-here`,
        "--out",
        out,
        ...store.flags,
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toContain("nobody-here");
      expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
    },
    PROCESSES,
  );

  it(
    "--as gitlab --out DIR: a followers and a following file per user, arrays as the routes answer, progress as users done of all",
    async () => {
      const out = join(dir, "gitlab");
      const result = await runBin(["export", "--as", "gitlab", "--out", out, ...store.flags]);
      expect(result.code).toBe(0);
      const users = 121; // root and the seeded ones
      expect(result.stderr).toMatch(
        new RegExp(
          `export: ${users} users' followers and following \\(${2 * expectedEdges.length} entries\\) as gitlab to ${out} in `,
        ),
      );
      expect(readdirSync(join(out, "followers"))).toHaveLength(users);
      expect(readdirSync(join(out, "following"))).toHaveLength(users);
      const following = JSON.parse(readFileSync(join(out, "following", "root.json"), "utf8"));
      expect(following).toHaveLength(1);
      expect(following[0]).toMatchObject({
        username: someone,
        state: "active",
        web_url: `http://127.0.0.1:3000/${someone}`,
      });
    },
    PROCESSES,
  );
});

describe.skipIf(onPostgres)("follow-graph export's refusals", () => {
  it.each([
    [["export"], "export needs --as ndjson|csv|github|gitlab"],
    [["export", "--as", "xml"], "--as must be one of ndjson, csv, github, gitlab (not 'xml')"],
    [["export", "--as", "csv", "--memory"], "unknown option '--memory'"],
    [["export", "--as", "csv", "--users", "a,,b"], "--users must name users, separated by commas"],
    [
      ["export", "--as", "github", "--public-url", "ftp://x"],
      "--public-url must be an absolute http(s) URL ('ftp://x')",
    ],
    [
      [
        "export",
        "--as",
        "github",
        "--url",
        "http://127.0.0.1:9",
        "--root-token",
        "t",
        "--public-url",
        "http://x",
      ],
      "--public-url is for a store: a server names its own",
    ],
    [["export", "--as", "ndjson", "--out", "test"], "--out test is a directory; --as ndjson writes a file"],
    [
      ["export", "--as", "gitlab", "--out", "package.json"],
      "--out package.json is a file; --as gitlab writes a directory",
    ],
  ])("%j: one line saying why, the usage, exit 2", async (args, reason) => {
    const result = await runBin(args);
    expect(result.code).toBe(2);
    const [first, blank, head] = result.stderr.split("\n");
    expect([first, blank]).toEqual([reason, ""]);
    expect(head).toContain("usage: follow-graph export");
  });
});

describe("follow-graph export beside and through a running server", () => {
  let server: RunningServer;
  // The server's links name PUBLIC_URL; the store's export is told the same origin.
  let publicUrl: string;
  beforeAll(async () => {
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    const parsed = parseEnv({
      PORT: String(port),
      HOST: "127.0.0.1",
      ROOT_TOKEN,
      PUBLIC_URL: publicUrl,
      FOLLOW_GRAPH_CONTROL: "1",
      ...store.env,
    });
    if (!parsed.ok) throw new Error(parsed.reason);
    server = await startServer(parsed.env);
  }, 60_000);
  afterAll(() => server?.stop());

  it.skipIf(onPostgres)(
    "refuses the embedded store the server holds, naming the server and the flags that reach it",
    async () => {
      const result = await runBin(["export", "--as", "ndjson", ...store.flags]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toContain(`in use by the follow-graph server on ${server.url}`);
      expect(result.stderr).toContain("--url and --root-token");
    },
    PROCESSES,
  );

  it(
    "--url --root-token: the same edges, and the same github files the store gives once the server is gone",
    async () => {
      const ndjson = await runBin([
        "export",
        "--as",
        "ndjson",
        "--url",
        server.url,
        "--root-token",
        ROOT_TOKEN,
      ]);
      expect(ndjson.code).toBe(0);
      const lines = ndjson.stdout
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line))
        .filter((line) => "follower" in line);
      expect(lines.sort(byPair)).toEqual([...expectedEdges].sort(byPair));

      const viaServer = join(dir, "github-via-server");
      const remote = await runBin([
        "export",
        "--as",
        "github",
        "--users",
        `root,${someone}`,
        "--out",
        viaServer,
        "--url",
        server.url,
        "--root-token",
        ROOT_TOKEN,
      ]);
      expect(remote).toMatchObject({ code: 0 });
      await server.stop();
      const fromStore = join(dir, "github-from-store");
      const local = await runBin([
        "export",
        "--as",
        "github",
        "--users",
        `root,${someone}`,
        "--out",
        fromStore,
        "--public-url",
        publicUrl,
        ...store.flags,
      ]);
      expect(local.code).toBe(0);
      for (const list of ["followers", "following"])
        for (const login of ["root", someone])
          expect(readFileSync(join(fromStore, list, `${login}.json`), "utf8")).toBe(
            readFileSync(join(viaServer, list, `${login}.json`), "utf8"),
          );
      const followers = JSON.parse(readFileSync(join(fromStore, "followers", `${someone}.json`), "utf8"));
      expect(followers.map((u: { login: string }) => u.login).sort()).toEqual(
        expectedEdges
          .filter((e) => e.followee === someone)
          .map((e) => e.follower)
          .sort(),
      );
    },
    PROCESSES,
  );
});
