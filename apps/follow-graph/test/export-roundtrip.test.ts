// What export writes, import reads back. An NDJSON export holds the whole graph (its users, in
// id order, with their names and identities, then every edge with its follow time): imported
// into an empty store it gives a graph whose export is the same bytes, in every --as format.
// The dialects' per-user arrays, imported back, give the same edges (they carry no follow
// times). On PGlite data directories, or PostgreSQL scratch databases with TEST_DATABASE_URL.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bootstrapRoot, ROOT_USER_ID, seedGraph } from "@follow-graph/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore, type TestStore } from "./export-store.ts";
import { type Result, runBin } from "./run-bin.ts";

const PROCESSES = 120_000;
const dir = mkdtempSync(join(tmpdir(), "follow-graph-export-roundtrip-"));
const stores: TestStore[] = [];
let source: TestStore;

async function newStore(name: string): Promise<TestStore> {
  const store = await createTestStore(dir, name);
  stores.push(store);
  return store;
}

function succeeded(result: Result): Result {
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
  return result;
}

/** A store's edges as NDJSON records, sorted: the form two stores' graphs are compared in. */
async function edgesOf(store: TestStore, withTimes: boolean): Promise<string[]> {
  const { stdout } = succeeded(await runBin(["export", "--as", "ndjson", ...store.flags]));
  return stdout
    .trimEnd()
    .split("\n")
    .map((line) => {
      const { follower, followee, at } = JSON.parse(line);
      if (follower === undefined) return undefined;
      return JSON.stringify(withTimes ? { follower, followee, at } : { follower, followee });
    })
    .filter((line) => line !== undefined)
    .sort();
}

beforeAll(async () => {
  source = await newStore("source");
  const { database, core } = await source.open();
  await bootstrapRoot(core, "export-roundtrip-root-token");
  // Past one page of a list (100), so the arrays are the walk of several pages.
  const seeded = await seedGraph(database.db, { users: 140, edges: 1_900, popular: 125, randomSeed: 9 });
  await core.follows.follow(ROOT_USER_ID, seeded.firstUserId);
  await core.follows.follow(seeded.firstUserId + 1, ROOT_USER_ID);
  await database.close();
  // A user with a name and both forges' identities, and one with no edges: both must survive.
  const extra = join(dir, "extra.ndjson");
  writeFileSync(
    extra,
    [
      '{"login":"named-one","name":"Named One","identities":{"github":{"login":"named-one","id":4242},"gitlab":{"username":"named.one","id":77}}}',
      '{"login":"loner"}',
      '{"follower":"named-one","followee":"seed-3","at":"2024-01-02T03:04:05.678Z"}',
    ].join("\n"),
  );
  succeeded(await runBin(["import", "ndjson", extra, ...source.flags]));
}, 120_000);
afterAll(async () => {
  for (const store of stores) await store.drop();
  rmSync(dir, { recursive: true, force: true });
});

let exports = 0;

/** Every file `export --as FORMAT --out …` writes, by its path under the output, with its text. */
async function exportedFiles(store: TestStore, format: string): Promise<Record<string, string>> {
  const out = join(dir, `${format}-${++exports}`);
  succeeded(await runBin(["export", "--as", format, "--out", out, ...store.flags]));
  if (format === "ndjson" || format === "csv") return { [format]: readFileSync(out, "utf8") };
  const files: Record<string, string> = {};
  for (const list of ["followers", "following"])
    for (const name of readdirSync(join(out, list)).sort())
      files[`${list}/${name}`] = readFileSync(join(out, list, name), "utf8");
  return files;
}

describe("round trip: export, import the NDJSON into an empty store, export again", () => {
  // The graph to carry out as imports build one: the seeded source brought in through its own
  // NDJSON. (GitLab's avatar_url is the gravatar of the user's email, which no export carries:
  // an imported user's email is made from its id, so only such users keep theirs.)
  let graph: TestStore;
  let copy: TestStore;
  let seededText: string;
  let graphText: string;
  beforeAll(async () => {
    const seeded = join(dir, "seeded.ndjson");
    succeeded(await runBin(["export", "--as", "ndjson", "--out", seeded, ...source.flags]));
    graph = await newStore("graph");
    succeeded(await runBin(["import", "ndjson", seeded, ...graph.flags]));
    const again = join(dir, "graph.ndjson");
    succeeded(await runBin(["export", "--as", "ndjson", "--out", again, ...graph.flags]));
    copy = await newStore("copy");
    succeeded(await runBin(["import", "ndjson", again, ...copy.flags]));
    seededText = readFileSync(seeded, "utf8");
    graphText = readFileSync(again, "utf8");
  }, 2 * PROCESSES);

  it("NDJSON holds the users, in id order with their names and identities, then the edges with their times", async () => {
    expect(JSON.parse(seededText.split("\n")[0]!)).toMatchObject({ login: "root" });
    expect(seededText).toContain(
      '{"login":"named-one","name":"Named One","identities":{"github":{"login":"named-one","id":4242},"gitlab":{"username":"named.one","id":77}}}\n',
    );
    expect(seededText).toContain('{"login":"loner"}\n');
    expect(await edgesOf(source, true)).toHaveLength(1_903);
    // The seeded graph's export is already the imported one's, byte for byte.
    expect(graphText).toBe(seededText);
  });

  it.each(["ndjson", "csv", "github", "gitlab"])(
    "--as %s: the same bytes from the graph and from its copy",
    async (format) => {
      const [original, again] = await Promise.all([
        exportedFiles(graph, format),
        exportedFiles(copy, format),
      ]);
      if (format === "github" || format === "gitlab") expect(Object.keys(original)).toHaveLength(2 * 143);
      expect(again).toEqual(original);
    },
    PROCESSES,
  );
});

describe("export as a dialect's arrays, then import arrays into an empty store", () => {
  it.each(["github", "gitlab"] as const)(
    "%s arrays: followers/<login>.json read back as each user's followers give the same edges",
    async (dialect) => {
      const out = join(dir, dialect);
      succeeded(await runBin(["export", "--as", dialect, "--out", out, ...source.flags]));
      const files = readdirSync(join(out, "followers")).map((name) => join(out, "followers", name));
      expect(files.length).toBe(143);
      const popular = JSON.parse(readFileSync(join(out, "followers", "seed-2.json"), "utf8"));
      expect(popular).toHaveLength(126); // its 125 seeded followers and root
      const target = await newStore(`from-${dialect}`);
      succeeded(await runBin(["import", "arrays", ...files, ...target.flags]));
      expect(await edgesOf(target, false)).toEqual(await edgesOf(source, false));
    },
    PROCESSES,
  );
});
