import { type Db, openPglite, openPostgres } from "./reference/db.ts";

/** What the check of every user's counters against COUNT(*) found. */
export interface CounterCheck {
  /** Which store was checked ("PostgreSQL", "PGlite, gateway's copy", …). */
  store: string;
  users: number;
  /** Users whose counters differ from the edges stored; 0 when exact. */
  wrong: number;
}

/**
 * followers/following count edges whose other end is active, *_rows count every edge: each
 * compared with COUNT(*) over follows for every user.
 */
const WRONG_COUNTERS = `
  with counted as (
    select u.id,
      (select count(*) from follows f join users o on o.id = f.follower_id and o.state = 'active'
        where f.followee_id = u.id) as followers,
      (select count(*) from follows f join users o on o.id = f.followee_id and o.state = 'active'
        where f.follower_id = u.id) as following,
      (select count(*) from follows f where f.followee_id = u.id) as follower_rows,
      (select count(*) from follows f where f.follower_id = u.id) as followee_rows
    from users u)
  select count(*)::int as users,
    count(*) filter (where c.user_id is null or c.followers <> n.followers or c.following <> n.following
      or c.follower_rows <> n.follower_rows or c.followee_rows <> n.followee_rows)::int as wrong
  from counted n left join user_counters c on c.user_id = n.id`;

async function check(db: Db, store: string): Promise<CounterCheck> {
  try {
    const [row] = await db.query<{ users: number; wrong: number }>(WRONG_COUNTERS);
    return { store, users: row?.users ?? 0, wrong: row?.wrong ?? 0 };
  } finally {
    await db.close();
  }
}

/** Checks a PostgreSQL database while the servers may still run (they are idle by then). */
export const checkPostgresCounters = (url: string, store: string) => check(openPostgres(url), store);

/** Checks a PGlite directory; nothing else may have it open. */
export const checkPgliteCounters = async (dataDir: string, store: string) =>
  check(await openPglite(dataDir), store);
