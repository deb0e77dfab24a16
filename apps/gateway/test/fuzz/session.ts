import type { Core, Db } from "@follow-graph/core";
import { createGateway } from "../../src/gateway.ts";
import type { FuzzCase } from "./arbitraries.ts";
import {
  type Answer,
  checkAnswer,
  inconsistentCounters,
  storedDigest,
  type Violation,
  type ViolationKind,
} from "./invariants.ts";
import { type HttpRequest, resolve } from "./resolve.ts";
import type { Dialect } from "./routes.ts";
import { restoreWorld, type World } from "./world.ts";

/** Where requests go in process; a failing case prints against this origin, as `pnpm start` serves it. */
export const ORIGIN = "http://127.0.0.1:3000";

export interface Outcome {
  request: HttpRequest;
  answer: Answer;
  violations: Violation[];
}

const HEAL_EVERY = 50;

export interface DialectTally {
  sent: number;
  statuses: Map<number, number>;
  violations: Record<ViolationKind, number>;
}

const emptyTally = (): DialectTally => ({
  sent: 0,
  statuses: new Map(),
  violations: { "5xx": 0, "wrong shape": 0, "stored change": 0, "inconsistent graph": 0, crash: 0 },
});

const isRead = (method: string) => method === "GET" || method === "HEAD" || method === "OPTIONS";

/**
 * Sends cases one after another to an in-process gateway (one without and one with a GitHub
 * rate limit, on the same core) and checks each answer and what it did to the store: a
 * request that was refused, or only read, leaves every stored row as it was; an accepted
 * write leaves every counter equal to the edges it counts.
 */
export function createFuzzSession({ core, db, world }: { core: Core; db: Db; world: World }) {
  const plain = createGateway({ core });
  const limited = createGateway({ core, githubRateLimits: { authenticated: 1e9, anonymous: 1e9 } });
  const tally: Record<Dialect, DialectTally> = { gitlab: emptyTally(), github: emptyTally() };
  let digest: string | undefined;
  let sent = 0;
  let heals = 0;

  /**
   * Undoes what the fuzz did to root (deactivated, banned, demoted by its own token) and to
   * the other fixtures (deleted, renamed, tokens revoked), or later requests would all be
   * refused and the run would stop exploring. Through the core, so counters stay exact; the
   * store is then taken as it is.
   */
  async function heal() {
    const root = await core.users.findUser(1);
    let changed = false;
    if (root && !(root.state === "active" && root.isAdmin)) {
      const undo = { deactivated: "activate", blocked: "unblock", banned: "unban" } as const;
      if (root.state !== "active") await core.users.moderate(1, 1, undo[root.state]);
      if (!root.isAdmin) await core.users.setAdmin(1, 1, true);
      changed = true;
    }
    if (await restoreWorld(core, world)) changed = true;
    if (!changed) return;
    heals++;
    digest = await storedDigest(db);
  }

  async function send(req: HttpRequest): Promise<Answer> {
    const headers = new Headers();
    for (const [name, value] of req.headers) headers.append(name, value);
    const request = new Request(new URL(req.target, ORIGIN), { method: req.method, headers, body: req.body });
    const res = await (req.rateLimited ? limited : plain).fetch(request);
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  async function sendAndCheck(request: HttpRequest): Promise<Outcome> {
    digest ??= await storedDigest(db);
    let answer: Answer;
    const violations: Violation[] = [];
    try {
      answer = await send(request);
      violations.push(...checkAnswer(request, answer));
    } catch (error) {
      answer = { status: 0, headers: new Headers(), text: "" };
      violations.push({
        kind: "crash",
        detail: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
    const after = await storedDigest(db);
    const accepted = answer.status >= 200 && answer.status < 300 && !isRead(request.method);
    if (!accepted && after !== digest)
      violations.push({
        kind: "stored change",
        detail: `a ${answer.status} to ${request.method} changed what is stored`,
      });
    if (accepted && after !== digest) {
      const wrong = await inconsistentCounters(db);
      if (wrong.length)
        violations.push({
          kind: "inconsistent graph",
          detail: `counters differ from the edges for users ${wrong.join(", ")}`,
        });
    }
    digest = after;
    const t = tally[request.dialect];
    t.sent++;
    t.statuses.set(answer.status, (t.statuses.get(answer.status) ?? 0) + 1);
    for (const kind of new Set(violations.map((v) => v.kind))) t.violations[kind]++;
    return { request, answer, violations };
  }

  return {
    tally,
    world,
    /** How often the fixtures had to be restored. */
    heals: () => heals,
    /** Takes what is stored now as the state to compare with (after a test changed it directly). */
    async resync() {
      digest = await storedDigest(db);
    },
    async run(c: FuzzCase): Promise<Outcome> {
      if (sent++ % HEAL_EVERY === 0) await heal();
      const first = await sendAndCheck(resolve(c, world));
      const etag = first.answer.headers.get("etag");
      if (!c.conditional || !etag || first.violations.length) return first;
      // The same request again, as a caching client sends it: the conditional path, 304 included.
      const headers = first.request.headers.filter(([k]) => k.toLowerCase() !== "if-none-match");
      return sendAndCheck({ ...first.request, headers: [...headers, ["If-None-Match", etag]] });
    },
  };
}

export type FuzzSession = ReturnType<typeof createFuzzSession>;
