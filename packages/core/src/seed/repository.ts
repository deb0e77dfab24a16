import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { rowsOf } from "../db/rows.ts";
import type { Tx } from "../db/transaction.ts";

// Everything here is set-based: the new users live in a temporary table that maps their
// ordinals 1..N to the ids the identity sequence gave them, and the graph is drawn in
// ordinal space, so a random seed gives the same graph whatever the ids are.

/** postgres.js reports a write's row count as `count`, PGlite as `affectedRows`. */
const affected = (result: unknown) => {
  const r = result as { count?: number | null; affectedRows?: number };
  return Number(r.count ?? r.affectedRows ?? 0);
};

/**
 * Spreads M follow times over the past year, one step apart. Follows are written follower
 * by follower, so edge g (0-based, in writing order) gets time slot (g × stride) mod M:
 * a stride coprime to M makes that a permutation, which keeps every time distinct while
 * no one's followers arrive in id order.
 */
export interface FollowTimes {
  edges: number;
  stride: number;
  stepMicros: number;
}

const followTime = (edge: SQL, t: FollowTimes) => sql`
  now() - interval '1 year'
  + ((${edge}) * ${t.stride}::bigint % ${t.edges}::bigint + 1) * ${t.stepMicros}::bigint * interval '1 microsecond'`;

export async function setSeedSession(tx: Tx, randomSeed: number | null): Promise<void> {
  // The aggregates and sorts below hold one chunk of edges or all new users at once.
  await tx.execute(sql`set local work_mem = '64MB'`);
  // Compiling these few big statements costs more than it saves.
  await tx.execute(sql`set local jit = off`);
  if (randomSeed !== null) await tx.execute(sql`select setseed(${randomSeed / 2 ** 31}::float8)`);
}

/**
 * Takes N ids from the users' identity sequence. Ordinals follow the ids, so ordinal 1 is
 * the first user created, even if another session took ids in between.
 */
export async function insertSeedIds(tx: Tx, n: number): Promise<{ firstUserId: number; lastUserId: number }> {
  await tx.execute(
    sql`create temporary table seed_ids (n int primary key, id bigint not null) on commit drop`,
  );
  await tx.execute(sql`
    insert into seed_ids (n, id)
    select row_number() over (order by id), id
    from (select nextval(pg_get_serial_sequence('users', 'id')) as id from generate_series(1, ${n}::int)) as s`);
  await tx.execute(sql`analyze seed_ids`);
  const [row] = rowsOf(await tx.execute(sql`select min(id) as first, max(id) as last from seed_ids`));
  return { firstUserId: Number(row!.first), lastUserId: Number(row!.last) };
}

/** Names come from the ids, which the sequence never hands out twice, so reruns do not collide. */
export async function insertSeedUsers(tx: Tx, n: number): Promise<void> {
  // Created before any of their follows, in id order.
  await tx.execute(sql`
    insert into users (id, username, name, email, created_at, updated_at)
    select id, 'seed-' || id, 'Seed User ' || id, 'seed-' || id || '@example.com', at, at
    from (
      select id, now() - interval '1 year' - (${n}::int - n + 1) * interval '1 millisecond' as at
      from seed_ids
    ) as s
    order by id`);
}

/** K random new users follow the first one: edges 0..K-1. */
export async function insertPopularFollows(tx: Tx, k: number, times: FollowTimes): Promise<number> {
  return affected(
    await tx.execute(sql`
      insert into follows (follower_id, followee_id, created_at)
      select p.id, (select id from seed_ids where n = 1), ${followTime(sql`row_number() over (order by p.r) - 1`, times)}
      from (select id, random() as r from seed_ids where n > 1 order by r limit ${k}::int) as p
      order by p.id`),
  );
}

export interface BlockFollows {
  n: number;
  /** The lowest followee ordinal: 2 keeps everyone but the popular user's K off ordinal 1. */
  lowestFollowee: number;
  /** The block's follower ordinals, inclusive. */
  firstFollower: number;
  lastFollower: number;
  /** How many follows to add at most. */
  limit: number;
  /** Random pairs to draw, or "all" to draw from every pair of the block when it is dense. */
  draws: number | "all";
  /** Whether the block already has follows that a draw could repeat. */
  hasFollows: boolean;
  /** The number of the first edge this call writes. */
  firstEdge: number;
  times: FollowTimes;
}

/**
 * Adds up to `limit` random follows by the block's followers, skipping self-follows, pairs
 * drawn twice and, in a block that has some, pairs already stored; returns how many it
 * added. Candidates keep the order they were drawn in, so which are kept does not depend
 * on the ids. Blocks are written in follower order, so the follower-first indexes only
 * grow at their end.
 */
export async function insertBlockFollows(tx: Tx, o: BlockFollows): Promise<number> {
  const followers = o.lastFollower - o.firstFollower + 1;
  // A follower at or above the lowest followee cannot follow itself: one fewer choice.
  const candidates =
    o.draws === "all"
      ? sql`
        select f, e, random() as i
        from generate_series(${o.firstFollower}::int, ${o.lastFollower}::int) as f,
          generate_series(${o.lowestFollowee}::int, ${o.n}::int) as e
        where f <> e`
      : sql`
        select f, e, min(i) as i
        from (
          select i, f, case when f >= ${o.lowestFollowee}::int and r >= f then r + 1 else r end as e
          from (
            select i, f,
              ${o.lowestFollowee}::int + floor(random() * (${o.n}::int - ${o.lowestFollowee}::int + 1
                - (f >= ${o.lowestFollowee}::int)::int))::int as r
            from (
              select i, ${o.firstFollower}::int + floor(random() * ${followers}::int)::int as f
              from generate_series(1, ${o.draws}::int) as i
            ) as follower
          ) as drawn
        ) as pairs
        group by f, e`;
  const unstored = o.hasFollows
    ? sql`where not exists (select 1 from follows x where x.follower_id = fs.id and x.followee_id = es.id)`
    : sql``;
  const edge = sql`${o.firstEdge}::bigint + row_number() over (order by c.i) - 1`;
  return affected(
    await tx.execute(sql`
      insert into follows (follower_id, followee_id, created_at)
      select * from (
        select fs.id, es.id, ${followTime(edge, o.times)} as at
        from (${candidates}) as c
        join seed_ids fs on fs.n = c.f
        join seed_ids es on es.n = c.e
        ${unstored}
        order by c.i
        limit ${o.limit}::int
      ) as kept
      order by 1, 3`),
  );
}

/**
 * Every counter of the new users, from their stored follows. They follow only one another
 * and are all active, so each listed count equals its row count, and no other user's
 * counters change.
 */
export async function insertSeedCounters(tx: Tx): Promise<void> {
  const tally = (owner: SQL) => sql`
    select f.${owner} as id, count(*)::int as rows
    from follows f join seed_ids s on s.id = f.${owner}
    group by f.${owner}`;
  await tx.execute(sql`
    insert into user_counters (user_id, followers, following, followee_rows, follower_rows)
    select s.id, coalesce(i.rows, 0), coalesce(o.rows, 0), coalesce(o.rows, 0), coalesce(i.rows, 0)
    from seed_ids s
    left join (${tally(sql.raw("followee_id"))}) as i on i.id = s.id
    left join (${tally(sql.raw("follower_id"))}) as o on o.id = s.id`);
}

/** Fresh statistics and visibility maps, so plans and index-only scans suit the new rows at once. */
export async function vacuumAnalyzeGraph(db: Db): Promise<void> {
  await db.execute(sql`vacuum analyze users, user_counters, follows`);
}
