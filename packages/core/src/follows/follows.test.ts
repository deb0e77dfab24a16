import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  counterDrift,
  createTestDatabase,
  edgeStored,
  type TestDatabase,
  userInput,
} from "../testing/index.ts";
import { GITLAB_FOLLOWEE_LIMIT } from "./types.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.cleanup());

const newUser = async (extra = {}) => t.core.users.createUser({ ...userInput(), ...extra });
const page = (limit = 20, offset = 0, order: "user_id" | "followed_at" = "user_id") => ({
  limit,
  offset,
  order,
});

/** Counters must always equal what COUNT(*) over visible edges says. */
const expectCountersExact = async () => expect(await counterDrift(t.database.db)).toEqual([]);

describe("follow", () => {
  it("creates an edge once, then reports it as already there", async () => {
    const [a, b] = [await newUser(), await newUser()];
    expect((await t.core.follows.follow(a.id, b.id)).outcome).toBe("created");
    expect((await t.core.follows.follow(a.id, b.id)).outcome).toBe("already_following");
    expect(await edgeStored(t.database.db, a.id, b.id)).toBe(true);
    expect((await t.core.users.findUser(b.id))?.counts).toEqual({ followers: 1, following: 0 });
    expect((await t.core.users.findUser(a.id))?.counts).toEqual({ followers: 0, following: 1 });
    await expectCountersExact();
  });

  it("treats self-follow as a no-op outcome", async () => {
    const a = await newUser();
    const result = await t.core.follows.follow(a.id, a.id);
    expect(result.outcome).toBe("self");
    expect(result.target.id).toBe(a.id);
    expect(await edgeStored(t.database.db, a.id, a.id)).toBe(false);
  });

  it("throws user_not_found for an unknown target, including ids beyond any stored", async () => {
    const a = await newUser();
    await expect(t.core.follows.follow(a.id, 987654321)).rejects.toMatchObject({ code: "user_not_found" });
    await expect(t.core.follows.unfollow(a.id, 0)).rejects.toMatchObject({ code: "user_not_found" });
  });

  it("refuses when either side has following disabled", async () => {
    const [a, b, c] = [await newUser(), await newUser({ followingEnabled: false }), await newUser()];
    expect((await t.core.follows.follow(a.id, b.id)).outcome).toBe("following_disabled");
    expect((await t.core.follows.follow(b.id, c.id)).outcome).toBe("following_disabled");
    expect(await edgeStored(t.database.db, a.id, b.id)).toBe(false);
  });

  it("enforces the followee cap only when asked, before uniqueness, counting hidden edges", async () => {
    const a = await newUser();
    const limit = 3;
    const targets = [await newUser(), await newUser(), await newUser(), await newUser()];
    for (const target of targets.slice(0, 3))
      await t.core.follows.follow(a.id, target.id, { followeeLimit: limit });
    // A blocked followee is hidden from lists but still counts towards the cap.
    await t.core.users.moderate(1, targets[0]!.id, "block");
    expect((await t.core.follows.follow(a.id, targets[3]!.id, { followeeLimit: limit })).outcome).toBe(
      "limit_reached",
    );
    expect((await t.core.follows.follow(a.id, targets[1]!.id, { followeeLimit: limit })).outcome).toBe(
      "limit_reached",
    );
    expect((await t.core.follows.follow(a.id, targets[3]!.id)).outcome).toBe("created");
    expect(GITLAB_FOLLOWEE_LIMIT).toBe(300);
    await expectCountersExact();
  });

  it("holds the cap under concurrent follows: the follower's row lock serializes them", async () => {
    const a = await newUser();
    const targets = await Promise.all(Array.from({ length: 8 }, () => newUser()));
    const outcomes = await Promise.all(
      targets.map((t2) => t.core.follows.follow(a.id, t2.id, { followeeLimit: 5 })),
    );
    expect(outcomes.filter((o) => o.outcome === "created")).toHaveLength(5);
    expect(outcomes.filter((o) => o.outcome === "limit_reached")).toHaveLength(3);
    expect((await t.core.users.findUser(a.id))?.counts.following).toBe(5);
    await expectCountersExact();
  });

  it("keeps counters exact under concurrent follows in both directions", async () => {
    const users = await Promise.all(Array.from({ length: 6 }, () => newUser()));
    const pairs = users.flatMap((a) => users.filter((b) => b !== a).map((b) => [a.id, b.id] as const));
    const outcomes = await Promise.all(pairs.map(([a, b]) => t.core.follows.follow(a, b)));
    expect(outcomes.every((o) => o.outcome === "created")).toBe(true);
    await Promise.all(pairs.filter((_, i) => i % 2 === 0).map(([a, b]) => t.core.follows.unfollow(a, b)));
    await expectCountersExact();
  });
});

describe("unfollow", () => {
  it("removes an edge, then reports it as absent", async () => {
    const [a, b] = [await newUser(), await newUser()];
    await t.core.follows.follow(a.id, b.id);
    expect((await t.core.follows.unfollow(a.id, b.id)).outcome).toBe("removed");
    expect((await t.core.follows.unfollow(a.id, b.id)).outcome).toBe("not_following");
    expect((await t.core.follows.unfollow(a.id, a.id)).outcome).toBe("not_following");
    expect((await t.core.users.findUser(b.id))?.counts.followers).toBe(0);
    await expectCountersExact();
  });
});

describe("lists", () => {
  it("orders by user id or by follow time, pages with limit and offset, and totals from counters", async () => {
    const owner = await newUser();
    const followers = [await newUser(), await newUser(), await newUser()];
    // Follow in reverse id order so the two orders differ.
    for (const f of [...followers].reverse()) await t.core.follows.follow(f.id, owner.id);
    const byId = await t.core.follows.list("followers", null, owner.id, page(2));
    expect(byId.total).toBe(3);
    expect(byId.users.map((u) => u.id)).toEqual(followers.slice(0, 2).map((u) => u.id));
    const byTime = await t.core.follows.list("followers", null, owner.id, page(10, 0, "followed_at"));
    expect(byTime.users.map((u) => u.id)).toEqual([...followers].reverse().map((u) => u.id));
    const rest = await t.core.follows.list("followers", null, owner.id, page(2, 2));
    expect(rest.users.map((u) => u.id)).toEqual([followers[2]!.id]);
    expect((await t.core.follows.list("followers", null, owner.id, page(2, 50))).users).toEqual([]);
    const following = await t.core.follows.list("following", null, followers[0]!.id, page());
    expect(following.users.map((u) => u.id)).toEqual([owner.id]);
  });

  it("hides blocked, banned and deactivated users from lists and counts, and restores them", async () => {
    const owner = await newUser();
    const [x, y, z, w] = [await newUser(), await newUser(), await newUser(), await newUser()];
    for (const f of [x, y, z, w]) await t.core.follows.follow(f.id, owner.id);
    await t.core.follows.follow(owner.id, x.id);
    await t.core.users.moderate(1, x.id, "block");
    await t.core.users.moderate(1, y.id, "ban");
    await t.core.users.moderate(1, z.id, "deactivate");
    const listed = await t.core.follows.list("followers", null, owner.id, page());
    expect(listed.users.map((u) => u.id)).toEqual([w.id]);
    expect(listed.total).toBe(1);
    expect((await t.core.users.findUser(owner.id))?.counts).toEqual({ followers: 1, following: 0 });
    await expectCountersExact();
    await t.core.users.moderate(1, x.id, "unblock");
    expect((await t.core.users.findUser(owner.id))?.counts).toEqual({ followers: 2, following: 1 });
    await expectCountersExact();
  });

  it("lets only the user and admins read a private or blocked user's lists", async () => {
    const priv = await newUser({ privateProfile: true });
    const other = await newUser();
    const admin = await newUser({ isAdmin: true });
    await expect(t.core.follows.list("followers", other, priv.id, page())).rejects.toMatchObject({
      code: "user_not_found",
    });
    await expect(t.core.follows.list("following", null, priv.id, page())).rejects.toMatchObject({
      code: "user_not_found",
    });
    await expect(t.core.follows.list("followers", priv, priv.id, page())).resolves.toMatchObject({
      total: 0,
    });
    await expect(t.core.follows.list("followers", admin, priv.id, page())).resolves.toMatchObject({
      total: 0,
    });
    const blocked = await newUser();
    await t.core.users.moderate(1, blocked.id, "block");
    await expect(t.core.follows.list("followers", other, blocked.id, page())).rejects.toMatchObject({
      code: "user_not_found",
    });
    const deactivated = await newUser();
    await t.core.users.moderate(1, deactivated.id, "deactivate");
    await expect(t.core.follows.list("followers", other, deactivated.id, page())).resolves.toMatchObject({
      total: 0,
    });
  });
});

describe("turning following off", () => {
  it("deletes the user's relations both ways and keeps every counter exact", async () => {
    const [a, b, c] = [await newUser(), await newUser(), await newUser()];
    await t.core.follows.follow(a.id, b.id);
    await t.core.follows.follow(b.id, a.id);
    await t.core.follows.follow(c.id, a.id);
    await t.core.follows.follow(b.id, c.id);
    await t.core.users.updateUser(a.id, { followingEnabled: false });
    expect(await edgeStored(t.database.db, a.id, b.id)).toBe(false);
    expect(await edgeStored(t.database.db, b.id, a.id)).toBe(false);
    expect(await edgeStored(t.database.db, b.id, c.id)).toBe(true);
    expect((await t.core.users.findUser(b.id))?.counts).toEqual({ followers: 0, following: 1 });
    await expectCountersExact();
    await t.core.users.updateUser(a.id, { followingEnabled: true });
    expect(await edgeStored(t.database.db, b.id, a.id)).toBe(false);
  });
});

describe("users named by username (GitHub's routes)", () => {
  it("lists, follows and unfollows by username, case-insensitively", async () => {
    const [a, b] = [await newUser(), await newUser()];
    expect((await t.core.follows.follow(a.id, { username: b.username.toUpperCase() })).outcome).toBe(
      "created",
    );
    const list = await t.core.follows.list(
      "followers",
      null,
      { username: b.username },
      page(20, 0, "followed_at"),
    );
    expect(list.owner.id).toBe(b.id);
    expect(list.users.map((u) => u.id)).toEqual([a.id]);
    expect((await t.core.follows.unfollow(a.id, { username: b.username })).outcome).toBe("removed");
    await expectCountersExact();
  });

  it("an unknown or NUL-bearing username is user_not_found, never a driver error", async () => {
    const a = await newUser();
    for (const username of ["no-such-user-here", "bad\0name", ""]) {
      await expect(t.core.follows.follow(a.id, { username })).rejects.toMatchObject({
        code: "user_not_found",
      });
      await expect(t.core.follows.list("following", null, { username }, page())).rejects.toMatchObject({
        code: "user_not_found",
      });
    }
  });

  it("visibleTargetsOnly: a blocked or banned target is unknown to other users, not to admins", async () => {
    const [a, blocked, banned] = [await newUser(), await newUser(), await newUser()];
    await t.core.users.moderate(1, blocked.id, "block");
    await t.core.users.moderate(1, banned.id, "ban");
    for (const target of [blocked, banned]) {
      await expect(
        t.core.follows.follow(a.id, target.id, { visibleTargetsOnly: true }),
      ).rejects.toMatchObject({
        code: "user_not_found",
      });
      await expect(
        t.core.follows.unfollow(a.id, target.id, { visibleTargetsOnly: true }),
      ).rejects.toMatchObject({
        code: "user_not_found",
      });
    }
    // Without the rule (GitLab), a blocked user is followed by id; an admin sees everyone.
    expect((await t.core.follows.follow(a.id, blocked.id)).outcome).toBe("created");
    const admin = await newUser({ isAdmin: true });
    expect((await t.core.follows.follow(admin.id, banned.id, { visibleTargetsOnly: true })).outcome).toBe(
      "created",
    );
    await expectCountersExact();
  });

  it("visibleTargetsOnly: a private profile can still be followed and unfollowed", async () => {
    const [a, priv] = [await newUser(), await newUser({ privateProfile: true })];
    expect((await t.core.follows.follow(a.id, priv.id, { visibleTargetsOnly: true })).outcome).toBe(
      "created",
    );
    expect((await t.core.follows.unfollow(a.id, priv.id, { visibleTargetsOnly: true })).outcome).toBe(
      "removed",
    );
  });
});

describe("followsAsListed", () => {
  it("is true only while the edge is stored and both ends are listed", async () => {
    const [a, b] = [await newUser(), await newUser()];
    expect((await t.core.follows.followsAsListed(null, a.id, b.id)).follows).toBe(false);
    await t.core.follows.follow(a.id, b.id);
    expect(
      (await t.core.follows.followsAsListed(null, { username: a.username }, { username: b.username }))
        .follows,
    ).toBe(true);
    expect((await t.core.follows.followsAsListed(null, b.id, a.id)).follows).toBe(false);
    await t.core.users.moderate(1, a.id, "deactivate");
    expect((await t.core.follows.followsAsListed(null, a.id, b.id)).follows).toBe(false);
    await t.core.users.moderate(1, a.id, "activate");
    expect((await t.core.follows.followsAsListed(null, a.id, b.id)).follows).toBe(true);
  });

  it("reads the follower's following list: a private follower is user_not_found to others", async () => {
    const [priv, b] = [await newUser({ privateProfile: true }), await newUser()];
    await t.core.follows.follow(priv.id, b.id);
    await expect(t.core.follows.followsAsListed(null, priv.id, b.id)).rejects.toMatchObject({
      code: "user_not_found",
    });
    expect(
      (await t.core.follows.followsAsListed({ id: priv.id, isAdmin: false }, priv.id, b.id)).follows,
    ).toBe(true);
  });

  it("a private followee is on the follower's list, so the check says yes", async () => {
    const [a, priv] = [await newUser(), await newUser({ privateProfile: true })];
    await t.core.follows.follow(a.id, priv.id);
    expect((await t.core.follows.followsAsListed(null, a.id, priv.id)).follows).toBe(true);
  });

  it("a blocked followee or an unknown user is user_not_found", async () => {
    const [a, b] = [await newUser(), await newUser()];
    await t.core.follows.follow(a.id, b.id);
    await t.core.users.moderate(1, b.id, "block");
    await expect(t.core.follows.followsAsListed(null, a.id, b.id)).rejects.toMatchObject({
      code: "user_not_found",
    });
    await expect(
      t.core.follows.followsAsListed(null, { username: "nobody-at-all" }, a.id),
    ).rejects.toMatchObject({
      code: "user_not_found",
    });
  });
});

describe("deleteUser", () => {
  it("removes the user, its edges and tokens, and takes it out of every neighbour's counts", async () => {
    const [gone, fan, idol, mutual] = [await newUser(), await newUser(), await newUser(), await newUser()];
    await t.core.follows.follow(fan.id, gone.id);
    await t.core.follows.follow(gone.id, idol.id);
    await t.core.follows.follow(gone.id, mutual.id);
    await t.core.follows.follow(mutual.id, gone.id);
    const { secret } = await t.core.tokens.createToken(gone.id, { name: "t", scopes: ["api"] });
    await t.core.users.deleteUser(1, gone.id);
    expect(await t.core.users.findUser(gone.id)).toBeNull();
    expect((await t.core.tokens.resolveToken(secret)).status).toBe("unknown");
    expect((await t.core.users.findUser(fan.id))?.counts).toEqual({ followers: 0, following: 0 });
    expect((await t.core.users.findUser(idol.id))?.counts).toEqual({ followers: 0, following: 0 });
    expect((await t.core.users.findUser(mutual.id))?.counts).toEqual({ followers: 0, following: 0 });
    await expectCountersExact();
  });

  it("keeps counts exact when the deleted user was hidden (blocked)", async () => {
    const [gone, fan] = [await newUser(), await newUser()];
    await t.core.follows.follow(fan.id, gone.id);
    await t.core.users.moderate(1, gone.id, "block");
    await t.core.users.deleteUser(1, gone.id);
    await expectCountersExact();
  });

  it("refuses to delete yourself, and an unknown user is user_not_found", async () => {
    const a = await newUser();
    await expect(t.core.users.deleteUser(a.id, a.id)).rejects.toMatchObject({ code: "transition_refused" });
    expect(await t.core.users.findUser(a.id)).not.toBeNull();
    await expect(t.core.users.deleteUser(1, 987654321)).rejects.toMatchObject({ code: "user_not_found" });
  });
});
