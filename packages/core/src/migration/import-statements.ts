import { sql } from "drizzle-orm";
import { affectedRows, rowsOf } from "../db/rows.ts";
import type { Tx } from "../db/transaction.ts";
import type { CheckedBatch } from "./import-input.ts";

// Set-based, as the seed is: the batch goes to the server as two JSON documents, lands in
// temporary tables (dropped at commit), and every step is one statement over a whole table,
// whatever the batch's size. The steps run in one transaction (import-batch.ts).

export async function setImportSession(tx: Tx): Promise<void> {
  await tx.execute(sql`set local work_mem = '64MB'`);
  // Compiling these few big statements costs more than it saves.
  await tx.execute(sql`set local jit = off`);
}

/** The batch's users, by key (lower-case login); `id` is filled once they all exist. */
export async function loadBatchUsers(tx: Tx, batch: CheckedBatch): Promise<void> {
  await tx.execute(sql`
    create temporary table import_users (
      n int not null, key text primary key, login text not null, name text,
      github_login text, github_id bigint, gitlab_login text, gitlab_id bigint,
      owner boolean not null, id bigint
    ) on commit drop`);
  const owners = new Set(batch.replaces.owners);
  const rows = batch.users.map((u) => ({
    n: u.n,
    key: u.key,
    login: u.login,
    name: u.name,
    github_login: u.identities.github?.login ?? null,
    github_id: u.identities.github?.id ?? null,
    gitlab_login: u.identities.gitlab?.username ?? null,
    gitlab_id: u.identities.gitlab?.id ?? null,
    owner: owners.has(u.key),
  }));
  await tx.execute(sql`
    insert into import_users (n, key, login, name, github_login, github_id, gitlab_login, gitlab_id, owner)
    select * from json_to_recordset(${JSON.stringify(rows)}::json) as x(
      n int, key text, login text, name text,
      github_login text, github_id bigint, gitlab_login text, gitlab_id bigint, owner boolean)`);
}

/**
 * Creates the users no stored username matches (case-insensitively), in the order the batch
 * first names them, with their counter rows; the email is a placeholder made from the id,
 * as the seed's are. A user a concurrent writer created meanwhile is skipped, not an error.
 * Then every batch user gets its stored id. Returns how many were created.
 */
export async function insertMissingUsers(tx: Tx): Promise<number> {
  const created = affectedRows(
    await tx.execute(sql`
      with fresh as (
        select s.login, coalesce(s.name, s.login) as name, nextval(pg_get_serial_sequence('users', 'id')) as id
        from (
          select * from import_users s
          where not exists (select 1 from users u where lower(u.username) = s.key)
          order by s.n
        ) as s
      ),
      inserted as (
        insert into users (id, username, name, email)
        select id, login, name, 'import-' || id || '@example.com' from fresh order by id
        on conflict do nothing
        returning id
      )
      insert into user_counters (user_id) select id from inserted`),
  );
  await tx.execute(sql`update import_users s set id = u.id from users u where lower(u.username) = s.key`);
  await tx.execute(sql`analyze import_users`);
  return created;
}

/**
 * Records each user's forge identities, or updates the login a forge knows it by. An identity
 * whose forge id another stored user already holds is left as it is: that id names the other
 * user (renamed on the forge since, say), and only a later migration can say which is right.
 */
export async function upsertIdentities(tx: Tx): Promise<void> {
  await tx.execute(sql`
    insert into user_identities (user_id, forge, external_id, login)
    select i.user_id, i.forge, i.external_id, i.login
    from (
      select id as user_id, 'github' as forge, github_id as external_id, github_login as login
      from import_users where github_login is not null
      union all
      select id, 'gitlab', gitlab_id, gitlab_login from import_users where gitlab_login is not null
    ) as i
    where not exists (
      select 1 from user_identities x
      where x.forge = i.forge and x.external_id = i.external_id and x.user_id <> i.user_id)
    on conflict (user_id, forge) do update
      set login = excluded.login, external_id = coalesce(excluded.external_id, user_identities.external_id)`);
}

/**
 * The batch's edges by id, each pair once (its first mention). An edge without a time gets one
 * just before now, in batch order, so that lists in follow-time order keep the input's order
 * (a later batch starts later than this one's 1 µs steps reach back). Edges across a block are
 * dropped, as no edge exists across one; returns how many.
 */
export async function loadBatchEdges(tx: Tx, batch: CheckedBatch): Promise<number> {
  await tx.execute(sql`
    create temporary table import_edges (
      follower_id bigint not null, followee_id bigint not null, at timestamptz not null,
      primary key (follower_id, followee_id)
    ) on commit drop`);
  await tx.execute(sql`
    insert into import_edges (follower_id, followee_id, at)
    select distinct on (f.id, e.id) f.id, e.id,
      coalesce(x.at, now() - (${batch.edges.length}::int - x.n + 1) * interval '1 microsecond')
    from json_to_recordset(${JSON.stringify(batch.edges)}::json) as x(n int, follower text, followee text, at timestamptz)
    join import_users f on f.key = x.follower
    join import_users e on e.key = x.followee
    order by f.id, e.id, x.n`);
  const skipped = affectedRows(
    await tx.execute(sql`
      delete from import_edges e
      where exists (select 1 from user_blocks b where b.blocker_id = e.follower_id and b.blocked_id = e.followee_id)
        or exists (select 1 from user_blocks b where b.blocker_id = e.followee_id and b.blocked_id = e.follower_id)`),
  );
  await tx.execute(sql`analyze import_edges`);
  return skipped;
}

/** The stored edges an overwrite replaces: the owners' lists, minus what the batch holds. */
const replacedEdges = (list: "following" | "followers") => {
  const owner = sql.raw(list === "following" ? "follower_id" : "followee_id");
  return sql`
    select f.follower_id, f.followee_id from follows f
    join import_users o on o.owner and f.${owner} = o.id
    where not exists (
      select 1 from import_edges e where e.follower_id = f.follower_id and e.followee_id = f.followee_id)`;
};

/**
 * Locks every user whose counters the batch may change (both ends of its edges, the owners,
 * and in overwrite mode the other ends of the edges it replaces): counter row then user row,
 * in ascending id, in one statement, as LOCK ORDER in users/repository.ts asks of every
 * counter writer. A follow that lands on a replaced list after this read is not removed.
 */
export async function lockTouchedUsers(
  tx: Tx,
  mode: "merge" | "overwrite",
  batch: CheckedBatch,
): Promise<void> {
  const otherEnd = sql.raw(batch.replaces.list === "following" ? "followee_id" : "follower_id");
  const replaced =
    mode === "overwrite"
      ? sql`union select r.${otherEnd} from (${replacedEdges(batch.replaces.list)}) as r`
      : sql``;
  await tx.execute(sql`
    select c.user_id from user_counters c join users u on u.id = c.user_id
    where c.user_id in (select id from import_users ${replaced})
    order by c.user_id
    for no key update`);
}

/** The edges this batch changed, +1 added and -1 removed, for the counters. */
export async function createChangeTable(tx: Tx): Promise<void> {
  await tx.execute(sql`
    create temporary table import_changes (follower_id bigint not null, followee_id bigint not null, delta int not null)
    on commit drop`);
}

/** Overwrite: removes the owners' stored edges the batch does not hold; returns how many. */
export async function deleteReplacedEdges(tx: Tx, list: "following" | "followers"): Promise<number> {
  return affectedRows(
    await tx.execute(sql`
      with gone as (
        delete from follows f using (${replacedEdges(list)}) as r
        where f.follower_id = r.follower_id and f.followee_id = r.followee_id
        returning f.follower_id, f.followee_id
      )
      insert into import_changes select follower_id, followee_id, -1 from gone`),
  );
}

/**
 * Adds the batch's edges that are not stored yet (a stored edge keeps its time), written in
 * follower then time order so the follower-first indexes grow at their ends; returns how many.
 */
export async function insertBatchEdges(tx: Tx): Promise<number> {
  return affectedRows(
    await tx.execute(sql`
      with added as (
        insert into follows (follower_id, followee_id, created_at)
        select follower_id, followee_id, at from import_edges order by follower_id, at
        on conflict do nothing
        returning follower_id, followee_id
      )
      insert into import_changes select follower_id, followee_id, 1 from added`),
  );
}

/**
 * Moves each changed user's counters by what the changed edges add up to, by the schema's
 * definitions: the *_rows count every edge, followers/following only those whose other end
 * is active. The counters were exact and every touched row is locked, so they stay exact,
 * at a cost that follows the batch, not the users' degrees.
 */
export async function updateChangedCounters(tx: Tx): Promise<void> {
  await tx.execute(sql`
    update user_counters c set
      followers = c.followers + d.followers,
      following = c.following + d.following,
      followee_rows = c.followee_rows + d.followee_rows,
      follower_rows = c.follower_rows + d.follower_rows
    from (
      select id, sum(followers)::int as followers, sum(following)::int as following,
        sum(followee_rows)::int as followee_rows, sum(follower_rows)::int as follower_rows
      from (
        select ch.followee_id as id, case when o.state = 'active' then ch.delta else 0 end as followers,
          0 as following, 0 as followee_rows, ch.delta as follower_rows
        from import_changes ch join users o on o.id = ch.follower_id
        union all
        select ch.follower_id, 0, case when o.state = 'active' then ch.delta else 0 end, ch.delta, 0
        from import_changes ch join users o on o.id = ch.followee_id
      ) as each_end
      group by id
    ) as d
    where c.user_id = d.id`);
}

/** Users of the batch that have no id: someone deleted them between the insert and now. */
export async function missingBatchUsers(tx: Tx): Promise<string[]> {
  return rowsOf<{ login: string }>(
    await tx.execute(sql`select login from import_users where id is null`),
  ).map((r) => r.login);
}
