import { randomBytes } from "node:crypto";
import {
  type Core,
  DEFAULT_ADMIN_FIXTURE_SCOPES,
  DEFAULT_FIXTURE_SCOPES,
  type GraphSnapshot,
  type GraphState,
  isDomainError,
  type LoadedFixture,
  type UserState,
} from "@follow-graph/core";
import type { FaultSpec, Faults } from "./faults.ts";
import type { Gate } from "./gate.ts";
import type { Journal, JournalEntry } from "./journal.ts";

export type { FaultSpec, JournalEntry };

/** A user made on the spot for a test: the fixture format's fields, one at a time. */
export interface NewTestUser {
  username: string;
  /** Either dialect's vocabulary; default `api` (`api`, `admin_mode` for an administrator). */
  scopes?: string[];
  admin?: boolean;
  private?: boolean;
  state?: UserState;
  name?: string;
  email?: string;
}

/** The emulator's state controls, in process; the wire's `/__follow-graph/` routes call these. */
export interface Control {
  /** An empty graph: every user but root (id 1) and every token but root's gone; root's token unchanged; id sequences restart so the next user is id 2. */
  reset(): Promise<void>;
  /** Loads a fixture document (already-parsed JSON/YAML value); all-or-nothing; throws FixtureError listing every bad path. Returns what it created. */
  loadFixtures(doc: unknown): Promise<LoadedFixture>;
  /** Keeps the whole graph (tokens and id sequences included) in memory; the last 20 are kept. */
  snapshot(): Promise<{ id: string }>;
  /** Puts the graph back as the snapshot found it; an unknown (or evicted) id throws SnapshotNotFound. */
  restore(id: string): Promise<void>;
  /** Every user and edge, as JSON-ready values. */
  state(): Promise<GraphState>;
  /** The journal of requests, oldest first (the last 1,000); control requests are not in it. */
  requests(): JournalEntry[];
  clearRequests(): void;
  injectFault(spec: FaultSpec): { id: string };
  /** Removes one fault; false if there is none by that id. */
  removeFault(id: string): boolean;
  clearFaults(): void;
  /** A user with a fresh token, for one test. */
  createUser(spec: NewTestUser): Promise<{ id: number; username: string; token: string }>;
  /** `a` follows `b` (usernames or ids), trusted: no token, no scope. */
  follow(a: string | number, b: string | number): Promise<void>;
  unfollow(a: string | number, b: string | number): Promise<void>;
  /** Runs `work` as a request runs: held back while a reset, restore or fixture load rewrites the graph. */
  beside<T>(work: () => Promise<T>): Promise<T>;
}

/** A fixture the emulator refused, with one line per problem, each starting with its path. */
export class FixtureError extends Error {
  override readonly name = "FixtureError";
  constructor(readonly problems: string[]) {
    super(`Invalid fixtures:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}

export class SnapshotNotFound extends Error {
  override readonly name = "SnapshotNotFound";
  constructor(readonly id: string) {
    super(`No snapshot '${id}' (unknown, or evicted: the last ${SNAPSHOTS_KEPT} are kept)`);
  }
}

/** A follow or unfollow the graph's rules turned down (self, a block, following disabled), or an unknown user. */
export class ControlRefusal extends Error {
  override readonly name = "ControlRefusal";
}

export const SNAPSHOTS_KEPT = 20;

interface ControlDeps {
  core: Core;
  gate: Gate;
  journal: Journal;
  faults: Faults;
  /** Called whenever tokens may have changed, so cached caller look-ups go. */
  onGraphChanged(): void;
}

export function createControl({ core, gate, journal, faults, onGraphChanged }: ControlDeps): Control {
  const snapshots = new Map<string, GraphSnapshot>();
  let taken = 0;

  const rewrite = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await gate.exclusive(work);
    } finally {
      onGraphChanged();
    }
  };

  const load = async (doc: unknown): Promise<LoadedFixture> => {
    const result = await rewrite(() => core.emulator.loadFixtures(doc));
    if (!result.ok) throw new FixtureError(result.problems);
    return result.loaded;
  };

  const idOf = async (ref: string | number): Promise<number> => {
    const user = await core.users.findUser(typeof ref === "number" ? ref : { username: ref });
    if (!user) throw new ControlRefusal(`no user ${typeof ref === "number" ? `with id ${ref}` : `'${ref}'`}`);
    return user.id;
  };

  return {
    reset: () => rewrite(() => core.emulator.resetGraph()),
    loadFixtures: load,
    async snapshot() {
      const snapshot = await core.emulator.snapshotGraph();
      const id = `snap-${++taken}`;
      snapshots.set(id, snapshot);
      // Maps iterate in insertion order: the first key is the oldest.
      if (snapshots.size > SNAPSHOTS_KEPT) snapshots.delete(snapshots.keys().next().value!);
      return { id };
    },
    async restore(id) {
      const snapshot = snapshots.get(id);
      if (!snapshot) throw new SnapshotNotFound(id);
      await rewrite(() => core.emulator.restoreGraph(snapshot));
    },
    state: () => core.emulator.graphState(),
    requests: () => journal.entries(),
    clearRequests: () => journal.clear(),
    injectFault: (spec) => faults.inject(spec),
    removeFault: (id) => faults.remove(id),
    clearFaults: () => faults.clear(),
    async createUser(spec) {
      const token = `glpat-${randomBytes(15).toString("base64url")}`;
      const scopes = spec.scopes ?? (spec.admin ? DEFAULT_ADMIN_FIXTURE_SCOPES : DEFAULT_FIXTURE_SCOPES);
      const { scopes: _, ...user } = spec;
      const loaded = await load({ users: [{ ...user, tokens: [{ secret: token, scopes, name: "test" }] }] });
      const [created] = loaded.users;
      return { id: created!.id, username: created!.username, token };
    },
    async follow(a, b) {
      const [actor, target] = [await idOf(a), await idOf(b)];
      const { outcome } = await gate.shared(() => core.follows.follow(actor, target));
      if (outcome !== "created" && outcome !== "already_following")
        throw new ControlRefusal(`'${a}' cannot follow '${b}': ${outcome.replaceAll("_", " ")}`);
    },
    async unfollow(a, b) {
      const [actor, target] = [await idOf(a), await idOf(b)];
      await gate.shared(() => core.follows.unfollow(actor, target));
    },
    beside: (work) => gate.shared(work),
  };
}

/** Whether `error` is one of the control's own refusals (bad input), not a failure. */
export const isControlRefusal = (error: unknown) =>
  error instanceof FixtureError ||
  error instanceof SnapshotNotFound ||
  error instanceof ControlRefusal ||
  (isDomainError(error) && error.code === "user_not_found");
