import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bootstrapRoot } from "../bootstrap.ts";
import { rowsOf } from "../db/rows.ts";
import { counterDrift, createTestDatabase, sql, type TestDatabase } from "../testing/index.ts";
import { GRAPH_SEQUENCES, GRAPH_TABLES } from "./tables.ts";

const ROOT_TOKEN = "restore-root-token";
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await bootstrapRoot(t.core, ROOT_TOKEN);
});
afterAll(() => t.cleanup());
beforeEach(() => t.core.emulator.resetGraph());

const PNG = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  ),
);

/** Every graph table's rows (and the sequences) as one digest each: equal only if every row is. */
async function tableDigests(): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const name of GRAPH_TABLES) {
    const [row] = rowsOf<{ digest: string }>(
      await t.database.db.execute(
        sql`select md5(coalesce(string_agg(r::text, E'\n' order by r::text), '')) as digest from ${sql.raw(name)} r`,
      ),
    );
    digests[name] = row!.digest;
  }
  for (const name of GRAPH_SEQUENCES) {
    const [row] = rowsOf<{ at: string }>(
      await t.database.db.execute(sql`select last_value || '/' || is_called as at from ${sql.raw(name)}`),
    );
    digests[name] = row!.at;
  }
  return digests;
}

async function loadGraph() {
  const result = await t.core.emulator.loadFixtures({
    users: [
      { username: "alice", token: "alice-secret-1" },
      { username: "bob", token: "bob-secret-1" },
      { username: "carol" },
      { username: "dave", private: true },
    ],
    follows: [
      ["alice", "bob"],
      ["bob", "alice"],
      ["carol", "alice"],
      { follower: "dave", followee: "bob", createdAt: "2024-05-01T10:00:00.123456Z" },
    ],
  });
  if (!result.ok) throw new Error(result.problems.join("\n"));
  const [alice, bob, carol, dave] = result.loaded.users.map((u) => u.id) as [number, number, number, number];
  await t.core.blocks.block(carol, dave);
  await t.core.avatars.setAvatar(alice, PNG, "http://localhost");
  return { alice, bob, carol, dave };
}

describe("restoreGraph writes only the difference", () => {
  it("undoes changes to every table: users, counters, tokens, follows, blocks and avatars", async () => {
    const { alice, bob, carol, dave } = await loadGraph();
    const state = await t.core.emulator.graphState();
    const digests = await tableDigests();
    const snapshot = await t.core.emulator.snapshotGraph();

    // users: one renamed, one dropped (its rows in every other table go with it), one added.
    await t.database.db.execute(sql`update users set name = 'Bob Renamed', bio = 'new' where id = ${bob}`);
    const erin = await t.core.users.createUser({ username: "erin", name: "E", email: "e@example.com" });
    await t.database.db.execute(sql`delete from users where id = ${dave}`);
    // follows and counters: one edge gone, two new.
    await t.core.follows.unfollow(alice, bob);
    await t.core.follows.follow(erin.id, alice);
    await t.core.follows.follow(alice, carol);
    // tokens: one revoked, one minted.
    const [aliceToken] = rowsOf<{ id: number }>(
      await t.database.db.execute(sql`select id from tokens where user_id = ${alice}`),
    );
    await t.core.tokens.revokeToken(Number(aliceToken!.id));
    await t.core.tokens.createToken(carol, { name: "later", scopes: ["api"], secret: "carol-secret-9" });
    // blocks and avatars: carol's block of dave went with dave; one of each added, one avatar removed.
    await t.core.blocks.block(bob, erin.id);
    await t.database.db.execute(sql`delete from user_avatars where user_id = ${alice}`);
    await t.core.avatars.setAvatar(bob, PNG, "http://localhost");
    expect(await tableDigests()).not.toEqual(digests);

    await t.core.emulator.restoreGraph(snapshot);
    expect(await tableDigests()).toEqual(digests);
    expect(await t.core.emulator.graphState()).toEqual(state);
    expect(await counterDrift(t.database.db)).toEqual([]);
    expect((await t.core.tokens.resolveToken("alice-secret-1")).status).toBe("valid");
    expect((await t.core.tokens.resolveToken("carol-secret-9")).status).toBe("unknown");
    expect((await t.core.users.createUser({ username: "frank", name: "F", email: "f@example.com" })).id).toBe(
      erin.id,
    );
  });

  it("restores after a reset (every row differs) and after nothing changed at all", async () => {
    await loadGraph();
    const digests = await tableDigests();
    const snapshot = await t.core.emulator.snapshotGraph();
    await t.core.emulator.restoreGraph(snapshot);
    expect(await tableDigests()).toEqual(digests);
    await t.core.emulator.resetGraph();
    await t.core.emulator.restoreGraph(snapshot);
    expect(await tableDigests()).toEqual(digests);
    expect(await counterDrift(t.database.db)).toEqual([]);
  });

  it("falls back to a whole rewrite when two users swapped usernames since the snapshot", async () => {
    const { alice, bob } = await loadGraph();
    const digests = await tableDigests();
    const snapshot = await t.core.emulator.snapshotGraph();
    await t.database.db.execute(sql`update users set username = 'swap' where id = ${alice}`);
    await t.database.db.execute(sql`update users set username = 'alice' where id = ${bob}`);
    await t.database.db.execute(sql`update users set username = 'bob' where id = ${alice}`);
    await t.core.emulator.restoreGraph(snapshot);
    expect(await tableDigests()).toEqual(digests);
  });
});
