import { type SQL, sql } from "drizzle-orm";
import { rowsOf } from "../db/rows.ts";
import { follows, tokens, userCounters, users } from "../db/schema.ts";
import { inTransaction, type Tx } from "../db/transaction.ts";
import type { CoreDeps } from "../deps.ts";
import { digestSecret } from "../tokens/secret.ts";
import {
  checkFixture,
  type Fixture,
  type FixtureFollow,
  type FixtureRef,
  type FixtureUser,
} from "./fixtures.ts";
import { lockGraphForAdditions } from "./tables.ts";

export interface LoadedFixture {
  /** The fixture's users in its order, with the id each got and its first token's secret. */
  users: Array<{ id: number; username: string; token?: string }>;
  /** Edges written (an edge the graph already had is not counted again). */
  follows: number;
}

export type FixtureLoad = { ok: true; loaded: LoadedFixture } | { ok: false; problems: string[] };

/** Rows per INSERT: far below PostgreSQL's 65,535 parameters for the widest row written here. */
const CHUNK = 1000;

const chunks = <T>(items: T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

interface GraphUser {
  id: number;
  username: string;
  email: string;
  followingEnabled: boolean;
}

/** The graph's users that the fixture names, reuses the name or email of, or whose id it claims. */
async function graphUsersTouched(tx: Tx, fixture: Fixture): Promise<GraphUser[]> {
  const refs = fixture.follows.flatMap((f) => [f.follower, f.followee]);
  const names = [
    ...fixture.users.map((u) => u.fields.username),
    ...refs.filter((r) => typeof r === "string"),
  ];
  const emails = fixture.users.map((u) => u.fields.email);
  const ids = [
    ...fixture.users.flatMap((u) => (u.id === undefined ? [] : [u.id])),
    ...refs.filter((r) => typeof r === "number"),
  ].filter((id) => Number.isSafeInteger(id) && id > 0);
  const textArray = (values: string[]) => sql`${JSON.stringify(values.map((s) => s.toLowerCase()))}::jsonb`;
  const rows = rowsOf<{ id: string | number; username: string; email: string; following_enabled: boolean }>(
    await tx.execute(sql`
      select id, username, email, following_enabled from users
      where lower(username) in (select jsonb_array_elements_text(${textArray(names)}))
         or lower(email) in (select jsonb_array_elements_text(${textArray(emails)}))
         or id in (select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::bigint)`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    username: r.username,
    email: r.email,
    followingEnabled: r.following_enabled,
  }));
}

/** Secrets of the fixture that are already some token's (digests compared, as tokens are stored). */
async function takenSecrets(tx: Tx, fixture: Fixture): Promise<Set<string>> {
  const secrets = fixture.users.flatMap((u) => u.tokens.map((t) => t.secret));
  if (secrets.length === 0) return new Set();
  const hex = (s: string) => Buffer.from(digestSecret(s)).toString("hex");
  const byDigest = new Map(secrets.map((s) => [hex(s), s]));
  const rows = rowsOf<{ d: string }>(
    await tx.execute(sql`
      select encode(digest, 'hex') as d from tokens
      where digest in (select decode(x, 'hex') from jsonb_array_elements_text(${JSON.stringify([...byDigest.keys()])}::jsonb) as x)`),
  );
  return new Set(rows.map((r) => byDigest.get(r.d)!));
}

/** Who a reference names: a fixture user (by position) or a graph user, or nobody. */
type Resolved =
  | { kind: "fixture"; index: number; followingEnabled: boolean; name: string }
  | { kind: "graph"; user: GraphUser };

interface Plan {
  problems: string[];
  /** Follows by end, each end a fixture index or a graph id. */
  edges: Array<{ follow: FixtureFollow; ends: [Resolved, Resolved] }>;
}

/** Everything that needs the graph to judge: taken names, unknown references, edges no rule allows. */
function plan(fixture: Fixture, graph: GraphUser[], taken: Set<string>): Plan {
  const problems: string[] = [];
  const graphByName = new Map(graph.map((u) => [u.username.toLowerCase(), u]));
  const graphByEmail = new Map(graph.map((u) => [u.email.toLowerCase(), u]));
  const graphById = new Map(graph.map((u) => [u.id, u]));
  fixture.users.forEach((u) => {
    if (graphByName.has(u.fields.username.toLowerCase()))
      problems.push(`${u.path}.username: is already taken`);
    if (graphByEmail.has(u.fields.email.toLowerCase())) problems.push(`${u.path}.email: is already taken`);
    if (u.id !== undefined && graphById.has(u.id)) problems.push(`${u.path}.id: is already a user's id`);
    for (const t of u.tokens)
      if (taken.has(t.secret)) problems.push(`${t.path}.secret: is already a token's secret`);
  });
  const fixtureByName = new Map(fixture.users.map((u, index) => [u.fields.username.toLowerCase(), index]));
  const fixtureById = new Map(
    fixture.users.flatMap((u, index) => (u.id === undefined ? [] : [[u.id, index]])),
  );
  const resolve = (ref: FixtureRef): Resolved | null => {
    const index = typeof ref === "string" ? fixtureByName.get(ref.toLowerCase()) : fixtureById.get(ref);
    if (index !== undefined) {
      const u = fixture.users[index]!;
      return {
        kind: "fixture",
        index,
        followingEnabled: u.fields.followingEnabled ?? true,
        name: u.fields.username,
      };
    }
    const user = typeof ref === "string" ? graphByName.get(ref.toLowerCase()) : graphById.get(ref);
    return user ? { kind: "graph", user } : null;
  };
  const keyOf = (r: Resolved) => (r.kind === "fixture" ? `f${r.index}` : `g${r.user.id}`);
  const nameOf = (r: Resolved) => (r.kind === "fixture" ? r.name : r.user.username);
  const seen = new Map<string, string>();
  const edges: Plan["edges"] = [];
  for (const follow of fixture.follows) {
    const ends = [follow.follower, follow.followee].map(resolve);
    ends.forEach((end, i) => {
      if (!end) {
        const ref = [follow.follower, follow.followee][i]!;
        problems.push(
          `${follow.endPaths[i]}: no user ${typeof ref === "string" ? `'${ref}'` : `with id ${ref}`}`,
        );
      }
    });
    const [a, b] = ends;
    if (!a || !b) continue;
    const pair = `${keyOf(a)}>${keyOf(b)}`;
    if (keyOf(a) === keyOf(b)) problems.push(`${follow.path}: '${nameOf(a)}' cannot follow itself`);
    else if (seen.has(pair)) problems.push(`${follow.path}: repeats ${seen.get(pair)}`);
    else {
      seen.set(pair, follow.path);
      for (const end of [a, b]) {
        const enabled = end.kind === "fixture" ? end.followingEnabled : end.user.followingEnabled;
        if (!enabled) problems.push(`${follow.path}: '${nameOf(end)}' has following disabled`);
      }
      edges.push({ follow, ends: [a, b] });
    }
  }
  return { problems, edges };
}

/** Edges between two graph users that one of them blocks: the graph never holds such an edge. */
async function blockedEdges(tx: Tx, edges: Plan["edges"]): Promise<string[]> {
  const between = edges.flatMap(({ follow, ends: [a, b] }) =>
    a.kind === "graph" && b.kind === "graph" ? [{ path: follow.path, a: a.user, b: b.user }] : [],
  );
  if (between.length === 0) return [];
  const pairs = JSON.stringify(between.map((e) => [e.a.id, e.b.id]));
  const rows = rowsOf<{ i: number }>(
    await tx.execute(sql`
      select (p.ord - 1)::int as i from jsonb_array_elements(${pairs}::jsonb) with ordinality as p(pair, ord)
      where exists (select 1 from user_blocks
        where (blocker_id = (p.pair->>0)::bigint and blocked_id = (p.pair->>1)::bigint)
           or (blocker_id = (p.pair->>1)::bigint and blocked_id = (p.pair->>0)::bigint))`),
  );
  return rows.map(({ i }) => {
    const e = between[i]!;
    return `${e.path}: '${e.a.username}' and '${e.b.username}' block each other`;
  });
}

/**
 * Makes room for chosen ids: the users' sequence moves past the highest one, so the users
 * without an id (now or later) never draw one of them.
 */
async function reserveIds(tx: Tx, fixture: FixtureUser[]): Promise<void> {
  const chosen = fixture.flatMap((u) => (u.id === undefined ? [] : [u.id]));
  if (chosen.length === 0) return;
  await tx.execute(sql`
    select setval('users_id_seq', greatest(
      (select case when is_called then last_value else last_value - 1 end from users_id_seq),
      ${Math.max(...chosen)}::bigint), true)`);
}

async function insertUsers(tx: Tx, fixture: FixtureUser[]): Promise<number[]> {
  const ids: number[] = [];
  for (const chunk of chunks(fixture)) {
    const rows = await tx
      .insert(users)
      .values(
        chunk.map((u) => ({ ...u.fields, state: u.state, ...(u.id !== undefined ? { id: u.id } : {}) })),
      )
      .returning({ id: users.id });
    // INSERT … RETURNING answers in the order of its VALUES.
    ids.push(...rows.map((r) => r.id));
    await tx.insert(userCounters).values(rows.map((r) => ({ userId: r.id })));
  }
  return ids;
}

async function insertTokens(tx: Tx, fixture: FixtureUser[], ids: number[]): Promise<void> {
  const rows = fixture.flatMap((u, i) =>
    u.tokens.map((t) => ({
      userId: ids[i]!,
      name: t.name,
      scopes: t.scopes,
      expiresAt: t.expiresAt,
      digest: digestSecret(t.secret),
    })),
  );
  for (const chunk of chunks(rows)) await tx.insert(tokens).values(chunk);
}

/**
 * Writes the edges, then sets the counters of every user at either end from COUNT(*) by the
 * schema's definitions: exact whatever the fixture's mix of states and existing edges. Edges
 * without a time get distinct ones a millisecond apart in the fixture's order, so GitHub's
 * follow-time lists show them in that order.
 */
async function insertFollows(tx: Tx, edges: Plan["edges"], ids: number[]): Promise<number> {
  const idOf = (r: Resolved) => (r.kind === "fixture" ? ids[r.index]! : r.user.id);
  const now = Date.now();
  const rows = edges.map(({ follow, ends: [a, b] }, i) => ({
    followerId: idOf(a),
    followeeId: idOf(b),
    createdAt: follow.createdAt ?? new Date(now - (edges.length - i)),
  }));
  let written = 0;
  for (const chunk of chunks(rows))
    written += (
      await tx.insert(follows).values(chunk).onConflictDoNothing().returning({ id: follows.followerId })
    ).length;
  const touched = [...new Set(rows.flatMap((r) => [r.followerId, r.followeeId]))];
  if (touched.length > 0)
    await recount(tx, sql`(select (jsonb_array_elements_text(${JSON.stringify(touched)}::jsonb))::bigint)`);
  return written;
}

/** Counters of the users `ids` selects, from the stored edges (see schema.ts for what each counts). */
const recount = (tx: Tx, ids: SQL) =>
  tx.execute(sql`
    update user_counters c set
      followers = (select count(*) from follows f join users o on o.id = f.follower_id
        where f.followee_id = c.user_id and o.state = 'active'),
      following = (select count(*) from follows f join users o on o.id = f.followee_id
        where f.follower_id = c.user_id and o.state = 'active'),
      follower_rows = (select count(*) from follows f where f.followee_id = c.user_id),
      followee_rows = (select count(*) from follows f where f.follower_id = c.user_id)
    where c.user_id in ${ids}`);

/**
 * Adds a fixture's users, tokens and follows to the graph in one transaction: all of it, or,
 * when anything is wrong, nothing and every problem found, each naming its path. Writes to the
 * graph wait meanwhile (reads go on), so what was judged is what is written to.
 */
export async function loadFixtures(deps: Pick<CoreDeps, "db">, doc: unknown): Promise<FixtureLoad> {
  const checked = checkFixture(doc);
  if (!checked.ok) return checked;
  const { fixture } = checked;
  return inTransaction(deps.db, async (tx): Promise<FixtureLoad> => {
    await lockGraphForAdditions(tx);
    const found = plan(fixture, await graphUsersTouched(tx, fixture), await takenSecrets(tx, fixture));
    const problems = [...found.problems, ...(await blockedEdges(tx, found.edges))];
    if (problems.length > 0) return { ok: false, problems };
    await reserveIds(tx, fixture.users);
    const ids = await insertUsers(tx, fixture.users);
    await insertTokens(tx, fixture.users, ids);
    const written = await insertFollows(tx, found.edges, ids);
    return {
      ok: true,
      loaded: {
        users: fixture.users.map((u, i) => ({
          id: ids[i]!,
          username: u.fields.username,
          ...(u.tokens[0] ? { token: u.tokens[0].secret } : {}),
        })),
        follows: written,
      },
    };
  });
}
