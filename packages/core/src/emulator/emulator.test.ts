import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bootstrapRoot } from "../bootstrap.ts";
import { counterDrift, createTestDatabase, type TestDatabase } from "../testing/index.ts";

const ROOT_TOKEN = "emulator-root-token";
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await bootstrapRoot(t.core, ROOT_TOKEN);
});
afterAll(() => t.cleanup());
beforeEach(() => t.core.emulator.resetGraph());

const load = async (doc: unknown) => {
  const result = await t.core.emulator.loadFixtures(doc);
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result.loaded;
};
const expectCountersExact = async () => expect(await counterDrift(t.database.db)).toEqual([]);
const usernames = async () => (await t.core.emulator.graphState()).users.map((u) => u.username);

describe("resetGraph", () => {
  it("leaves root alone with its token working, and the next user is id 2 again", async () => {
    const { users } = await load({
      users: [{ username: "alice", token: "alice-secret-1" }, { username: "bob" }],
      follows: [
        ["alice", "bob"],
        ["bob", "root"],
      ],
    });
    expect(users.map((u) => u.id)).toEqual([2, 3]);
    await t.core.blocks.block(3, 2);
    await t.core.emulator.resetGraph();
    const state = await t.core.emulator.graphState();
    expect(state.users).toEqual([
      expect.objectContaining({ id: 1, username: "root", followers: 0, following: 0 }),
    ]);
    expect(state.follows).toEqual([]);
    expect((await t.core.tokens.resolveToken(ROOT_TOKEN)).status).toBe("valid");
    expect((await t.core.tokens.resolveToken("alice-secret-1")).status).toBe("unknown");
    expect((await t.core.users.createUser({ username: "carol", name: "C", email: "c@example.com" })).id).toBe(
      2,
    );
    await expectCountersExact();
  });
});

describe("snapshotGraph / restoreGraph", () => {
  it("puts users, edges, counters, tokens and sequences back as they were", async () => {
    await load({
      users: [
        { username: "alice", token: "alice-secret-1" },
        { username: "bob", state: "blocked" },
      ],
      follows: [
        ["alice", "bob"],
        { follower: "bob", followee: "alice", createdAt: "2024-05-01T10:00:00.123456Z" },
      ],
    });
    const before = await t.core.emulator.graphState();
    const snapshot = await t.core.emulator.snapshotGraph();
    await t.core.emulator.resetGraph();
    await load({ users: [{ username: "mallory", token: "mallory-secret" }] });
    await t.core.emulator.restoreGraph(snapshot);
    expect(await t.core.emulator.graphState()).toEqual(before);
    expect((await t.core.tokens.resolveToken("alice-secret-1")).status).toBe("valid");
    expect((await t.core.tokens.resolveToken("mallory-secret")).status).toBe("unknown");
    // The users' sequence is where the snapshot left it: mallory's id 2 is not handed out twice.
    expect((await t.core.users.createUser({ username: "dave", name: "D", email: "d@example.com" })).id).toBe(
      4,
    );
    await expectCountersExact();
  });
});

describe("loadFixtures", () => {
  it("creates users with every field, tokens in either vocabulary, and exact counters", async () => {
    const loaded = await load({
      users: [
        { username: "alice", name: "Alice A", email: "alice@corp.test", admin: true, private: true, id: 10 },
        { username: "bob", tokens: [{ secret: "bob-github-token", scopes: ["user:follow", "read:user"] }] },
        { username: "carol", state: "blocked", followingEnabled: true },
        { username: "dan", followingEnabled: false },
      ],
      follows: [["bob", "alice"], ["carol", "alice"], { follower: 10, followee: "bob" }, ["bob", "root"]],
    });
    expect(loaded.users).toEqual([
      { id: 10, username: "alice" },
      { id: 11, username: "bob", token: "bob-github-token" },
      { id: 12, username: "carol" },
      { id: 13, username: "dan" },
    ]);
    expect(loaded.follows).toBe(4);
    const alice = await t.core.users.findUser(10);
    expect(alice).toMatchObject({
      name: "Alice A",
      email: "alice@corp.test",
      isAdmin: true,
      privateProfile: true,
    });
    // carol is blocked: her edge is stored but not counted.
    expect(alice?.counts).toEqual({ followers: 1, following: 1 });
    const bob = await t.core.tokens.resolveToken("bob-github-token");
    expect(bob.status === "valid" && bob.token.scopes).toEqual(["user:follow", "read:user"]);
    // Follows without a time keep the fixture's order in follow time.
    const state = await t.core.emulator.graphState();
    expect(state.follows.map((f) => `${f.follower}>${f.followee}`)).toEqual([
      "bob>alice",
      "carol>alice",
      "alice>bob",
      "bob>root",
    ]);
    await expectCountersExact();
  });

  it("names every bad path and loads nothing", async () => {
    await load({ users: [{ username: "taken", token: "taken-secret-1" }] });
    const result = await t.core.emulator.loadFixtures({
      users: [
        { username: "ok" },
        { username: "-bad" },
        { username: "TAKEN" },
        { username: "x", email: "nope", token: "short" },
        { username: "y", tokens: [{ secret: "taken-secret-1", scopes: ["api", "bogus"] }] },
        { username: "OK", colour: "red" },
      ],
      follows: [
        ["ok", "ghost"],
        ["ok", "ok"],
        { follower: "ok", followee: 999 },
        ["ok", "taken"],
        ["ok", "taken"],
        [1],
      ],
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        "users[1].username: is not a valid username",
        "users[3].token: must be 8 to 255 printable characters, no spaces",
        "users[4].tokens[0].scopes[1]: is not a GitLab or GitHub token scope",
        "users[5].colour: is not a field a fixture knows",
        "follows[5][1]: must be a username or a user id",
      ],
    });
    // Problems only the graph can show come once the document itself is sound.
    const second = await t.core.emulator.loadFixtures({
      users: [
        { username: "ok" },
        { username: "TAKEN" },
        { username: "x", email: "nope" },
        { username: "Ok" },
      ],
      follows: [["ok", "ghost"]],
    });
    expect(second).toEqual({
      ok: false,
      problems: [
        "users[2].email: is not an email address",
        "users[3].username: repeats users[0].username",
        "users[3].email: repeats users[0].email",
      ],
    });
    const fourth = await t.core.emulator.loadFixtures({
      users: [{ username: "ok" }, { username: "TAKEN" }, { username: "z", token: "taken-secret-1" }],
      follows: [
        ["ok", "ghost"],
        ["ok", "ok"],
        { follower: "ok", followee: 999 },
        ["ok", "taken"],
        ["ok", "taken"],
      ],
    });
    expect(fourth).toEqual({
      ok: false,
      problems: [
        "users[1].username: is already taken",
        "users[1].email: is already taken",
        "users[2].token.secret: is already a token's secret",
        "follows[0][1]: no user 'ghost'",
        "follows[1]: 'ok' cannot follow itself",
        "follows[2].followee: no user with id 999",
        "follows[4]: repeats follows[3]",
      ],
    });
    expect(await usernames()).toEqual(["root", "taken"]);
  });

  it("refuses follows that the graph's rules forbid: following disabled, a block between", async () => {
    await load({ users: [{ username: "a" }, { username: "b" }] });
    await t.core.blocks.block(2, 3);
    const result = await t.core.emulator.loadFixtures({
      users: [{ username: "quiet", followingEnabled: false }],
      follows: [
        ["quiet", "a"],
        ["b", "a"],
      ],
    });
    expect(result).toEqual({
      ok: false,
      problems: ["follows[0]: 'quiet' has following disabled", "follows[1]: 'b' and 'a' block each other"],
    });
  });

  it("says what is wrong with a document that is not one", async () => {
    for (const doc of [null, [], "users: []", 3])
      expect(await t.core.emulator.loadFixtures(doc)).toEqual({
        ok: false,
        problems: ["(document): must be an object with users and/or follows"],
      });
    expect(await t.core.emulator.loadFixtures({ users: {}, people: [] })).toEqual({
      ok: false,
      problems: ["users: must be Array, not Object", "people: is not a field a fixture knows"],
    });
  });
});
