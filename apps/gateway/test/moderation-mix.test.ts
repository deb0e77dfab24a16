import { bootstrapRoot, type Core, createCore, type Database, openDatabase } from "@follow-graph/core";
import { counterDrift, createScratchDatabase, rowsOf, sql } from "@follow-graph/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway } from "../src/gateway.ts";

// Moderation shifts the counters of every neighbour of the moderated user while follows lock
// the pairs they touch; unless both take their locks in one order, PostgreSQL finds deadlocks
// (and makes each one wait deadlock_timeout first). PGlite has one connection and cannot
// deadlock, so this runs on PostgreSQL only, through the in-process gateway with a real pool.
const serverUrl = process.env.TEST_DATABASE_URL;

const ROOT = "moderation-mix-root-token";
const USERS = 24;
const SEED_EDGES = 120;
const REQUESTS = 2_000;
const IN_FLIGHT = 24;

interface Member {
  id: number;
  login: string;
  token: string;
}

/** A fixed-seed generator, so a failing mix can be run again as it was. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe.skipIf(!serverUrl)("follows and moderation mixed on PostgreSQL", () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let database: Database;
  // A connection of its own, to read the statistics once the pool's backends are gone.
  let observer: Database;
  let core: Core;
  let gateway: ReturnType<typeof createGateway>;
  const members: Member[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase(serverUrl!);
    database = await openDatabase({ driver: "postgres", url: scratch.url, maxConnections: 10 });
    await database.migrate();
    observer = await openDatabase({ driver: "postgres", url: scratch.url, maxConnections: 1 });
    core = createCore({ db: database.db });
    await bootstrapRoot(core, ROOT);
    gateway = createGateway({ core, publicUrl: "http://graph.test" });
    for (let i = 0; i < USERS; i++) {
      const login = `mix_${i}`;
      const user = await core.users.createUser({
        username: login,
        name: login,
        email: `${login}@example.com`,
      });
      const { secret } = await core.tokens.createToken(user.id, { name: "mix", scopes: ["api"] });
      members.push({ id: user.id, login, token: secret });
    }
    const next = random(7);
    for (let i = 0; i < SEED_EDGES; i++) {
      const [a, b] = [members[Math.floor(next() * USERS)]!, members[Math.floor(next() * USERS)]!];
      if (a !== b) await core.follows.follow(a.id, b.id);
    }
  });

  afterAll(async () => {
    await database?.close();
    await observer?.close();
    await scratch?.drop();
  });

  const call = (method: string, path: string, headers: Record<string, string>) =>
    gateway.fetch(
      new Request(`http://graph.test${path}`, { method, headers: { "User-Agent": "mix", ...headers } }),
    );

  /** One follow or unfollow by `actor` of `target`, in one of the three layouts. */
  function followRequest(actor: Member, target: Member, follow: boolean, layout: number) {
    if (layout === 0)
      return call("POST", `/api/v4/users/${target.id}/${follow ? "follow" : "unfollow"}`, {
        "PRIVATE-TOKEN": actor.token,
      });
    const base = layout === 1 ? "/api/v3" : "";
    // GitHub wants a length on a PUT, as curl and Octokit send it.
    return call(follow ? "PUT" : "DELETE", `${base}/user/following/${target.login}`, {
      Authorization: `token ${actor.token}`,
      ...(follow ? { "Content-Length": "0" } : {}),
    });
  }

  /**
   * Every moderation route of both dialects, each undone later, two deletions, and the
   * admin profile writes that lock users: turning a user's following off (which removes its
   * edges) and on, and making one an administrator.
   */
  function moderationScript(): (() => Response | Promise<Response>)[] {
    const gitlab =
      (path: string, method = "POST") =>
      () =>
        call(method, `/api/v4${path}`, { "PRIVATE-TOKEN": ROOT });
    const ghes = (method: string, login: string) => () =>
      call(method, `/api/v3/users/${login}/suspended`, {
        Authorization: `token ${ROOT}`,
        "Content-Length": "0",
      });
    const profile = (member: Member, changes: Record<string, unknown>) => () =>
      gateway.fetch(
        new Request(`http://graph.test/api/v4/users/${member.id}`, {
          method: "PUT",
          headers: { "PRIVATE-TOKEN": ROOT, "Content-Type": "application/json" },
          body: JSON.stringify(changes),
        }),
      );
    const steps: (() => Response | Promise<Response>)[] = [];
    // Every member takes part in the mix's pairs throughout, moderated or not.
    for (let round = 0; round < 4; round++) {
      const [a, b, c, d, e] = [0, 1, 2, 3, 4].map((k) => members[(round * 5 + k) % 20]!);
      steps.push(gitlab(`/users/${a!.id}/block`), gitlab(`/users/${b!.id}/ban`));
      steps.push(gitlab(`/users/${c!.id}/deactivate`), ghes("PUT", d!.login));
      steps.push(gitlab(`/users/${a!.id}/unblock`), gitlab(`/users/${b!.id}/unban`));
      steps.push(gitlab(`/users/${c!.id}/activate`), ghes("DELETE", d!.login));
      steps.push(gitlab(`/users/${e!.id}/block`), gitlab(`/users/${e!.id}/unblock`));
    }
    steps.splice(13, 0, gitlab(`/users/${members[20]!.id}`, "DELETE"));
    steps.splice(27, 0, gitlab(`/users/${members[21]!.id}`, "DELETE"));
    steps.splice(8, 0, profile(members[22]!, { enabled_following: false }));
    steps.splice(24, 0, profile(members[22]!, { enabled_following: true }));
    steps.splice(32, 0, profile(members[23]!, { admin: true }));
    return steps;
  }

  async function deadlocks(): Promise<number> {
    const [row] = rowsOf(
      await observer.db.execute(
        sql`select deadlocks from pg_stat_database where datname = current_database()`,
      ),
    );
    return Number(row?.deadlocks);
  }

  /** A backend reports its statistics at the latest when it exits: wait until the pool's have. */
  async function poolGone() {
    for (;;) {
      const [row] = rowsOf(
        await observer.db.execute(sql`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()`),
      );
      if (Number(row?.n) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it("finds no deadlock and keeps every counter exact", async () => {
    const before = await deadlocks();
    const next = random(42);
    const plan = Array.from({ length: REQUESTS }, () => {
      const a = Math.floor(next() * USERS);
      const b = (a + 1 + Math.floor(next() * (USERS - 1))) % USERS;
      return { a, b, follow: next() < 0.55, layout: Math.floor(next() * 3) };
    });
    const script = moderationScript();
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let started = 0;
    let finished = 0;
    const timed = async (request: () => Response | Promise<Response>) => {
      const t0 = performance.now();
      const res = await request();
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      return res.status;
    };

    const t0 = performance.now();
    const followers = Array.from({ length: IN_FLIGHT }, async () => {
      for (let i = started++; i < plan.length; i = started++) {
        const { a, b, follow, layout } = plan[i]!;
        await timed(() => followRequest(members[a]!, members[b]!, follow, layout));
        finished++;
      }
    });
    // Moderation runs beside the follows, one action at each step of the mix's progress.
    const moderation = (async () => {
      const moderationStatuses: number[] = [];
      for (const [k, step] of script.entries()) {
        while (finished < ((k + 1) * REQUESTS) / (script.length + 1))
          await new Promise((resolve) => setTimeout(resolve, 1));
        moderationStatuses.push(await timed(step));
      }
      return moderationStatuses;
    })();
    await Promise.all(followers);
    const moderationStatuses = await moderation;
    const seconds = (performance.now() - t0) / 1000;

    await database.close();
    await poolGone();
    const found = (await deadlocks()) - before;

    latencies.sort((x, y) => x - y);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    console.log(
      `moderation mix: ${latencies.length} requests (${script.length} moderation) in ${seconds.toFixed(2)} s, ` +
        `${(latencies.length / seconds).toFixed(0)} req/s, p50 ${at(0.5).toFixed(1)} ms, ` +
        `p99 ${at(0.99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms, deadlocks ${found}, ` +
        `statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );

    expect(found).toBe(0);
    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    // Every moderation step was accepted: the script only asks what each state allows.
    expect(moderationStatuses.filter((status) => status >= 300)).toEqual([]);
    expect(await counterDrift(observer.db)).toEqual([]);
    // Deadlocks each wait deadlock_timeout (1 s) before PostgreSQL breaks them: a mix that
    // has them takes far longer than the few seconds one without needs.
  }, 180_000);
});
