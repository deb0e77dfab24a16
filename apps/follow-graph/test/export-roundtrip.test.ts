// What export writes, import reads back: a graph exported as NDJSON, or as either dialect's
// per-user arrays, and imported into an empty store holds the same edges (NDJSON also the same
// follow times). On PGlite data directories, or PostgreSQL scratch databases with TEST_DATABASE_URL.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
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
      return JSON.stringify(withTimes ? { follower, followee, at } : { follower, followee });
    })
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
}, 120_000);
afterAll(async () => {
  for (const store of stores) await store.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe("export, then import into an empty store", () => {
  it(
    "NDJSON: the same edges with the same follow times",
    async () => {
      const file = join(dir, "edges.ndjson");
      succeeded(await runBin(["export", "--as", "ndjson", "--out", file, ...source.flags]));
      const target = await newStore("from-ndjson");
      succeeded(await runBin(["import", "ndjson", file, ...target.flags]));
      const expected = await edgesOf(source, true);
      expect(expected.length).toBeGreaterThan(1_900);
      expect(await edgesOf(target, true)).toEqual(expected);
    },
    PROCESSES,
  );

  it.each(["github", "gitlab"] as const)(
    "%s arrays: followers/<login>.json read back as each user's followers give the same edges",
    async (dialect) => {
      const out = join(dir, dialect);
      succeeded(await runBin(["export", "--as", dialect, "--out", out, ...source.flags]));
      const files = readdirSync(join(out, "followers")).map((name) => join(out, "followers", name));
      expect(files.length).toBe(141);
      const popular = JSON.parse(readFileSync(join(out, "followers", "seed-2.json"), "utf8"));
      expect(popular).toHaveLength(126); // its 125 seeded followers and root
      const target = await newStore(`from-${dialect}`);
      succeeded(await runBin(["import", "arrays", ...files, ...target.flags]));
      expect(await edgesOf(target, false)).toEqual(await edgesOf(source, false));
    },
    PROCESSES,
  );
});
