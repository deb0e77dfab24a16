import { createHash } from "node:crypto";
import { bootstrapRoot, type Core, type NewToken, type NewUser, type User } from "@follow-graph/core";
import { createTestDatabase, sql, type TestDatabase, userInput } from "@follow-graph/core/testing";
import { afterAll, beforeAll } from "vitest";
import { createGitLabApp, type GitLabAppOptions } from "./app.ts";

export const ROOT_TOKEN = "some-root-token-123";
export const ROOT_ID = 1;
export const PUBLIC_URL = "http://gitlab.test";
export const API = `${PUBLIC_URL}/api/v4`;

/** GitLab's `UserBasic`, keys in wire order. */
export const USER_BASIC_KEYS = [
  "id",
  "username",
  "public_email",
  "name",
  "state",
  "locked",
  "avatar_url",
  "web_url",
];

export interface RequestOptions {
  /** Sent as `PRIVATE-TOKEN`. */
  token?: string;
  headers?: Record<string, string>;
  /** Serialised as a JSON body. */
  json?: unknown;
  /** A raw body, sent as-is with `contentType`. */
  body?: string;
  contentType?: string;
}

export interface Seeded {
  user: User;
  token: string;
}

export type GitLabApp = ReturnType<typeof createGitLabApp>;

const rowsOf = (result: unknown) =>
  (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];

/** The `UserBasic` GitLab sends for `user`, as this test server renders it. */
export const userBasic = (user: User) => ({
  id: user.id,
  username: user.username,
  public_email: user.publicEmail ?? "",
  name: user.name,
  state: user.state,
  locked: false,
  avatar_url: `https://www.gravatar.com/avatar/${createHash("md5").update(user.email.toLowerCase()).digest("hex")}?s=80&d=identicon`,
  web_url: `${PUBLIC_URL}/${user.username}`,
});

/**
 * One database, core and GitLab app per test file, with root (id 1) seeded with ROOT_TOKEN.
 * Call at the top of a test file; the fields are filled in by `beforeAll`.
 */
export function setupGitLab(options: Partial<GitLabAppOptions> = {}) {
  const h = {
    t: undefined as unknown as TestDatabase,
    core: undefined as unknown as Core,
    app: undefined as unknown as GitLabApp,

    /** A request to `/api/v4${path}` on the public origin. */
    request(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token !== undefined) headers["PRIVATE-TOKEN"] = opts.token;
      let body: string | undefined = opts.body;
      if (opts.json !== undefined) {
        body = JSON.stringify(opts.json);
        headers["Content-Type"] = "application/json";
      }
      if (opts.contentType) headers["Content-Type"] = opts.contentType;
      const url = path.startsWith("http") ? path : `${API}${path}`;
      return Promise.resolve(h.app.request(url, { method, headers, body }));
    },
    get: (path: string, opts?: RequestOptions) => h.request("GET", path, opts),
    post: (path: string, opts?: RequestOptions) => h.request("POST", path, opts),
    put: (path: string, opts?: RequestOptions) => h.request("PUT", path, opts),

    /** A token for `userId`; `api` unless told otherwise. */
    async token(userId: number, scopes: string[] = ["api"], extra: Partial<NewToken> = {}) {
      return (await h.core.tokens.createToken(userId, { name: "test", scopes, ...extra })).secret;
    },

    /** A fresh active user and a token for it. */
    async user(extra: Partial<NewUser> = {}, scopes: string[] = ["api"]): Promise<Seeded> {
      const user = await h.core.users.createUser({ ...userInput(), ...extra });
      return { user, token: await h.token(user.id, scopes) };
    },

    /** Several fresh users with tokens, in id order. */
    async users(n: number, extra: Partial<NewUser> = {}): Promise<Seeded[]> {
      const out: Seeded[] = [];
      for (let i = 0; i < n; i++) out.push(await h.user(extra));
      return out;
    },

    /** The stored user as it is now. */
    async reload(id: number): Promise<User> {
      const user = await h.core.users.getUser(id);
      if (!user) throw new Error(`no user ${id}`);
      const { counts: _counts, ...rest } = user;
      return rest;
    },

    async follow(follower: number, followee: number) {
      const { outcome } = await h.core.follows.follow(follower, followee);
      if (outcome !== "created") throw new Error(`follow ${follower} -> ${followee}: ${outcome}`);
    },

    /**
     * `n` new users following `followeeId` (or followed by it), written in bulk with the
     * counters set exactly as the core would keep them. Returns the new users' ids, ascending.
     */
    async bulkEdges(direction: "followers" | "followees", ownerId: number, n: number): Promise<number[]> {
      const prefix = `bulk_${direction}_${ownerId}_${Date.now().toString(36)}_`;
      const db = h.t.database.db;
      await db.execute(sql`
        insert into users (username, name, email)
        select ${prefix} || i, 'Bulk ' || i, ${prefix} || i || '@example.com'
        from generate_series(1, ${n}::int) as i`);
      const mine = sql`select id from users where starts_with(username, ${prefix})`;
      const toOwner = direction === "followers";
      await db.execute(sql`
        insert into user_counters (user_id, followers, following, followee_rows)
        select id, ${toOwner ? 0 : 1}::int, ${toOwner ? 1 : 0}::int, ${toOwner ? 1 : 0}::int from (${mine}) as m`);
      await db.execute(
        toOwner
          ? sql`insert into follows (follower_id, followee_id) select id, ${ownerId}::bigint from (${mine}) as m`
          : sql`insert into follows (follower_id, followee_id) select ${ownerId}::bigint, id from (${mine}) as m`,
      );
      await db.execute(
        toOwner
          ? sql`update user_counters set followers = followers + ${n}::int where user_id = ${ownerId}::bigint`
          : sql`update user_counters set following = following + ${n}::int, followee_rows = followee_rows + ${n}::int
                where user_id = ${ownerId}::bigint`,
      );
      return rowsOf(await db.execute(sql`${mine} order by id`)).map((r) => Number(r.id));
    },

    /** Everything stored that a request could change (token use stamps excepted). */
    async snapshot(): Promise<string> {
      const db = h.t.database.db;
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

  beforeAll(async () => {
    h.t = await createTestDatabase();
    h.core = h.t.core;
    await bootstrapRoot(h.core, ROOT_TOKEN);
    h.app = createGitLabApp({ core: h.core, publicUrl: PUBLIC_URL, ...options });
  });
  afterAll(() => h.t?.cleanup());
  return h;
}

export type Harness = ReturnType<typeof setupGitLab>;

/** The status and parsed body of a response (`undefined` when there is no body). */
export async function read(res: Response): Promise<{ status: number; body: unknown }> {
  const text = await res.text();
  return { status: res.status, body: text === "" ? undefined : JSON.parse(text) };
}
