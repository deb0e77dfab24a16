// follow-graph/testing: the emulator inside a test process. Every type this module exports is
// declared here, so the package's testing.d.ts is this file's declarations and nothing else.
import { type Emulator, startEmulator } from "./emulator.ts";
import { readFixtureFile } from "./fixture-file.ts";

/** How to start the emulator. */
export interface StartFollowGraphOptions {
  /**
   * A fixture document (users, tokens, follows) or the path of a JSON or YAML file holding one,
   * loaded at the start; `reset()` brings it back. A bad one rejects the start, naming every bad
   * path, with nothing loaded.
   */
  fixtures?: unknown;
  /**
   * A PostgreSQL database (`postgres://…`) to keep the graph in instead of an in-memory PGlite.
   * Its graph is reset at the start (everything but root is deleted): give the suite a database
   * of its own.
   */
  databaseUrl?: string;
  /** Root's token (8 to 255 printable characters, no spaces); a random one when absent. */
  rootToken?: string;
}

/** A user for `createUser`; only `username` is needed. */
export interface NewUser {
  username: string;
  /** The scopes of the user's token, in either dialect's words; default `["api"]`. */
  scopes?: string[];
  /** An administrator (GitLab's admin, GitHub Enterprise's site admin). */
  admin?: boolean;
  /** GitLab's private profile. */
  private?: boolean;
  /** The user's state as GitLab names it; default `active`. */
  state?: "active" | "blocked" | "banned" | "deactivated";
  name?: string;
  email?: string;
}

/** A user `createUser` made, with a token that works in both dialects. */
export interface CreatedUser {
  id: number;
  username: string;
  token: string;
}

/** A user as a name (`"alice"`) or an id (`2`). */
export type UserRef = string | number;

/** A saved graph; `restore(snapshot)` brings it back, as often as needed. */
export interface Snapshot {
  readonly id: string;
}

/** One request the server answered, as the journal keeps it (never a secret). */
export interface JournalEntry {
  method: string;
  /** The path and query, minus any parameter that carries a token. */
  path: string;
  /** GitHub's for both of its layouts (the root and /api/v3). */
  dialect: "gitlab" | "github";
  status: number;
  durationMs: number;
  /** The signed-in user's id, or null for an anonymous caller. */
  callerId: number | null;
  /** ISO 8601: when the request arrived. */
  at: string;
}

/** A running emulator: the server's coordinates, its root token and the controls over its graph. */
export interface FollowGraph {
  /** The origin, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** GitLab v4's base URL: `url` + `/api/v4` (@gitbeaker's `host` is `url`). */
  readonly gitlabUrl: string;
  /** GitHub's base URL in api.github.com's layout: `url` itself (Octokit's `baseUrl`). */
  readonly githubUrl: string;
  /** GitHub Enterprise Server's base URL: `url` + `/api/v3`. */
  readonly enterpriseUrl: string;
  /** The token of root, the administrator with id 1. */
  readonly rootToken: string;
  /** Creates a user with a token; resolves to its id, username and the token's secret. */
  createUser(user: NewUser): Promise<CreatedUser>;
  /** Makes `follower` follow `followee` (a repeat changes nothing). */
  follow(follower: UserRef, followee: UserRef): Promise<void>;
  /** Ends `follower`'s follow of `followee`, if there is one. */
  unfollow(follower: UserRef, followee: UserRef): Promise<void>;
  /** Loads a fixture document (or a JSON or YAML file's) into the graph, all or nothing. */
  loadFixtures(fixtures: unknown): Promise<void>;
  /**
   * Brings the graph back to how it started: root (its token unchanged) and the start's
   * fixtures, if any. Meant for `beforeEach(() => graph.reset())`.
   */
  reset(): Promise<void>;
  /** Saves the graph as it is now. */
  snapshot(): Promise<Snapshot>;
  /** Brings back the graph `snapshot` saved. */
  restore(snapshot: Snapshot): Promise<void>;
  /** The requests answered so far, oldest first (the last 1,000; control calls are not in it). */
  requests(): JournalEntry[];
  /** Stops the server (requests in flight finish first) and closes its database. */
  close(): Promise<void>;
}

/** A document as given, or the one in the file a string names. */
function fixtureDocument(fixtures: unknown): unknown {
  if (typeof fixtures !== "string") return fixtures;
  const read = readFixtureFile(fixtures);
  if (!read.ok) throw new Error(read.reason);
  return read.doc;
}

function followGraphOf(emulator: Emulator, startFixtures: unknown): FollowGraph {
  const { control, coordinates, server, rootToken } = emulator;
  return {
    ...coordinates,
    rootToken,
    createUser: (user) => control.createUser(user),
    follow: (follower, followee) => control.follow(follower, followee),
    unfollow: (follower, followee) => control.unfollow(follower, followee),
    async loadFixtures(fixtures) {
      await control.loadFixtures(fixtureDocument(fixtures));
    },
    async reset() {
      await control.reset();
      if (startFixtures !== undefined) await control.loadFixtures(startFixtures);
    },
    snapshot: () => control.snapshot(),
    restore: (snapshot) => control.restore(snapshot.id),
    requests: () => control.requests(),
    close: () => server.stop(),
  };
}

/**
 * Starts the emulator in this process on a free port of 127.0.0.1: both dialects on one graph
 * (GitLab v4 under `/api/v4`, GitHub at the root and under `/api/v3`), in memory unless
 * `databaseUrl` is given, with the control API on. Call `close()` when done.
 *
 * @example
 * const graph = await startFollowGraph();
 * beforeEach(() => graph.reset());
 * afterAll(() => graph.close());
 */
export async function startFollowGraph(options: StartFollowGraphOptions = {}): Promise<FollowGraph> {
  const fixtures = options.fixtures === undefined ? undefined : fixtureDocument(options.fixtures);
  const emulator = await startEmulator({
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.rootToken ? { rootToken: options.rootToken } : {}),
    ...(fixtures !== undefined ? { fixtures } : {}),
  });
  return followGraphOf(emulator, fixtures);
}
