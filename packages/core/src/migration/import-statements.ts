import { sql } from "drizzle-orm";
import { rowsOf } from "../db/rows.ts";
import { sqlState } from "../db/sql-state.ts";
import type { Tx } from "../db/transaction.ts";
import type { CheckedBatch } from "./import-input.ts";

/** A NOWAIT lock that found its row held. */
const LOCK_NOT_AVAILABLE = "55P03";

// Set-based, as the seed is: the batch goes to the server as two JSON documents, lands in
// temporary tables (dropped at commit), and every step is one statement over a whole table,
// whatever the batch's size. The steps run in one transaction (import-batch.ts); they are few,
// since on a busy machine each round trip costs milliseconds.

/**
 * The transaction's settings, in one statement: memory for the sorts and hashes of a batch,
 * no JIT (compiling these few big statements costs more than it saves) and, where the role
 * may (a superuser's, as in PGlite and most test servers), no foreign-key triggers: every row
 * written refers to users that exist and that this transaction has created or locked, and
 * the checks, two probes an edge, would be most of the edges' insert. Elsewhere they run.
 */
export async function setImportSession(tx: Tx): Promise<void> {
  await tx.execute(sql`
    select set_config('work_mem', '64MB', true), set_config('jit', 'off', true),
      case when (select rolsuper from pg_roles where rolname = current_user)
        then set_config('session_replication_role', 'replica', true) end`);
}

/**
 * Loads the batch's users, by key (lower-case login), creating those no stored username
 * matches (case-insensitively) in the order the batch first names them, with their counter
 * rows; the email is a placeholder made from the id, as the seed's are. Each gets its stored
 * id; one a concurrent writer created meanwhile is skipped by the insert and has none (the
 * caller refuses the batch). Returns how many were created and the logins left without an id.
 */
export async function loadBatchUsers(
  tx: Tx,
  batch: CheckedBatch,
): Promise<{ created: number; missing: string[] }> {
  // No key on key: checkBatch merged each login's mentions, so the keys are distinct already,
  // and no statement looks a row up by it; its index (collated text) cost ~10 ms a batch.
  await tx.execute(sql`
    create temporary table import_users (
      n int not null, key text not null, login text not null, name text,
      github_login text, github_id bigint, gitlab_login text, gitlab_id bigint,
      owner boolean not null, id bigint, created boolean not null
    ) on commit drop`);
  const owners = new Set(batch.replaces.owners);
  // What a user lacks is left out of its row (json_to_recordset reads a missing key as null):
  // most users of a batch are a login alone, and the document is half the size.
  const rows = batch.users.map((u) => ({
    n: u.n,
    key: u.key,
    login: u.login,
    name: u.name ?? undefined,
    github_login: u.identities.github?.login,
    github_id: u.identities.github?.id,
    gitlab_login: u.identities.gitlab?.username,
    gitlab_id: u.identities.gitlab?.id,
    owner: owners.has(u.key) || undefined,
  }));
  // The users the insert creates are not visible to this statement's scan of users, only
  // through its RETURNING: an id comes from one or the other. The counts come back from the
  // same statement (one round trip fewer a batch).
  const [row] = rowsOf<{ created: number | string; missing: string[] | null }>(
    await tx.execute(sql`
    with given as materialized (
      select x.*, u.id as stored_id
      from json_to_recordset(${JSON.stringify(rows)}::json) as x(
        n int, key text, login text, name text,
        github_login text, github_id bigint, gitlab_login text, gitlab_id bigint, owner boolean)
      left join users u on lower(u.username) = x.key
    ),
    fresh as (
      select g.key, g.login, coalesce(g.name, g.login) as name, nextval(pg_get_serial_sequence('users', 'id')) as id
      from (select * from given where stored_id is null order by n) as g
    ),
    inserted as (
      insert into users (id, username, name, email)
      select id, login, name, 'import-' || id || '@example.com' from fresh order by id
      on conflict do nothing
      returning id, lower(username) as key
    ),
    counters as (insert into user_counters (user_id) select id from inserted),
    loaded as (
      insert into import_users (n, key, login, name, github_login, github_id, gitlab_login, gitlab_id, owner, id, created)
      select g.n, g.key, g.login, g.name, g.github_login, g.github_id, g.gitlab_login, g.gitlab_id,
        coalesce(g.owner, false), coalesce(g.stored_id, i.id), i.id is not null
      from given g left join inserted i on i.key = g.key
      returning login, id, created
    )
    select count(*) filter (where created) as created, array_agg(login) filter (where id is null) as missing
    from loaded`),
  );
  // Statistics only for the columns later statements filter or join on: the text columns'
  // (key, login, name) are most of analyze's cost and no plan reads them.
  await tx.execute(sql`analyze import_users (n, id, owner, github_login, gitlab_login)`);
  return { created: Number(row?.created ?? 0), missing: row?.missing ?? [] };
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
 * The batch's edges by id, each pair once (its first mention), except those across a block
 * (no edge exists across one). An edge without a time gets one just before now, in batch
 * order, so that lists in follow-time order keep the input's order (a later batch starts later
 * than this one's 1 µs steps reach back). The edges go as their ends' numbers in import_users
 * (a third of the document logins make). Returns how many pairs the batch names and how many
 * it holds.
 */
export async function loadBatchEdges(tx: Tx, batch: CheckedBatch): Promise<{ pairs: number; kept: number }> {
  await tx.execute(sql`
    create temporary table import_edges (
      follower_id bigint not null, followee_id bigint not null, at timestamptz not null,
      primary key (follower_id, followee_id)
    ) on commit drop`);
  const [row] = rowsOf<{ pairs: number | string; kept: number | string }>(
    await tx.execute(sql`
      with given as (
        select distinct on (f.id, e.id) f.id as follower_id, e.id as followee_id,
          coalesce(x.at, now() - (${batch.edges.length}::int - x.n + 1) * interval '1 microsecond') as at
        from json_to_recordset(${JSON.stringify(batch.edges)}::json) as x(n int, follower int, followee int, at timestamptz)
        join import_users f on f.n = x.follower
        join import_users e on e.n = x.followee
        order by f.id, e.id, x.n
      ),
      kept as (
        insert into import_edges (follower_id, followee_id, at)
        select g.follower_id, g.followee_id, g.at from given g
        where not exists (select 1 from user_blocks b where b.blocker_id = g.follower_id and b.blocked_id = g.followee_id)
          and not exists (select 1 from user_blocks b where b.blocker_id = g.followee_id and b.blocked_id = g.follower_id)
        returning 1
      )
      select (select count(*) from given) as pairs, (select count(*) from kept) as kept`),
  );
  await tx.execute(sql`analyze import_edges`);
  return { pairs: Number(row?.pairs ?? 0), kept: Number(row?.kept ?? 0) };
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

/** The changes the batch asks for now: its edges not stored (+1) and, overwriting, the replaced ones (-1). */
const wantedChanges = (mode: "merge" | "overwrite", list: "following" | "followers") => sql`
  select e.follower_id, e.followee_id, 1 as delta from import_edges e
  where not exists (select 1 from follows f where f.follower_id = e.follower_id and f.followee_id = e.followee_id)
  ${mode === "overwrite" ? sql`union all select r.follower_id, r.followee_id, -1 from (${replacedEdges(list)}) as r` : sql``}`;

/** The users whose counters the wanted changes move (and the owners, whose lists an overwrite replaces). */
const touchedUsers = (mode: "merge" | "overwrite") => sql`
  select follower_id as id from wanted union select followee_id from wanted
  ${mode === "overwrite" ? sql`union select id from import_users where owner` : sql``}`;

const lockRows = (nowait: boolean) => sql`
  select c.user_id from user_counters c join users u on u.id = c.user_id
  where c.user_id in (${sql`select id from touched`})
  order by c.user_id
  for no key update${nowait ? sql` nowait` : sql``}`;

/**
 * Locks the users whose counters the batch changes, as LOCK ORDER in users/repository.ts asks
 * of every counter writer (counter row then user row, ascending id, one statement), and
 * settles the changes: only the ends of the edges it adds or removes, so a batch that is
 * stored already locks nobody. What to change is read as the lock is taken, NOWAIT, into
 * import_changes: every pair written afterwards is in import_changes, and both its ends are
 * held. Only when a row is held elsewhere (rare in an import: it costs the statement, under a
 * savepoint) does it wait for the rows, then read again NOWAIT (a newcomer's rows held
 * meanwhile fail that statement, and the transaction runs again from the start); an import's
 * batch that meets no writer reads its changes once, not twice.
 */
export async function lockAndSettleChanges(
  tx: Tx,
  mode: "merge" | "overwrite",
  list: "following" | "followers",
): Promise<void> {
  const wanted = wantedChanges(mode, list);
  await tx.execute(sql`
    create temporary table import_changes (
      follower_id bigint not null, followee_id bigint not null, delta int not null,
      primary key (follower_id, followee_id)
    ) on commit drop`);
  const settle = (on: Tx) =>
    on.execute(sql`
      with wanted as materialized (${wanted}),
      touched as (${touchedUsers(mode)}),
      locked as (${lockRows(true)})
      insert into import_changes select * from wanted where (select count(*) from locked) >= 0`);
  // The batch touches a few thousand users of many. Going by statistics an import outgrows
  // (it is what grows users), the planner scanned and sorted all of users and user_counters to
  // join them to the touched ids: 85 ms a settle where index probes take 65 (80,000 users, more
  // as the store grows). Only for these statements: the batch's other joins, over temporary
  // tables unindexed on what they join, want hashes. Two round trips, well under a ms each.
  await pinIndexPlans(tx, true);
  try {
    await tx.transaction(settle);
  } catch (error) {
    if (sqlState(error) !== LOCK_NOT_AVAILABLE) throw error;
    await tx.execute(sql`
      with wanted as (${wanted}), touched as (${touchedUsers(mode)})
      ${lockRows(false)}`);
    await settle(tx);
  }
  await pinIndexPlans(tx, false);
}

/** Turns hash and merge joins off (or back on) until told otherwise or the transaction ends. */
async function pinIndexPlans(tx: Tx, pinned: boolean): Promise<void> {
  const value = pinned ? "off" : "on";
  await tx.execute(
    sql`select set_config('enable_hashjoin', ${value}, true), set_config('enable_mergejoin', ${value}, true)`,
  );
}

/**
 * The write, in one statement: removes the replaced edges and adds the new ones that
 * import_changes settled (a stored edge keeps its time; a pair a concurrent writer added or
 * removed meanwhile is left as that writer left it), in follower then time order so the
 * follower-first indexes grow at their ends; and moves each changed user's counters by what
 * the changed edges add up to, by the schema's definitions (the *_rows count every edge,
 * followers/following only those whose other end is active). The counters were exact and
 * every touched row is locked, so they stay exact, at a cost that follows the batch, not the
 * users' degrees. Removed and added pairs are disjoint, so one snapshot serves both.
 */
export async function writeBatchEdges(tx: Tx): Promise<{ added: number; removed: number }> {
  const [row] = rowsOf<{ added: number | string; removed: number | string }>(
    await tx.execute(sql`
      with gone as (
        delete from follows f using import_changes r
        where r.delta = -1 and f.follower_id = r.follower_id and f.followee_id = r.followee_id
        returning f.follower_id, f.followee_id, -1 as delta
      ),
      added as (
        insert into follows (follower_id, followee_id, created_at)
        select e.follower_id, e.followee_id, e.at from import_edges e
        join import_changes ch on ch.delta = 1 and ch.follower_id = e.follower_id and ch.followee_id = e.followee_id
        order by e.follower_id, e.at
        on conflict do nothing
        returning follower_id, followee_id, 1 as delta
      ),
      changes as (select * from gone union all select * from added),
      moved as (
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
            from changes ch join users o on o.id = ch.follower_id
            union all
            select ch.follower_id, 0, case when o.state = 'active' then ch.delta else 0 end, ch.delta, 0
            from changes ch join users o on o.id = ch.followee_id
          ) as each_end
          group by id
        ) as d
        where c.user_id = d.id
        returning 1
      )
      select (select count(*) from added) as added, (select count(*) from gone) as removed,
        (select count(*) from moved) as moved`),
  );
  return { added: Number(row?.added ?? 0), removed: Number(row?.removed ?? 0) };
}
