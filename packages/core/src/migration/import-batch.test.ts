import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetGraph } from "../emulator/reset.ts";
import { isDomainError } from "../errors/domain-error.ts";
import { counterDrift, createTestDatabase, rowsOf, type TestDatabase } from "../testing/index.ts";
import { selectEdgePage, selectUserPage } from "./graph-pages.ts";
import { importGraphBatch } from "./import-batch.ts";
import type { ImportBatch, ImportMode } from "./types.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await t.core.users.ensureRoot();
});
afterAll(() => t.cleanup());
beforeEach(() => resetGraph({ db: t.database.db }));

const run = (batch: Partial<ImportBatch>, mode: ImportMode = "merge") =>
  importGraphBatch({ db: t.database.db }, { users: [], edges: [], ...batch }, mode);

const edge = (follower: string, followee: string, at?: string) => ({
  follower,
  followee,
  ...(at ? { at: new Date(at) } : {}),
});

/** The stored edges as `a>b`, in follower then followee login order. */
async function stored(): Promise<string[]> {
  const rows = rowsOf<{ a: string; b: string }>(
    await t.database.db.execute(sql`
      select a.username as a, b.username as b from follows f
      join users a on a.id = f.follower_id join users b on b.id = f.followee_id
      order by a.username, b.username`),
  );
  return rows.map((r) => `${r.a}>${r.b}`);
}

const counters = async (login: string) =>
  rowsOf(
    await t.database.db.execute(sql`
      select c.followers, c.following, c.followee_rows, c.follower_rows from user_counters c
      join users u on u.id = c.user_id where lower(u.username) = lower(${login})`),
  )[0];

const expectCountersExact = async () => expect(await counterDrift(t.database.db)).toEqual([]);

describe("importGraphBatch", () => {
  it("creates the users it meets, by login case-insensitively, and adds the edges with exact counters", async () => {
    await t.core.users.createUser({ username: "Alice", name: "Alice A", email: "alice@example.com" });
    const result = await run({
      users: [{ login: "bob", name: "Bob B" }],
      edges: [edge("alice", "bob"), edge("bob", "ALICE"), edge("carol", "bob"), edge("carol", "bob")],
    });
    expect(result).toEqual({ usersCreated: 2, edgesAdded: 3, edgesRemoved: 0, edgesSkipped: 0 });
    expect(await stored()).toEqual(["Alice>bob", "bob>Alice", "carol>bob"]);
    const users = await selectUserPage({ db: t.database.db });
    expect(users.rows.map((u) => u.login)).toEqual(["root", "Alice", "bob", "carol"]);
    const bob = await t.core.users.findUser({ username: "bob" });
    expect(bob?.name).toBe("Bob B");
    expect(await counters("bob")).toEqual({ followers: 2, following: 1, followee_rows: 1, follower_rows: 2 });
    await expectCountersExact();
  });

  it("keeps a stored edge's time and adds nothing twice when a batch comes again", async () => {
    await run({ edges: [edge("a1", "b1", "2024-01-02T03:04:05Z")] });
    const again = await run({ edges: [edge("a1", "b1", "2025-01-01T00:00:00Z"), edge("b1", "a1")] });
    expect(again).toEqual({ usersCreated: 0, edgesAdded: 1, edgesRemoved: 0, edgesSkipped: 0 });
    const page = await selectEdgePage({ db: t.database.db });
    expect(page.rows.find((e) => e.follower === "a1")?.at.toISOString()).toBe("2024-01-02T03:04:05.000Z");
    await expectCountersExact();
  });

  it("gives edges without a time times before now that keep the batch's order", async () => {
    const before = Date.now();
    await run({ edges: [edge("z", "p"), edge("a", "p"), edge("m", "p")] });
    const rows = rowsOf<{ username: string; at: Date }>(
      await t.database.db.execute(sql`
        select u.username, f.created_at as at from follows f join users u on u.id = f.follower_id
        order by f.created_at`),
    );
    expect(rows.map((r) => r.username)).toEqual(["z", "a", "m"]);
    for (const r of rows) expect(new Date(r.at).getTime()).toBeGreaterThan(before - 60_000);
  });

  it("in overwrite mode replaces the following of the batch's followers, and only theirs", async () => {
    await run({ edges: [edge("a", "b"), edge("a", "c"), edge("d", "c")] });
    const result = await run({ edges: [edge("a", "c"), edge("a", "e")] }, "overwrite");
    expect(result).toEqual({ usersCreated: 1, edgesAdded: 1, edgesRemoved: 1, edgesSkipped: 0 });
    expect(await stored()).toEqual(["a>c", "a>e", "d>c"]);
    expect(await counters("b")).toEqual({ followers: 0, following: 0, followee_rows: 0, follower_rows: 0 });
    await expectCountersExact();
  });

  it("replaces followers lists, and empties the lists of owners the batch gives no edge", async () => {
    await run({ edges: [edge("a", "b"), edge("c", "b"), edge("b", "a"), edge("c", "a")] });
    const result = await run(
      { edges: [edge("d", "b"), edge("a", "b")], replaces: { list: "followers", owners: ["b", "A"] } },
      "overwrite",
    );
    expect(result).toMatchObject({ edgesAdded: 1, edgesRemoved: 3 });
    expect(await stored()).toEqual(["a>b", "d>b"]);
    await expectCountersExact();
  });

  it("counts only edges whose other end is active in followers/following, every edge in the rows", async () => {
    await run({ edges: [edge("x", "y")] });
    await t.database.db.execute(sql`update users set state = 'blocked' where username = 'x'`);
    // x's state change would have moved y's counters; set them as that change would have.
    await t.database.db.execute(sql`
      update user_counters set followers = 0 where user_id = (select id from users where username = 'y')`);
    await expectCountersExact();
    await run({ edges: [edge("x", "z"), edge("w", "x")] });
    expect(await counters("x")).toEqual({ followers: 1, following: 2, followee_rows: 2, follower_rows: 1 });
    expect(await counters("z")).toEqual({ followers: 0, following: 0, followee_rows: 0, follower_rows: 1 });
    await expectCountersExact();
  });

  it("skips edges across a block", async () => {
    await run({ edges: [edge("p", "q")] });
    const [p, q] = [
      await t.core.users.findUser({ username: "p" }),
      await t.core.users.findUser({ username: "q" }),
    ];
    await t.core.blocks.block(q!.id, p!.id);
    const result = await run({ edges: [edge("p", "q"), edge("q", "p"), edge("p", "r")] });
    expect(result).toEqual({ usersCreated: 1, edgesAdded: 1, edgesRemoved: 0, edgesSkipped: 2 });
    expect(await stored()).toEqual(["p>r"]);
    await expectCountersExact();
  });

  it("records identities, updates a changed login and never gives one forge id to two users", async () => {
    await run({
      users: [
        { login: "octo", identities: { github: { login: "octo", id: 583231 } } },
        { login: "lab", identities: { gitlab: { username: "lab", id: 7 }, github: { login: "lab-gh" } } },
      ],
    });
    await run({ users: [{ login: "octo", identities: { github: { login: "octocat", id: 583231 } } }] });
    await run({ users: [{ login: "other", identities: { github: { login: "octocat", id: 583231 } } }] });
    const page = await selectUserPage({ db: t.database.db });
    const byLogin = Object.fromEntries(page.rows.map((u) => [u.login, u.identities]));
    expect(byLogin).toEqual({
      root: {},
      octo: { github: { login: "octocat", id: 583231 } },
      lab: { gitlab: { username: "lab", id: 7 }, github: { login: "lab-gh" } },
      other: {},
    });
  });

  it("refuses a bad batch whole, naming where, and writes nothing", async () => {
    const refusals: [Partial<ImportBatch>, RegExp][] = [
      [{ edges: [edge("ok", "fine"), edge("ok", "not a login")] }, /edges\[1\]\.followee 'not a login'/],
      [{ edges: [edge("ok", "OK")] }, /edges\[0\]: 'ok' cannot follow itself/],
      [{ edges: [{ follower: "a", followee: "b", at: new Date("nope") }] }, /edges\[0\]\.at is not a time/],
      [
        {
          users: [
            { login: "u1", identities: { github: { login: "u1", id: 5 } } },
            { login: "u2", identities: { github: { login: "u2", id: 5 } } },
          ],
        },
        /'u1' and 'u2' both claim github id 5/,
      ],
      [{ users: [{ login: "x.git" }] }, /users\[0\]\.login 'x.git'/],
    ];
    for (const [batch, message] of refusals) {
      const error = await run(batch).catch((e: unknown) => e);
      expect(isDomainError(error) && error.code === "invalid_input", String(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
    expect(await stored()).toEqual([]);
    expect((await selectUserPage({ db: t.database.db })).rows).toHaveLength(1);
  });
});

describe("importGraphBatch beside other writers", () => {
  it("runs with concurrent follows, unfollows and imports without a deadlock, counters exact", async () => {
    const logins = Array.from({ length: 40 }, (_, i) => `c${i}`);
    await run({ edges: logins.map((login, i) => edge(login, logins[(i + 1) % logins.length]!)) });
    const ids = (await selectUserPage({ db: t.database.db }, { users: logins })).rows.map((u) => u.id);
    let seed = 7;
    const pick = () => {
      seed = (seed * 48271) % 2147483647;
      return seed % logins.length;
    };
    const pairs = (n: number) =>
      Array.from({ length: n }, () => [pick(), pick()] as const).filter(([a, b]) => a !== b);
    const imports = [0, 1, 2, 3].map((i) =>
      run({ edges: pairs(300).map(([a, b]) => edge(logins[a]!, logins[b]!)) }, i % 2 ? "overwrite" : "merge"),
    );
    const follows = pairs(150).map(([a, b], i) =>
      i % 3 ? t.core.follows.follow(ids[a]!, ids[b]!) : t.core.follows.unfollow(ids[a]!, ids[b]!),
    );
    const settled = await Promise.allSettled([...imports, ...follows]);
    expect(settled.filter((s) => s.status === "rejected")).toEqual([]);
    await expectCountersExact();
  });

  it("keeps identities through the emulator's snapshot, reset and restore", async () => {
    await run({ users: [{ login: "kept", identities: { gitlab: { username: "kept", id: 42 } } }] });
    const snapshot = await t.core.emulator.snapshotGraph();
    await t.core.emulator.resetGraph();
    expect((await selectUserPage({ db: t.database.db })).rows.map((u) => u.login)).toEqual(["root"]);
    await t.core.emulator.restoreGraph(snapshot);
    const [kept] = (await selectUserPage({ db: t.database.db }, { users: ["kept"] })).rows;
    expect(kept?.identities).toEqual({ gitlab: { username: "kept", id: 42 } });
  });
});

describe("selectEdgePage and selectUserPage", () => {
  it("walk every row once by their cursors, and restrict to the users named", async () => {
    const edges = Array.from({ length: 25 }, (_, i) => edge(`u${i % 5}`, `v${i}`));
    await run({ edges });
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = await selectEdgePage({ db: t.database.db }, { after, limit: 7 });
      seen.push(...page.rows.map((e) => `${e.follower}>${e.followee}`));
      after = page.next;
    } while (after);
    expect(seen.sort()).toEqual(edges.map((e) => `${e.follower}>${e.followee}`).sort());
    const touching = await selectEdgePage({ db: t.database.db }, { users: ["V3", "u1"] });
    expect(touching.rows.map((e) => `${e.follower}>${e.followee}`).sort()).toEqual(
      ["u1>v1", "u1>v11", "u1>v16", "u1>v21", "u1>v6", "u3>v3"].sort(),
    );
    const users = await selectUserPage({ db: t.database.db }, { limit: 10 });
    expect(users.rows).toHaveLength(10);
    const rest = await selectUserPage({ db: t.database.db }, { after: users.next, limit: 100 });
    expect(rest.rows).toHaveLength(31 - 10);
    expect(rest.next).toBeNull();
  });

  it("refuse unknown users and foreign cursors", async () => {
    await expect(selectEdgePage({ db: t.database.db }, { users: ["nobody"] })).rejects.toThrow(
      "No user 'nobody'",
    );
    await expect(selectUserPage({ db: t.database.db }, { after: "x" })).rejects.toMatchObject({
      code: "invalid_cursor",
    });
  });
});
