import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type GraphState, isStartupError } from "@follow-graph/core";
import {
  counterDrift,
  createScratchDatabase,
  createTestDatabase,
  type TestDatabase,
} from "@follow-graph/core/testing";
import { parseEnv, startServer } from "@follow-graph/gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/emulator.ts";
import type { GraphTarget, ImportedEdge } from "../src/migration/contracts.ts";
import { openControlTarget } from "../src/migration/control-target.ts";
import { readArrays } from "../src/migration/import-files/arrays.ts";
import { importUnits } from "../src/migration/import-files/batches.ts";
import { readNdjson } from "../src/migration/import-files/ndjson.ts";
import { openTarget } from "../src/migration/open-target.ts";
import { storeTarget } from "../src/migration/store-target.ts";

const scratch = mkdtempSync(join(tmpdir(), "fg-import-targets-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A graph of `users` users and `edges` distinct edges, deterministic, as NDJSON sorted by follower. */
function ndjsonGraph(name: string, users: number, edges: number): { path: string; edges: string[] } {
  const pairs: string[] = [];
  for (let f = 0; pairs.length < edges; f++)
    for (let k = 1; k <= 40 && pairs.length < edges; k++) pairs.push(`u${f % users}>u${(f + k * 7) % users}`);
  const unique = [...new Set(pairs.filter((p) => p.split(">")[0] !== p.split(">")[1]))];
  unique.sort((a, b) => Number(a.split(">")[0]!.slice(1)) - Number(b.split(">")[0]!.slice(1)));
  const path = join(scratch, name);
  writeFileSync(
    path,
    unique
      .map((p) => `${JSON.stringify({ follower: p.split(">")[0], followee: p.split(">")[1] })}\n`)
      .join(""),
  );
  return { path, edges: unique };
}

async function allEdges(target: GraphTarget, users?: string[]): Promise<ImportedEdge[]> {
  const edges: ImportedEdge[] = [];
  for await (const page of target.readEdges(users ? { users } : {})) edges.push(...page);
  return edges;
}
const names = (edges: ImportedEdge[]) => edges.map((e) => `${e.follower}>${e.followee}`).sort();

/** The counters the state shows agree with its follows (every user here is active). */
function expectStateCountersExact(state: GraphState) {
  for (const user of state.users) {
    expect(user.followers, user.username).toBe(
      state.follows.filter((f) => f.followee === user.username).length,
    );
    expect(user.following, user.username).toBe(
      state.follows.filter((f) => f.follower === user.username).length,
    );
  }
}

describe("importing into a store", () => {
  let t: TestDatabase;
  let target: GraphTarget;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.core.users.ensureRoot();
    target = storeTarget(t.core, t.database, "the test store");
  });
  afterAll(() => t.cleanup());

  it("writes 12,000 edges in batches of 5,000 with exact counters, and merging again adds nothing", async () => {
    const graph = ndjsonGraph("big.ndjson", 400, 12_000);
    const batches: number[] = [];
    const totals = await importUnits(target, readNdjson(graph.path, false), "merge", {
      batchEdges: 5000,
      onBatch: (t) => batches.push(t.edgesRead),
    });
    expect(totals).toMatchObject({ usersCreated: 400, edgesAdded: graph.edges.length, edgesRemoved: 0 });
    expect(batches).toEqual([5000, 10_000, graph.edges.length]);
    expect(names(await allEdges(target))).toEqual([...graph.edges].sort());
    expect(await counterDrift(t.database.db)).toEqual([]);
    const again = await importUnits(target, readNdjson(graph.path, true), "merge", { batchEdges: 5000 });
    expect(again).toMatchObject({
      usersCreated: 0,
      edgesAdded: 0,
      edgesRemoved: 0,
      edgesRead: graph.edges.length,
    });
  });

  it("overwrite replaces each list the files hold whole, across batches, and only those", async () => {
    const followers = join(scratch, "followers");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(followers, { recursive: true });
    const owner = join(followers, "star.json");
    writeFileSync(
      owner,
      JSON.stringify(Array.from({ length: 30 }, (_, i) => ({ login: `fan${i}`, id: 1000 + i }))),
    );
    const other = join(followers, "other.json");
    writeFileSync(other, JSON.stringify([{ login: "fan1", id: 1001 }]));
    await importUnits(target, readArrays([owner, other], undefined), "merge", { batchEdges: 7 });
    writeFileSync(
      owner,
      JSON.stringify(Array.from({ length: 12 }, (_, i) => ({ login: `fan${i * 3}`, id: 1000 + i * 3 }))),
    );
    // Batches of 5 edges: the list of star arrives whole in one batch anyway.
    const totals = await importUnits(target, readArrays([owner], undefined), "overwrite", { batchEdges: 5 });
    expect(totals).toMatchObject({ usersCreated: 2, edgesAdded: 2, edgesRemoved: 20, batches: 1 });
    expect(names(await allEdges(target, ["star"]))).toEqual(
      Array.from({ length: 12 }, (_, i) => `fan${i * 3}>star`).sort(),
    );
    expect(names(await allEdges(target, ["other"]))).toEqual(["fan1>other"]);
    expect(await counterDrift(t.database.db)).toEqual([]);
    const users = [];
    for await (const page of target.readUsers({ users: ["fan3"] })) users.push(...page);
    expect(users).toEqual([
      { login: "fan3", name: "fan3", identities: { github: { login: "fan3", id: 1003 } } },
    ]);
  });

  it("a refused batch stores nothing and names the file and line; the batches before it stay", async () => {
    const lines = Array.from({ length: 9 }, (_, i) =>
      JSON.stringify({ follower: `r${i}`, followee: "target" }),
    );
    lines.push(JSON.stringify({ follower: "bad login", followee: "target" }));
    const path = join(scratch, "refused.ndjson");
    writeFileSync(path, `${lines.join("\n")}\n`);
    const error = await importUnits(target, readNdjson(path, false), "merge", { batchEdges: 5 }).catch(
      (e) => e,
    );
    expect(error.message).toBe(`${path}:10: follower 'bad login' is not a valid username`);
    expect(names(await allEdges(target, ["target"]))).toEqual([
      "r0>target",
      "r1>target",
      "r2>target",
      "r3>target",
      "r4>target",
    ]);
    expect(await counterDrift(t.database.db)).toEqual([]);
  });

  it("round-trips: the edges read back as NDJSON import into another store unchanged, times included", async () => {
    const copy = await createTestDatabase();
    try {
      const edges = await allEdges(target);
      const path = join(scratch, "export.ndjson");
      writeFileSync(
        path,
        edges
          .map(
            (e) =>
              `${JSON.stringify({ follower: e.follower, followee: e.followee, at: e.at?.toISOString() })}\n`,
          )
          .join(""),
      );
      const into = storeTarget(copy.core, copy.database, "the copy");
      await importUnits(into, readNdjson(path, true), "overwrite", { batchEdges: 5000 });
      const key = (e: ImportedEdge) => `${e.follower}>${e.followee}@${e.at?.toISOString()}`;
      expect((await allEdges(into)).map(key).sort()).toEqual(edges.map(key).sort());
      expect(await counterDrift(copy.database.db)).toEqual([]);
    } finally {
      await copy.cleanup();
    }
  });
});

describe("importing into a running server through its control API", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let dropDatabase: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const serverUrl = process.env.TEST_DATABASE_URL;
    const database = serverUrl ? await createScratchDatabase(serverUrl) : undefined;
    dropDatabase = database?.drop;
    emulator = await startEmulator({
      rootToken: "import-root-token",
      ...(database ? { databaseUrl: database.url } : {}),
    });
  });
  afterAll(async () => {
    await emulator?.server.stop();
    await dropDatabase?.();
  });

  it("imports batches in the server's own store, reads them back, and refuses bad ones by file:line", async () => {
    const target = openControlTarget(emulator.server.url, emulator.rootToken);
    const graph = ndjsonGraph("remote.ndjson", 50, 1200);
    const totals = await importUnits(target, readNdjson(graph.path, true), "merge", { batchEdges: 500 });
    expect(totals).toMatchObject({ usersCreated: 50, edgesAdded: graph.edges.length, batches: 3 });
    expect(names(await allEdges(target))).toEqual([...graph.edges].sort());
    const state = await emulator.control.state();
    expect(state.follows).toHaveLength(graph.edges.length);
    expectStateCountersExact(state);

    const overwritten = join(scratch, "remote-overwrite.ndjson");
    writeFileSync(overwritten, '{"follower":"u0","followee":"newcomer","at":"2023-03-03T03:03:03Z"}\n');
    const replaced = await importUnits(target, readNdjson(overwritten, true), "overwrite", {
      batchEdges: 500,
    });
    const u0Before = graph.edges.filter((e) => e.startsWith("u0>")).length;
    expect(replaced).toMatchObject({ usersCreated: 1, edgesAdded: 1, edgesRemoved: u0Before });
    const u0 = (await allEdges(target, ["u0"])).filter((e) => e.follower === "u0");
    expect(u0.map((e) => [e.followee, e.at?.toISOString()])).toEqual([
      ["newcomer", "2023-03-03T03:03:03.000Z"],
    ]);
    expectStateCountersExact(await emulator.control.state());

    const bad = join(scratch, "remote-bad.ndjson");
    writeFileSync(bad, '{"follower":"u1","followee":"u2"}\n{"follower":"u1","followee":"a b"}\n');
    const error = await importUnits(target, readNdjson(bad, false), "merge", { batchEdges: 500 }).catch(
      (e) => e,
    );
    expect(error.message).toMatch(
      new RegExp(
        `^${bad}:2: the server at http://127\\.0\\.0\\.1:\\d+ answered 422: followee 'a b' is not a valid username$`,
      ),
    );
  });

  it("says plainly when the token is not root's or the server has no control API", async () => {
    const wrong = openControlTarget(emulator.server.url, "not-the-root-token");
    await expect(wrong.importBatch({ users: [], edges: [] }, "merge")).rejects.toThrow(
      /the server at http:\/\/127\.0\.0\.1:\d+ refused root's token \(401\)/,
    );
    const parsed = parseEnv({ PORT: "0", ROOT_TOKEN: "plain-root-token", PGLITE_DATA_DIR: "memory://" });
    if (!parsed.ok) throw new Error(parsed.reason);
    const plain = await startServer(parsed.env);
    try {
      const target = openControlTarget(plain.url, "plain-root-token");
      await expect(target.importBatch({ users: [], edges: [] }, "merge")).rejects.toThrow(
        "does not serve the control API's migration routes (start it with --control)",
      );
    } finally {
      await plain.stop();
    }
    await expect(openTarget({ url: "http://127.0.0.1:1" }, { holder: "t", env: {} })).rejects.toThrow(
      "--url needs root's token",
    );
    await expect(openTarget({ url: "http://x", memory: true }, { holder: "t", env: {} })).rejects.toThrow(
      "--url and --memory are exclusive",
    );
  });
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("an embedded store a running server holds", () => {
  it("is refused with one line naming the server, and the way through it", async () => {
    const dataDir = join(scratch, "held");
    const parsed = parseEnv({
      PORT: "0",
      ROOT_TOKEN: "held-root-token",
      PGLITE_DATA_DIR: dataDir,
      PGLITE_DURABILITY: "relaxed",
    });
    if (!parsed.ok) throw new Error(parsed.reason);
    const server = await startServer(parsed.env);
    try {
      const error = await openTarget({ dataDir }, { holder: "follow-graph import ndjson", env: {} }).catch(
        (e) => e,
      );
      expect(isStartupError(error)).toBe(true);
      expect(error.message).toMatch(
        new RegExp(
          `^the PGlite data directory ${dataDir} is in use by the follow-graph server on ${server.url}.*: stop it, or reach the graph through it with --url and --root-token$`,
        ),
      );
      expect(error.message).not.toContain("\n");
    } finally {
      await server.stop();
    }
  }, 120_000);
});
