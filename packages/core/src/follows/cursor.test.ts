import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore } from "../core.ts";
import type { ListOrder } from "../index.ts";
import { createTestDatabase, rowsOf, type TestDatabase, userInput } from "../testing/index.ts";
import type { UserRef } from "../users/user.ts";
import type { Direction } from "./cursor.ts";
import type { Page } from "./types.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.cleanup());

const newUser = () => t.core.users.createUser(userInput());

const list = (direction: Direction, owner: number, page: Page) =>
  direction === "followers"
    ? t.core.follows.list("followers", null, owner, page)
    : t.core.follows.list("following", null, owner, page);

/** Every page, following `next` cursors from the first; also returns the cursors seen. */
async function walk(direction: Direction, owner: number, order: ListOrder, limit: number) {
  const ids: number[][] = [];
  let cursor: string | undefined;
  for (let offset = 0; ; offset += limit) {
    const page = await list(direction, owner, { limit, offset, order, ...(cursor ? { cursor } : {}) });
    ids.push(page.users.map((u) => u.id));
    cursor = page.cursors.next;
    if (!cursor) return ids;
  }
}

/** Every page by bare offsets, the reference a cursor walk must match. */
async function byOffsets(
  direction: Direction,
  owner: number,
  order: ListOrder,
  limit: number,
  pages: number,
) {
  const ids: number[][] = [];
  for (let i = 0; i < pages; i++)
    ids.push((await list(direction, owner, { limit, offset: i * limit, order })).users.map((u) => u.id));
  return ids;
}

/**
 * Gives the follows `pairs` (follower, followee) follow times one second apart, in their order.
 * A follow is one round trip, so two in a row can land within the clock's resolution (a
 * millisecond on PGlite) and tie, which the id would then break instead of the order made.
 */
async function spaceFollowTimes(pairs: Array<[number, number]>) {
  for (const [k, [follower, followee]] of pairs.entries())
    await t.database.db.execute(sql`
      update follows set created_at = timestamptz '2026-01-01 00:00:00+00' + ${k}::int * interval '1 second'
      where follower_id = ${follower} and followee_id = ${followee}`);
}

/** `n` users following `owner` (or followed by it), one follow at a time, at distinct times. */
async function fanOut(direction: Direction, owner: number, n: number) {
  const others = [];
  for (let i = 0; i < n; i++) {
    const other = await newUser();
    others.push(other.id);
    if (direction === "followers") await t.core.follows.follow(other.id, owner);
    else await t.core.follows.follow(owner, other.id);
  }
  await spaceFollowTimes(
    others.map((other): [number, number] => (direction === "followers" ? [other, owner] : [owner, other])),
  );
  return others;
}

describe.each(["followers", "following"] as const)("cursor walks of %s", (direction) => {
  let owner: number;
  let others: number[];
  beforeAll(async () => {
    owner = (await newUser()).id;
    others = await fanOut(direction, owner, 23);
    // Later follows of earlier users reverse the two orders' relation for a few of them.
    const late = await newUser();
    if (direction === "followers") await t.core.follows.follow(late.id, owner);
    else await t.core.follows.follow(owner, late.id);
    others.push(late.id);
  });

  it.each(["user_id", "followed_at"] as const)("in %s order, equal the pages by offset", async (order) => {
    const walked = await walk(direction, owner, order, 5);
    expect(walked).toEqual(await byOffsets(direction, owner, order, 5, 5));
    expect(walked.flat().sort((a, b) => a - b)).toEqual([...others].sort((a, b) => a - b));
  });

  it("a prev cursor gives back exactly the page before", async () => {
    const second = await list(direction, owner, { limit: 5, offset: 0, order: "followed_at" });
    const third = await list(direction, owner, {
      limit: 5,
      offset: 5,
      order: "followed_at",
      cursor: second.cursors.next!,
    });
    const back = await list(direction, owner, {
      limit: 5,
      offset: 0,
      order: "followed_at",
      cursor: third.cursors.prev!,
    });
    expect(back.users.map((u) => u.id)).toEqual(second.users.map((u) => u.id));
    expect(second.cursors.prev).toBeUndefined();
  });

  it("the last page has no next cursor, and an exactly full last page has none either", async () => {
    const pages = await walk(direction, owner, "user_id", 8);
    expect(pages.map((p) => p.length)).toEqual([8, 8, 8]);
  });
});

describe("cursors on a changing list", () => {
  it.each(["id", "username"] as const)(
    "a walk sees no row twice and misses none that stayed when rows go mid-walk (owner by %s)",
    async (form) => {
      const owner = await newUser();
      const ref: UserRef = form === "id" ? owner.id : { username: owner.username };
      const fans = await fanOut("followers", owner.id, 12);
      const at = (offset: number, cursor?: string) =>
        t.core.follows.list("followers", null, ref, {
          limit: 4,
          offset,
          order: "followed_at",
          ...(cursor ? { cursor } : {}),
        });
      const first = await at(0);
      // Someone already seen and someone not yet seen both leave.
      await t.core.follows.unfollow(fans[1]!, owner.id);
      await t.core.follows.unfollow(fans[6]!, owner.id);
      // The cursor seeks (by number, the page would start a row later and repeat fans[4]).
      expect((await at(4, first.cursors.next)).users.map((u) => u.id)).toEqual([
        fans[4],
        fans[5],
        fans[7],
        fans[8],
      ]);
      expect((await at(4)).users.map((u) => u.id)).toEqual([fans[5], fans[7], fans[8], fans[9]]);
    },
  );

  it("hidden users are skipped by seeks and by offsets alike", async () => {
    const owner = (await newUser()).id;
    const fans = await fanOut("followers", owner, 10);
    await t.core.users.moderate(1, fans[2]!, "block");
    await t.core.users.moderate(1, fans[7]!, "ban");
    const visible = fans.filter((id) => id !== fans[2] && id !== fans[7]);
    for (const order of ["user_id", "followed_at"] as const) {
      const walked = await walk("followers", owner, order, 3);
      expect(walked.flat()).toEqual(visible);
      expect(walked).toEqual(await byOffsets("followers", owner, order, 3, 3));
    }
  });
});

describe("a cursor for the page asked for, for another page, and a forged one", () => {
  let owner: number;
  let fans: number[];
  let cursor: string;
  const page = { limit: 3, offset: 3, order: "followed_at" as const };
  beforeAll(async () => {
    owner = (await newUser()).id;
    fans = [];
    for (let i = 0; i < 9; i++) fans.push((await newUser()).id);
    // Followed (and following) in reverse id order, so a seek in the wrong order or list
    // would land elsewhere than the page its number names.
    for (const fan of [...fans].reverse()) await t.core.follows.follow(fan, owner);
    for (const fan of [...fans].reverse()) await t.core.follows.follow(owner, fan);
    await spaceFollowTimes([
      ...[...fans].reverse().map((fan): [number, number] => [fan, owner]),
      ...[...fans].reverse().map((fan): [number, number] => [owner, fan]),
    ]);
    cursor = (await list("followers", owner, { ...page, offset: 0 })).cursors.next!;
  });

  const refused = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ code: "invalid_cursor" });

  it("is accepted for the page it was issued for", async () => {
    const served = await list("followers", owner, { ...page, cursor });
    expect(served.users.map((u) => u.id)).toEqual([...fans].reverse().slice(3, 6));
  });

  it.each([
    ["empty", ""],
    ["garbage", "not-a-cursor"],
    ["three parts", "a.b.c"],
    ["a bad signature", () => `${cursor.split(".")[0]}.AAAAAAAAAAAAAAAA`],
    [
      "an altered payload",
      () => {
        const [payload, mac] = cursor.split(".");
        const text = Buffer.from(payload!, "base64url").toString().replace(/\|3\|/, "|6|");
        return `${Buffer.from(text).toString("base64url")}.${mac}`;
      },
    ],
  ])("is refused when forged or garbled: %s", async (_name, make) => {
    await refused(list("followers", owner, { ...page, cursor: typeof make === "string" ? make : make() }));
  });

  it.each([
    ["another page", { offset: 6 }],
    ["another page size", { limit: 4, offset: 4 }],
    ["another order", { order: "user_id" as const }],
    ["the first page", { offset: 0 }],
    ["a page past the end", { offset: 30 }],
  ])(
    "is ignored when genuine but issued for %s: the page its number names, links and all",
    async (_name, change) => {
      const asked = { ...page, ...change };
      const bare = await list("followers", owner, asked);
      expect(bare.users.length).toBeLessThanOrEqual(asked.limit);
      expect(await list("followers", owner, { ...asked, cursor })).toEqual(bare);
    },
  );

  it("is ignored when genuine but issued for the other list or another owner's, by id or username", async () => {
    const other = (await newUser()).id;
    const late = await fanOut("followers", other, 8);
    const otherName = (await t.core.users.findUser(other))!.username;
    const ownerName = (await t.core.users.findUser(owner))!.username;
    const cases: [Direction, UserRef][] = [
      ["following", owner],
      ["following", { username: ownerName }],
      ["followers", other],
      // Found out only after the read, which resolves the name: the page is read again by number.
      ["followers", { username: otherName }],
    ];
    for (const [direction, ref] of cases) {
      const bare = await t.core.follows.list(direction, null, ref, page);
      expect(await t.core.follows.list(direction, null, ref, { ...page, cursor })).toEqual(bare);
    }
    expect((await t.core.follows.list("followers", null, other, page)).users.map((u) => u.id)).toEqual(
      late.slice(3, 6),
    );
  });

  it("keeps working for a new server on the same database: the key is stored, not per process", async () => {
    const other = createCore({ db: t.database.db });
    expect((await other.follows.list("followers", null, owner, { ...page, cursor })).users).toHaveLength(3);
  });
});

describe("deep pages without a cursor", () => {
  it("skip in the index alone while nothing is hidden, and fall back when something is", async () => {
    const owner = (await newUser()).id;
    const fans = await fanOut("followers", owner, 7);
    const at = (offset: number) => list("followers", owner, { limit: 2, offset, order: "followed_at" });
    expect((await at(4)).users.map((u) => u.id)).toEqual(fans.slice(4, 6));
    await t.core.users.moderate(1, fans[1]!, "block");
    expect((await at(4)).users.map((u) => u.id)).toEqual([fans[5], fans[6]]);
    // What switched the path: the list now shows fewer users than it has rows.
    const result = await t.database.db.execute(
      sql`select followers, follower_rows from user_counters where user_id = ${owner}`,
    );
    const [row] = rowsOf<Record<string, number>>(result);
    expect([row?.followers, row?.follower_rows]).toEqual([6, 7]);
  });
});
