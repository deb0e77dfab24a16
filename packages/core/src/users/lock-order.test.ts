import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, createCore } from "../core.ts";
import { type Database, openDatabase } from "../db/database.ts";
import { counterDrift } from "../testing/counters.ts";
import { createScratchDatabase, userInput } from "../testing/index.ts";

// The two interleavings that made moderation deadlock against follows, played step by step:
// a follow's transaction is held open on its own connection (taking the locks a follow takes,
// in the order it takes them) while the core moderates one end. PGlite has one connection and
// cannot deadlock, so this runs on PostgreSQL only.
const serverUrl = process.env.TEST_DATABASE_URL;

type Sql = ReturnType<typeof postgres>;

/** A promise with its resolve exposed: the test says when a held transaction may go on. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe.skipIf(!serverUrl)("one lock order for follows and moderation (PostgreSQL)", () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let observer: Sql;

  beforeAll(async () => {
    scratch = await createScratchDatabase(serverUrl!);
    const database = await openDatabase({ driver: "postgres", url: scratch.url, maxConnections: 1 });
    await database.migrate();
    await createCore({ db: database.db }).users.ensureRoot();
    await database.close();
    observer = postgres(scratch.url, { max: 1, onnotice: () => {} });
  });

  afterAll(async () => {
    await observer?.end();
    await scratch?.drop();
  });

  const deadlocks = async () =>
    Number(
      (await observer`select deadlocks from pg_stat_database where datname = current_database()`)[0]!
        .deadlocks,
    );

  /** Waits until `n` backends of this database wait for a lock. */
  async function lockWaiters(n: number) {
    for (;;) {
      const [row] = await observer`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`;
      if (row!.n >= n) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Backends report deadlocks when they exit at the latest: wait until all but ours are gone. */
  async function othersGone() {
    for (;;) {
      const [row] = await observer`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`;
      if (row!.n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** A core on a pool of its own and a connection for each held transaction, all closed by `done`. */
  async function scene(connections: number) {
    const database: Database = await openDatabase({
      driver: "postgres",
      url: scratch.url,
      maxConnections: 4,
    });
    const core: Core = createCore({ db: database.db });
    const raw = Array.from({ length: connections }, () =>
      postgres(scratch.url, { max: 1, onnotice: () => {} }),
    );
    const newUser = async () => (await core.users.createUser(userInput("lock"))).id;
    return {
      core,
      raw,
      newUser,
      drift: () => counterDrift(database.db),
      /** Closes everything and returns the deadlocks PostgreSQL found meanwhile. */
      async done(before: number) {
        await database.close();
        await Promise.all(raw.map((c) => c.end()));
        await othersGone();
        return (await deadlocks()) - before;
      },
    };
  }

  // A follow's first statement locks the pair's counter and user rows in id order; these
  // lock one user's rows at a time, to stop between the two.
  const lockOne = (tx: postgres.TransactionSql, id: number) =>
    tx`select c.user_id from user_counters c join users u on u.id = c.user_id
      where c.user_id = ${id} for no key update of c, u`;

  it("an unfollow of (n, u) holding n, with n < u, does not deadlock against moderating u", async () => {
    const before = await deadlocks();
    const { core, raw, newUser, drift, done } = await scene(1);
    const n = await newUser();
    const u = await newUser();
    await core.follows.follow(n, u);
    const holding = gate();
    const mayGoOn = gate();
    const unfollow = raw[0]!.begin(async (tx) => {
      await lockOne(tx, n);
      holding.open();
      await mayGoOn.opened;
      // Had the moderation locked u and then waited for n, this would close the cycle.
      await lockOne(tx, u);
      await tx`delete from follows where follower_id = ${n} and followee_id = ${u}`;
      await tx`update user_counters set following = following - 1, followee_rows = followee_rows - 1
        where user_id = ${n}`;
      await tx`update user_counters set followers = followers - 1, follower_rows = follower_rows - 1
        where user_id = ${u}`;
    });
    await holding.opened;
    const moderation = core.users.moderate(1, u, "block");
    await lockWaiters(1);
    mayGoOn.open();
    await unfollow;
    expect(await moderation).toBe(true);
    expect(await drift()).toEqual([]);
    expect(await done(before)).toBe(0);
  });

  it("a neighbour that arrives while moderation waits is locked without waiting out of order", async () => {
    const before = await deadlocks();
    const { core, raw, newUser, drift, done } = await scene(2);
    const x = await newUser();
    const u = await newUser();
    const holding = gate();
    const mayCommit = gate();
    // A follow of (x, u), committed only once the moderation of u has read u's neighbours
    // (none yet) and is waiting for u.
    const follow = raw[0]!.begin(async (tx) => {
      await lockOne(tx, x);
      await lockOne(tx, u);
      await tx`insert into follows (follower_id, followee_id) values (${x}, ${u})`;
      await tx`update user_counters set following = following + 1, followee_rows = followee_rows + 1
        where user_id = ${x}`;
      await tx`update user_counters set followers = followers + 1, follower_rows = follower_rows + 1
        where user_id = ${u}`;
      holding.open();
      await mayCommit.opened;
    });
    await holding.opened;
    const moderation = core.users.moderate(1, u, "block");
    await lockWaiters(1);
    // A second follow of (x, u) queues for x: it gets x as the first commits, then wants u,
    // which the moderation, seeing x only now, must not hold while waiting for x.
    const again = raw[1]!.begin(async (tx) => {
      await lockOne(tx, x);
      await lockOne(tx, u);
    });
    await lockWaiters(2);
    mayCommit.open();
    await Promise.all([follow, again]);
    expect(await moderation).toBe(true);
    expect((await core.users.findUser(x))?.counts.following).toBe(0);
    expect((await core.users.findUser(x))?.edges.following).toBe(1);
    expect(await drift()).toEqual([]);
    expect(await done(before)).toBe(0);
  });
});
