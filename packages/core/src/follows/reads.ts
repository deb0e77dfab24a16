import { type SQL, sql } from "drizzle-orm";
import { alias, type PgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../db/database.ts";
import { jsonRow, preparedOnce, prepareJson, prepareRows } from "../db/json-statement.ts";
import { recordRow } from "../db/record-text.ts";
import { follows, userCounters, users } from "../db/schema.ts";
import { type CallerJson, callerSql } from "../tokens/caller-sql.ts";
import { type RefKind, refKind, refMatches, refValue } from "../users/ref.ts";
import { USER_SUMMARY_FIELDS, type UserRef, type UserSummary, type Visibility } from "../users/user.ts";
import type { Direction, RowKey, Seek } from "./cursor.ts";

/** GitLab lists by the listed users' ids; GitHub by follow time, oldest first. */
export type ListOrder = "user_id" | "followed_at";

/** A list's owner: who it is, and its counters (listed users, and every stored row). */
export type ListOwner = Visibility & { listed: number; rows: number };

/** Where a listed user sits in its list, for a cursor to seek from. */
export const keyOf = (user: ListedUser): RowKey => ({ followedAt: user.followedAt, userId: user.id });

type Mode = "offset" | "after" | "before";

/** The timestamptz literal for `micros` microseconds since the epoch, to the microsecond. */
function timestampOf(micros: number): string {
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  return `${iso.slice(0, 23)}${String(micros % 1000).padStart(3, "0")}Z`;
}

// The aliases the statements name their tables by: rows of a list (f), a user (u), the user
// a row lists, visited to see whether it shows (v), and a user's counters (c).
const f = alias(follows, "f");
const u = alias(users, "u");
const v = alias(users, "v");
const c = alias(userCounters, "c");

/**
 * What the two lists differ in: the end of a follow that owns the list, the end it lists, and
 * the owner's counters of it (users listed, and rows stored, hidden ones included).
 */
const BY_DIRECTION = {
  followers: { ownerId: f.followeeId, listedId: f.followerId, listed: c.followers, rows: c.followerRows },
  following: { ownerId: f.followerId, listedId: f.followeeId, listed: c.following, rows: c.followeeRows },
} satisfies Record<Direction, { ownerId: PgColumn; listedId: PgColumn; listed: PgColumn; rows: PgColumn }>;

/**
 * What the two orders differ in. `keys`: the columns a page is sorted and sought by, those of
 * the index that covers the list after its owner (by id: the primary key or
 * follows_followee_follower_idx; by time: follows_*_time_idx), named as a page's rows and the
 * seek's placeholders name them. `followedAt`: a list item's, the follow's time in whole
 * microseconds since the epoch, exactly as stored (JavaScript dates keep only milliseconds, and
 * a seek from a rounded time would repeat or skip rows); in id order no cursor needs it, and 0
 * keeps the page inside the id-ordered index.
 */
const BY_ORDER = {
  user_id: { keys: (listedId: PgColumn) => ({ id: listedId }), followedAt: sql`0` },
  followed_at: {
    keys: (listedId: PgColumn) => ({ at: f.createdAt, id: listedId }),
    followedAt: sql`(extract(epoch from p.at) * 1000000)::bigint`,
  },
} satisfies Record<ListOrder, { keys: (listedId: PgColumn) => { id: PgColumn }; followedAt: SQL }>;

const VISIBILITY_FIELDS = ["id", "state", "privateProfile"] as const satisfies readonly (keyof Visibility)[];

/** A list item's fields as one text (see `ListedUser`), read only when a serializer needs them. */
const listedRecord = recordRow(u, USER_SUMMARY_FIELDS);
if (USER_SUMMARY_FIELDS[0] !== "id") throw new Error("a listed user's record must start with its id");

/**
 * A list item as its row was read: the user's id, where the row sits in its list, and
 * `source`, the user's fields as PostgreSQL wrote them in one text. Equal sources mean equal
 * fields, so a serializer may keep what it built from a source and reuse it while a fresh
 * read brings the same one; `user` parses the fields only when something asks for them.
 */
export class ListedUser {
  readonly id: number;
  #user: UserSummary | undefined;
  constructor(
    readonly source: string,
    /** The follow's time in whole microseconds since the epoch (0 in id order). */
    readonly followedAt: number,
  ) {
    this.id = Number(source.slice(1, source.indexOf(",")));
  }
  get user(): UserSummary {
    this.#user ??= listedRecord.parse(this.source) as UserSummary;
    return this.#user;
  }
}

/** The SQL of the list statement for one shape a route can ask for. */
export function listSql(direction: Direction, order: ListOrder, owner: RefKind, mode: Mode): SQL {
  const { ownerId, listedId, listed, rows } = BY_DIRECTION[direction];
  const keys = Object.entries(BY_ORDER[order].keys(listedId));
  const eachKey = (each: (name: string, column: PgColumn) => SQL) =>
    sql.join(
      keys.map(([name, column]) => each(name, column)),
      sql`, `,
    );
  const bound = eachKey((name, column) => sql`${sql.placeholder(name)}::${sql.raw(column.getSQLType())}`);
  const seek =
    mode === "offset"
      ? sql``
      : sql`and (${eachKey((_, column) => sql`${column}`)}) ${sql.raw(mode === "after" ? ">" : "<")} (${bound})`;
  const window =
    mode === "offset"
      ? sql`limit ${sql.placeholder("limit")} offset ${sql.placeholder("offset")}`
      : sql`limit ${sql.placeholder("limit")}`;
  const pastTheEnd = mode === "offset" ? sql` and ${sql.placeholder("offset")}::bigint < o.listed` : sql``;

  // The page's keys in list order (backwards before a cursor), so that the order's index
  // covers them; with `shownOnly`, only those whose user shows, each visited. `when` holds
  // only the owner's columns, so PostgreSQL checks it once and runs only the branch it admits.
  const keysOfPage = (shownOnly: boolean, when: SQL) => sql`(
              select ${eachKey((name, column) => sql`${column} as ${sql.raw(name)}`)} from ${follows} ${f}
              ${shownOnly ? sql`join ${users} ${v} on ${v.id} = ${listedId} and ${v.state} = 'active'` : sql``}
              where ${ownerId} = o.id and ${when}${pastTheEnd}
                ${seek}
              order by ${eachKey((_, column) => (mode === "before" ? sql`${column} desc` : sql`${column}`))} ${window})`;

  // One row per list item, in list order: the follow's time and the user's fields as a record's
  // text (PostgreSQL writes that several times faster than it builds JSON of the same fields),
  // the caller and the owner on the first row only; an empty page is one row without an item.
  // While no row of the list is hidden (the counters tell), the page is a plain range of the
  // covering index, which skips to an offset without visiting users; otherwise each row visits
  // its user to drop the hidden ones. They are two branches because one condition
  // `o.listed = o.rows or v...` would still visit the user of every row it skips (EXPLAIN:
  // 1,100 visits for page 11).
  return sql`
      select case when page.n is null or page.n = 1 then ${callerSql.json} end as caller,
        case when page.n is null or page.n = 1 then o.json end as owner, page.at, page.item
      ${callerSql.from}
      left join lateral (
          select ${u.id} as id, ${listed} as listed, ${rows} as rows,
            ${jsonRow(u, { only: VISIBILITY_FIELDS, extra: sql`'listed', ${listed}, 'rows', ${rows}` }).sql} as json
          from ${users} ${u} join ${userCounters} ${c} on ${c.userId} = ${u.id}
          where ${refMatches(u, owner, "owner")}) o on true
      left join lateral (
          select row_number() over (order by ${eachKey((name) => sql.raw(`p.${name}`))}) as n,
            ${BY_ORDER[order].followedAt}::text as at, ${listedRecord.sql} as item
          from (${keysOfPage(false, sql`o.listed = o.rows`)}
            union all ${keysOfPage(true, sql`o.listed <> o.rows`)}) p
          join ${users} ${u} on ${u.id} = p.id where ${u.state} = 'active') page on true
      order by page.n`;
}

const visibilityJson = jsonRow(u, { only: VISIBILITY_FIELDS });

/** The SQL of a follow check between two users named by id or username. */
export const checkSql = (follower: RefKind, followee: RefKind): SQL => sql`
      select json_build_object('caller', ${callerSql.json}, 'follower', a.json, 'followee', b.json,
        'follows', exists (select 1 from ${follows} ${f}
          where ${f.followerId} = a.id and ${f.followeeId} = b.id)) as r
      ${callerSql.from}
      left join lateral (
          select ${u.id} as id, ${visibilityJson.sql} as json from ${users} ${u}
          where ${refMatches(u, follower, "follower")}) a on true
      left join lateral (
          select ${u.id} as id, ${visibilityJson.sql} as json from ${users} ${u}
          where ${refMatches(u, followee, "followee")}) b on true`;

/** The SQL of the look-up of a follow's target. */
export const targetSql = (kind: RefKind): SQL => sql`
      select json_build_object('caller', ${callerSql.json},
        'targetId', (select ${u.id} from ${users} ${u} where ${refMatches(u, kind, "target")})) as r
      ${callerSql.from}`;

const listName = (direction: Direction, order: ListOrder, owner: RefKind, mode: Mode) =>
  `list_${direction}_${order}_${owner}_${mode}`;
const checkName = (follower: RefKind, followee: RefKind) => `check_${follower}_${followee}`;
const targetName = (kind: RefKind) => `target_${kind}`;

// Every value of each union a statement varies on: a `Record` over the union fails to
// compile when a value is added, so `followReadStatements` cannot miss a new variant.
const keysOf = <K extends string>(record: Record<K, unknown>) => Object.keys(record) as K[];
const DIRECTIONS = keysOf<Direction>(BY_DIRECTION);
const ORDERS = keysOf<ListOrder>(BY_ORDER);
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
 * caller (see `callerSql`), so a signed-in read costs one round trip like an anonymous one.
 */
export function createFollowReads(db: Db) {
  const prepareList = (direction: Direction, order: ListOrder, owner: RefKind, mode: Mode) =>
    prepareRows<{ caller: CallerJson; owner: ListOwner | null; at: string | null; item: string | null }>(
      db,
      listName(direction, order, owner, mode),
      listSql(direction, order, owner, mode),
    );

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
      const head = found[0]!;
      const page = head.item === null ? [] : found.map((row) => new ListedUser(row.item!, Number(row.at)));
      return { caller: head.caller, owner: head.owner, page };
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
