import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../db/rows.ts";
import {
  counterDrift,
  createTestDatabase,
  edgeStored,
  type TestDatabase,
  userInput,
} from "../testing/index.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.cleanup());

const newUser = async (extra = {}) => t.core.users.createUser({ ...userInput(), ...extra });
const expectCountersExact = async () => expect(await counterDrift(t.database.db)).toEqual([]);
const counts = async (id: number) => (await t.core.users.findUser(id))?.counts;
const blockRows = async (a: number, b: number) =>
  rowsOf(
    await t.database.db.execute(
      sql`select blocker_id, blocked_id from user_blocks
          where (blocker_id, blocked_id) in ((${a}::bigint, ${b}::bigint), (${b}::bigint, ${a}::bigint))`,
    ),
  ).map((r) => [Number(r.blocker_id), Number(r.blocked_id)]);

describe("block", () => {
  it("stores the block and removes the follows between the pair both ways, counters exact", async () => {
    const [a, b, c] = [await newUser(), await newUser(), await newUser()];
    await t.core.follows.follow(a.id, b.id);
    await t.core.follows.follow(b.id, a.id);
    await t.core.follows.follow(c.id, a.id);
    expect((await t.core.blocks.block(a.id, b.id)).outcome).toBe("blocked");
    expect(await edgeStored(t.database.db, a.id, b.id)).toBe(false);
    expect(await edgeStored(t.database.db, b.id, a.id)).toBe(false);
    // Edges with anyone else stay.
    expect(await edgeStored(t.database.db, c.id, a.id)).toBe(true);
    expect(await counts(a.id)).toEqual({ followers: 1, following: 0 });
    expect(await counts(b.id)).toEqual({ followers: 0, following: 0 });
    expect(await blockRows(a.id, b.id)).toEqual([[a.id, b.id]]);
    await expectCountersExact();
  });

  it("keeps counters exact when an end of a removed edge is hidden (blocked by an admin)", async () => {
    const [a, b] = [await newUser(), await newUser()];
    await t.core.follows.follow(a.id, b.id);
    await t.core.follows.follow(b.id, a.id);
    await t.core.users.moderate(a.id, b.id, "ban");
    expect((await t.core.blocks.block(a.id, b.id)).outcome).toBe("blocked");
    expect(await t.core.users.findUser(a.id)).toMatchObject({
      counts: { followers: 0, following: 0 },
      edges: { followers: 0, following: 0 },
    });
    await expectCountersExact();
  });

  it("blocking again and blocking oneself are outcomes that store nothing", async () => {
    const [a, b] = [await newUser(), await newUser()];
    await t.core.blocks.block(a.id, b.id);
    expect((await t.core.blocks.block(a.id, b.id)).outcome).toBe("already_blocked");
    expect((await t.core.blocks.block(a.id, a.id)).outcome).toBe("self");
    expect(await blockRows(a.id, a.id)).toEqual([]);
    expect(await blockRows(a.id, b.id)).toEqual([[a.id, b.id]]);
  });

  it("an unknown target is user_not_found", async () => {
    const a = await newUser();
    await expect(t.core.blocks.block(a.id, 987654321)).rejects.toMatchObject({ code: "user_not_found" });
    await expect(t.core.blocks.block(a.id, { username: "nobody-here" })).rejects.toMatchObject({
      code: "user_not_found",
    });
    await expect(t.core.blocks.unblock(a.id, 987654321)).rejects.toMatchObject({ code: "user_not_found" });
  });

  it("a target the actor may not see is unknown when the route says so", async () => {
    const [a, b] = [await newUser(), await newUser()];
    await t.core.users.moderate(a.id, b.id, "block");
    await expect(t.core.blocks.block(a.id, b.id, { visibleTargetsOnly: true })).rejects.toMatchObject({
      code: "user_not_found",
    });
    expect(await blockRows(a.id, b.id)).toEqual([]);
  });
});

describe("follows while a block lasts", () => {
  it("neither the blocked user nor the blocker can follow the other; nothing is stored", async () => {
    const [a, b] = [await newUser(), await newUser()];
    await t.core.blocks.block(a.id, b.id);
    expect((await t.core.follows.follow(b.id, a.id)).outcome).toBe("blocked");
    expect((await t.core.follows.follow(a.id, b.id)).outcome).toBe("blocked");
    expect(await edgeStored(t.database.db, b.id, a.id)).toBe(false);
    expect(await edgeStored(t.database.db, a.id, b.id)).toBe(false);
    expect(await counts(a.id)).toEqual({ followers: 0, following: 0 });
    await expectCountersExact();
  });

  it("after unblocking, follows are possible again and the removed ones stay removed", async () => {
    const [a, b] = [await newUser(), await newUser()];
    await t.core.follows.follow(b.id, a.id);
    await t.core.blocks.block(a.id, b.id);
    expect((await t.core.blocks.unblock(a.id, b.id)).outcome).toBe("unblocked");
    expect((await t.core.blocks.unblock(a.id, b.id)).outcome).toBe("not_blocked");
    expect(await edgeStored(t.database.db, b.id, a.id)).toBe(false);
    expect((await t.core.follows.follow(b.id, a.id)).outcome).toBe("created");
    await expectCountersExact();
  });

  it("only the blocker can lift a block", async () => {
    const [a, b] = [await newUser(), await newUser()];
    await t.core.blocks.block(a.id, b.id);
    expect((await t.core.blocks.unblock(b.id, a.id)).outcome).toBe("not_blocked");
    expect((await t.core.follows.follow(b.id, a.id)).outcome).toBe("blocked");
  });

  it("concurrent follows and a block never leave an edge beside the block", async () => {
    const [a, b] = [await newUser(), await newUser()];
    await Promise.all([
      t.core.follows.follow(a.id, b.id),
      t.core.follows.follow(b.id, a.id),
      t.core.blocks.block(a.id, b.id),
      t.core.follows.follow(b.id, a.id),
    ]);
    expect(await edgeStored(t.database.db, a.id, b.id)).toBe(false);
    expect(await edgeStored(t.database.db, b.id, a.id)).toBe(false);
    await expectCountersExact();
  });

  it("blocks mixed with follows and moderation of the same users: no deadlock, no edge beside a block, counters exact", async () => {
    const people = [await newUser(), await newUser(), await newUser(), await newUser()];
    const ids = people.map((p) => p.id);
    const work: Promise<unknown>[] = [];
    for (const a of ids)
      for (const b of ids) {
        if (a === b) continue;
        work.push(t.core.follows.follow(a, b));
        if (a < b) work.push(t.core.blocks.block(a, b));
      }
    work.push(
      t.core.users.moderate(ids[0]!, ids[1]!, "ban"),
      t.core.users.moderate(ids[0]!, ids[2]!, "block"),
    );
    await Promise.all(work);
    const beside = rowsOf(
      await t.database.db.execute(sql`
        select 1 from follows f join user_blocks b
          on (b.blocker_id, b.blocked_id) in ((f.follower_id, f.followee_id), (f.followee_id, f.follower_id))`),
    );
    expect(beside).toEqual([]);
    await expectCountersExact();
  });

  it("deleting either user deletes the block", async () => {
    const [a, b] = [await newUser(), await newUser()];
    await t.core.blocks.block(a.id, b.id);
    await t.core.users.deleteUser(a.id, b.id);
    expect(await blockRows(a.id, b.id)).toEqual([]);
  });
});

describe("isBlocking and listBlocked", () => {
  it("lists the blocked users oldest block first, paged, with the total", async () => {
    const root = await newUser();
    const token = (await t.core.tokens.createToken(root.id, { name: "t", scopes: ["user"] })).secret;
    const caller = { secret: token, policy: { dialect: "github", checks: [] } } as const;
    const blocked = [await newUser(), await newUser(), await newUser()];
    // Blocked in an order other than id order.
    for (const user of [blocked[2]!, blocked[0]!, blocked[1]!]) await t.core.blocks.block(root.id, user.id);
    const first = await t.core.blocks.listBlocked(caller, { limit: 2, offset: 0 });
    expect(first.users.map((u) => u.id)).toEqual([blocked[2]!.id, blocked[0]!.id]);
    expect(first.total).toBe(3);
    expect(first.caller?.viewer.id).toBe(root.id);
    const second = await t.core.blocks.listBlocked(caller, { limit: 2, offset: 2 });
    expect(second.users.map((u) => u.id)).toEqual([blocked[1]!.id]);
    expect((await t.core.blocks.isBlocking(caller, blocked[0]!.id)).blocking).toBe(true);
    expect((await t.core.blocks.isBlocking(caller, root.id)).blocking).toBe(false);
    // A blocked user suspended since drops out of the list and the check.
    await t.core.users.moderate(root.id, blocked[0]!.id, "ban");
    expect((await t.core.blocks.listBlocked(caller, { limit: 10, offset: 0 })).total).toBe(2);
    expect((await t.core.blocks.isBlocking(caller, blocked[0]!.id)).blocking).toBe(false);
  });
});
