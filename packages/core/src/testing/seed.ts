import { sql } from "drizzle-orm";
import { rowsOf } from "../db/rows.ts";
import type { NewToken } from "../tokens/service.ts";
import type { User } from "../users/user.ts";
import type { NewUser } from "../users/validation.ts";
import { edgeStored } from "./edges.ts";
import { type TestDatabase, userInput } from "./index.ts";

export interface Seeded {
  user: User;
  token: string;
}

/**
 * Seeding and inspection for tests of either dialect, through the core (or, for bulk
 * edges, SQL that sets every counter exactly as the core keeps them). `database` is read
 * on each call, so a harness can hand this out before its `beforeAll` has run.
 */
export function createSeeder(database: () => TestDatabase) {
  const seeder = {
    /** A token for `userId`; GitLab's `api` unless told otherwise. */
    async token(userId: number, scopes: string[] = ["api"], extra: Partial<NewToken> = {}) {
      return (await database().core.tokens.createToken(userId, { name: "test", scopes, ...extra })).secret;
    },

    /** A fresh active user and a token for it. */
    async user(extra: Partial<NewUser> = {}, scopes: string[] = ["api"]): Promise<Seeded> {
      const user = await database().core.users.createUser({ ...userInput(), ...extra });
      return { user, token: await seeder.token(user.id, scopes) };
    },

    /** Several fresh users with tokens, in id order. */
    async users(n: number, extra: Partial<NewUser> = {}): Promise<Seeded[]> {
      const out: Seeded[] = [];
      for (let i = 0; i < n; i++) out.push(await seeder.user(extra));
      return out;
    },

    /** The stored user as it is now. */
    async reload(id: number): Promise<User> {
      const user = await database().core.users.findUser(id);
      if (!user) throw new Error(`no user ${id}`);
      const { counts: _counts, edges: _edges, ...rest } = user;
      return rest;
    },

    /** Whether the edge is stored, shown in lists or not. */
    edgeStored: (follower: number, followee: number) =>
      edgeStored(database().database.db, follower, followee),

    async follow(follower: number, followee: number) {
      const { outcome } = await database().core.follows.follow(follower, followee);
      if (outcome !== "created") throw new Error(`follow ${follower} -> ${followee}: ${outcome}`);
    },

    /**
     * `n` new users following `ownerId` (or followed by it), written in bulk with the
     * counters set exactly as the core would keep them. Returns the new users' ids, ascending,
     * which is also the order the edges were made in.
     */
    async bulkEdges(direction: "followers" | "followees", ownerId: number, n: number): Promise<number[]> {
      const prefix = `bulk_${direction}_${ownerId}_${Date.now().toString(36)}_`;
      const db = database().database.db;
      await db.execute(sql`
        insert into users (username, name, email)
        select ${prefix} || i, 'Bulk ' || i, ${prefix} || i || '@example.com'
        from generate_series(1, ${n}::int) as i`);
      const mine = sql`select id from users where starts_with(username, ${prefix})`;
      const toOwner = direction === "followers";
      await db.execute(sql`
        insert into user_counters (user_id, followers, following, followee_rows, follower_rows)
        select id, ${toOwner ? 0 : 1}::int, ${toOwner ? 1 : 0}::int, ${toOwner ? 1 : 0}::int, ${toOwner ? 0 : 1}::int
        from (${mine}) as m`);
      // One statement gives every edge the same created_at; ids break the tie, as they do in
      // the follow-time order, so the edges read back in id order either way.
      await db.execute(
        toOwner
          ? sql`insert into follows (follower_id, followee_id) select id, ${ownerId}::bigint from (${mine}) as m`
          : sql`insert into follows (follower_id, followee_id) select ${ownerId}::bigint, id from (${mine}) as m`,
      );
      await db.execute(
        toOwner
          ? sql`update user_counters set followers = followers + ${n}::int, follower_rows = follower_rows + ${n}::int
                where user_id = ${ownerId}::bigint`
          : sql`update user_counters set following = following + ${n}::int, followee_rows = followee_rows + ${n}::int
                where user_id = ${ownerId}::bigint`,
      );
      return rowsOf(await db.execute(sql`${mine} order by id`)).map((r) => Number(r.id));
    },

    /** Everything stored that a request could change (token use stamps excepted). */
    async snapshot(): Promise<string> {
      const db = database().database.db;
      const [users, counters, follows, tokens] = await Promise.all([
        db.execute(sql`select * from users order by id`),
        db.execute(sql`select * from user_counters order by user_id`),
        db.execute(sql`select * from follows order by follower_id, followee_id`),
        db.execute(sql`select id, user_id, name, scopes, expires_at, revoked_at from tokens order by id`),
      ]);
      return JSON.stringify([users, counters, follows, tokens].map(rowsOf), (_key, value) =>
        typeof value === "bigint" ? value.toString() : value,
      );
    },
  };
  return seeder;
}

export type Seeder = ReturnType<typeof createSeeder>;
