import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { jsonRow, preparedOnce, prepareJson } from "../db/json-statement.ts";
import { users } from "../db/schema.ts";
import { type CallerJson, callerJson } from "../tokens/caller.ts";
import { type RefKind, refKind, refMatches, refValue } from "../users/ref.ts";
import { USER_SUMMARY_FIELDS, type UserRef, type UserSummary, type Visibility } from "../users/user.ts";
import type { Direction, RowKey, Seek } from "./cursor.ts";

/** GitLab lists by the listed users' ids; GitHub by follow time, oldest first. */
export type ListOrder = "user_id" | "followed_at";

/** A list's owner: who it is, and its counters (listed users, and every stored row). */
export type ListOwner = Visibility & { listed: number; rows: number };

/** A list item, with its place in the list so the next page can seek from it. */
export type ListedUser = UserSummary & { followedAt: number };

/** Where a listed user sits in its list, for a cursor to seek from. */
export const keyOf = (user: ListedUser): RowKey => ({ followedAt: user.followedAt, userId: user.id });

type Mode = "offset" | "after" | "before";

/** The timestamptz literal for `micros` microseconds since the epoch, to the microsecond. */
function timestampOf(micros: number): string {
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  return `${iso.slice(0, 23)}${String(micros % 1000).padStart(3, "0")}Z`;
}

const visibilityJson = (alias: string) =>
  sql.raw(
    `json_build_object('id', ${alias}.id, 'state', ${alias}.state, 'privateProfile', ${alias}.private_profile)`,
  );

/**
 * A list item as JSON. In follow-time order `followedAt` is the follow's time in whole
 * microseconds since the epoch, exactly as stored: JavaScript dates keep only milliseconds,
 * and a seek from a rounded time would repeat or skip rows. In id order it is not needed (0),
 * and leaving it out keeps the page inside the id-ordered index.
 */
const itemJson = (order: ListOrder) =>
  jsonRow(users, "u", {
    only: USER_SUMMARY_FIELDS,
    extra: sql.raw(
      `'followedAt', ${order === "user_id" ? "0" : "(extract(epoch from p.created_at) * 1000000)::bigint"}`,
    ),
  }).sql;

/** The SQL of the list statement for one shape a route can ask for. */
export function listSql(direction: Direction, order: ListOrder, owner: RefKind, mode: Mode): SQL {
  const [ownerCol, listedCol] =
    direction === "followers" ? ["followee_id", "follower_id"] : ["follower_id", "followee_id"];
  const [listedCount, rowCount] =
    direction === "followers" ? ["followers", "follower_rows"] : ["following", "followee_rows"];
  const keys = order === "user_id" ? [listedCol] : ["created_at", listedCol];
  const desc = mode === "before";
  const orderBy = (alias: string, backwards = false) =>
    sql.raw(keys.map((k) => `${alias}.${k}${backwards ? " desc" : ""}`).join(", "));
  const tuple = (alias: string) =>
    sql.raw(keys.length === 1 ? `${alias}.${keys[0]}` : `(${keys.map((k) => `${alias}.${k}`).join(", ")})`);
  const bound =
    order === "user_id"
      ? sql`${sql.placeholder("id")}::bigint`
      : sql`(${sql.placeholder("at")}::timestamptz, ${sql.placeholder("id")}::bigint)`;
  const aggregate = (rows: SQL) =>
    sql`(select coalesce(json_agg(${itemJson(order)} order by ${orderBy("p")}), '[]'::json) from (${rows}) p
         join users u on u.id = p.${sql.raw(listedCol)} where u.state = 'active')`;
  // Rows in list order, only their keys, so the order's own index covers them; with
  // `shownOnly`, only the ones whose user shows.
  const rows = (shownOnly: boolean, where: SQL, extra: SQL) => sql`
    select ${sql.raw(keys.map((k) => `f.${k}`).join(", "))} from follows f
    ${shownOnly ? sql.raw(`join users v on v.id = f.${listedCol} and v.state = 'active'`) : sql``}
    where f.${sql.raw(ownerCol)} = o.id ${where}
    order by ${orderBy("f", desc)} ${extra}`;
  const limit = sql`limit ${sql.placeholder("limit")}`;
  const window = sql`limit ${sql.placeholder("limit")} offset ${sql.placeholder("offset")}`;
  const seek = sql`and ${tuple("f")} ${sql.raw(mode === "after" ? ">" : "<")} ${bound}`;

  // While no row of the list is hidden (the counters tell), the page is a plain range of
  // the covering index; otherwise each row visits its user to drop the hidden ones.
  const [where, extra] = mode === "offset" ? [sql``, window] : [seek, limit];
  const page = sql`case
    ${mode === "offset" ? sql`when ${sql.placeholder("offset")}::bigint >= o.listed then '[]'::json` : sql``}
    when o.listed = o.rows then ${aggregate(rows(false, where, extra))}
    else ${aggregate(rows(true, where, extra))} end`;

  return sql`
      select json_build_object(
        'caller', ${callerJson()},
        'owner', case when o.id is null then null else json_build_object(
          'id', o.id, 'state', o.state, 'privateProfile', o.private_profile, 'listed', o.listed, 'rows', o.rows) end,
        'page', case when o.id is null then '[]'::json else ${page} end) as r
      from (select 1) one
      left join lateral (
        select u.id, u.state, u.private_profile, c.${sql.raw(listedCount)} as listed, c.${sql.raw(rowCount)} as rows
        from users u join user_counters c on c.user_id = u.id
        where ${refMatches("u", owner, "owner")}) o on true`;
}

/** The SQL of a follow check between two users named by id or username. */
export const checkSql = (follower: RefKind, followee: RefKind): SQL => sql`
      select json_build_object(
        'caller', ${callerJson()},
        'follower', case when a.id is null then null else ${visibilityJson("a")} end,
        'followee', case when b.id is null then null else ${visibilityJson("b")} end,
        'follows', exists (select 1 from follows f where f.follower_id = a.id and f.followee_id = b.id)) as r
      from (select 1) one
      left join lateral (select * from users u where ${refMatches("u", follower, "follower")}) a on true
      left join lateral (select * from users u where ${refMatches("u", followee, "followee")}) b on true`;

/** The SQL of the look-up of a follow's target. */
export const targetSql = (kind: RefKind): SQL =>
  sql`select json_build_object('caller', ${callerJson()},
        'targetId', (select u.id from users u where ${refMatches("u", kind, "target")})) as r`;

const listName = (direction: Direction, order: ListOrder, owner: RefKind, mode: Mode) =>
  `list_${direction}_${order}_${owner}_${mode}`;
const checkName = (follower: RefKind, followee: RefKind) => `check_${follower}_${followee}`;
const targetName = (kind: RefKind) => `target_${kind}`;

// Every value of each union a statement varies on: a `Record` over the union fails to
// compile when a value is added, so `followReadStatements` cannot miss a new variant.
const keysOf = <K extends string>(record: Record<K, true>) => Object.keys(record) as K[];
const DIRECTIONS = keysOf<Direction>({ followers: true, following: true });
const ORDERS = keysOf<ListOrder>({ user_id: true, followed_at: true });
const REF_KINDS = keysOf<RefKind>({ id: true, username: true });
const MODES = keysOf<Mode>({ offset: true, after: true, before: true });

/**
 * Every statement `createFollowReads` may prepare, by its prepared name, with the SQL it
 * prepares: what the snapshot test pins so that every variant can be read whole.
 */
export function followReadStatements(): { name: string; query: SQL }[] {
  const statements: { name: string; query: SQL }[] = [];
  for (const direction of DIRECTIONS)
    for (const order of ORDERS)
      for (const owner of REF_KINDS)
        for (const mode of MODES)
          statements.push({
            name: listName(direction, order, owner, mode),
            query: listSql(direction, order, owner, mode),
          });
  for (const follower of REF_KINDS)
    for (const followee of REF_KINDS)
      statements.push({ name: checkName(follower, followee), query: checkSql(follower, followee) });
  for (const kind of REF_KINDS) statements.push({ name: targetName(kind), query: targetSql(kind) });
  return statements;
}

/**
 * The hot reads of follow lists and checks, each one statement that also identifies the
 * caller (see `callerJson`), so a signed-in read costs one round trip like an anonymous one.
 */
export function createFollowReads(db: Db) {
  const prepareList = (direction: Direction, order: ListOrder, owner: RefKind, mode: Mode) =>
    prepareJson<{
      caller: CallerJson;
      owner: ListOwner | null;
      page: ListedUser[];
    }>(db, listName(direction, order, owner, mode), listSql(direction, order, owner, mode));

  const lists = new Map<string, ReturnType<typeof prepareList>>();
  const listStatement = (direction: Direction, order: ListOrder, owner: RefKind, mode: Mode) =>
    preparedOnce(lists, `${direction}_${order}_${owner}_${mode}`, () =>
      prepareList(direction, order, owner, mode),
    );

  const prepareCheck = (follower: RefKind, followee: RefKind) =>
    prepareJson<{
      caller: CallerJson;
      follower: Visibility | null;
      followee: Visibility | null;
      follows: boolean;
    }>(db, checkName(follower, followee), checkSql(follower, followee));
  const checks = new Map<string, ReturnType<typeof prepareCheck>>();

  const prepareTarget = (kind: RefKind) =>
    prepareJson<{ caller: CallerJson; targetId: number | null }>(db, targetName(kind), targetSql(kind));
  const targets = new Map<string, ReturnType<typeof prepareTarget>>();

  return {
    /**
     * One page of a list and its owner, with the caller `digest` names. Starting at an
     * offset, the page is found by skipping rows in the covering index alone when no row of
     * the list is hidden (the counters tell), else by visiting each skipped row's user.
     */
    async selectListPage(
      digest: Uint8Array | null,
      direction: Direction,
      ownerRef: UserRef,
      order: ListOrder,
      limit: number,
      start: { offset: number } | Seek,
    ) {
      const owner = refKind(ownerRef);
      const mode: Mode = "toward" in start ? start.toward : "offset";
      const found = await listStatement(
        direction,
        order,
        owner,
        mode,
      )({
        digest,
        owner: refValue(ownerRef),
        limit,
        ...("toward" in start
          ? { at: timestampOf(start.key.followedAt), id: start.key.userId }
          : { offset: start.offset }),
      });
      // Items are handed on as parsed: copying a page's objects cost more than its query.
      const page = found.page;
      return { caller: found.caller, owner: found.owner, page };
    },

    /** The id a follow's target ref names (null for nobody), with the caller `digest` names. */
    async selectTarget(digest: Uint8Array | null, target: UserRef) {
      const kind = refKind(target);
      return preparedOnce(targets, kind, () => prepareTarget(kind))({ digest, target: refValue(target) });
    },

    /** Both users of a follow check, whether the edge is stored, and the caller `digest` names. */
    async selectCheck(digest: Uint8Array | null, follower: UserRef, followee: UserRef) {
      const [a, b] = [refKind(follower), refKind(followee)];
      return preparedOnce(checks, `${a}_${b}`, () => prepareCheck(a, b))({
        digest,
        follower: refValue(follower),
        followee: refValue(followee),
      });
    },
  };
}

export type FollowReads = ReturnType<typeof createFollowReads>;
