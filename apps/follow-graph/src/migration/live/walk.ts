import type { Forge, ForgeUser, GraphTarget, ImportedEdge, ImportedUser } from "../contracts.ts";
import type { Checkpoint, QueuedUser } from "./checkpoint.ts";
import { answeredNotFound } from "./gone.ts";

// Breadth-first from the given users: each user walked brings its followers and following;
// those met at a distance below the depth are walked in turn. An edge between two walked users
// comes from the followee's followers list only (GitHub orders that list by follow time, so
// it decides the edge's time), an edge to a user not walked from the follower's following.
// The lists of several users go to the target in one batch (one transaction), then the
// checkpoint records those users as done and the users they added to the frontier: a kill
// at any point repeats at most the users of the batch being gathered, whose edges, if they
// were written, are then found there (edges are added, never duplicated).

/** One committed batch, as progress reports it. */
export interface WalkStep {
  /** The users whose lists the batch wrote, in walk order. */
  logins: string[];
  followers: number;
  following: number;
  usersCreated: number;
  edgesAdded: number;
  /** Users walked so far, and known to walk in all (it grows as the frontier does). */
  done: number;
  total: number;
}

export interface WalkOptions {
  forge: Forge;
  target: GraphTarget;
  checkpoint: Checkpoint;
  /** Called after each batch commits, with the checkpoint that now holds. */
  save: (checkpoint: Checkpoint) => void;
  onStep?: (step: WalkStep) => void;
  /** Edges per importBatch call (default 5,000); a user's longer lists take several. */
  batchEdges?: number;
  /** Users whose lists are gathered into one batch at most (default 100). */
  batchUsers?: number;
  /** Each user as it is written, e.g. with an identity map's other side (default: as met). */
  identify?: (user: ImportedUser) => ImportedUser;
  /**
   * A user met in a list whose own lists the forge answers 404 (gone since): throw to stop
   * there, or return to walk it as having none. Without it, the forge's error stops the walk.
   */
  onGone?: (user: QueuedUser) => void;
}

/** Gathered users are written at least this often, so a slow (rate-limited) source still checkpoints. */
const FLUSH_EVERY_MS = 2000;

const keyOf = (login: string) => login.toLowerCase();

async function collect(pages: AsyncIterable<ForgeUser[]>): Promise<ForgeUser[]> {
  const all: ForgeUser[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

function importedUser(
  kind: Forge["kind"],
  user: { login: string; id?: number; name?: string | null },
): ImportedUser {
  const identities =
    kind === "github"
      ? { github: { login: user.login, ...(user.id !== undefined ? { id: user.id } : {}) } }
      : { gitlab: { username: user.login, ...(user.id !== undefined ? { id: user.id } : {}) } };
  return { login: user.login, ...(user.name ? { name: user.name } : {}), identities };
}

/**
 * GitHub lists oldest first: the i-th of n gets a time n - i milliseconds before the import
 * began, so the target sorts them as the source did, and a resumed import lays out the same
 * times. GitLab's lists are by user id and carry no time: its edges get the core's own.
 */
function timeOf(kind: Forge["kind"], startedAt: number, index: number, count: number): Date | undefined {
  return kind === "github" ? new Date(startedAt - (count - index)) : undefined;
}

/**
 * The users and edges of one walked user's lists, and the users they add to the frontier;
 * `known` (the users walked or queued) gains those.
 */
function stepOf(
  forge: Forge,
  checkpoint: Checkpoint,
  known: Set<string>,
  walked: QueuedUser,
  followers: ForgeUser[],
  following: ForgeUser[],
) {
  const added: QueuedUser[] = [];
  const level = walked.level + 1;
  for (const user of [...followers, ...following]) {
    const key = keyOf(user.login);
    if (known.has(key) || level >= checkpoint.depth) continue;
    known.add(key);
    added.push({ login: user.login, id: user.id, name: user.name ?? null, level });
  }
  const startedAt = Date.parse(checkpoint.startedAt);
  const edges: ImportedEdge[] = [];
  followers.forEach((user, i) => {
    const at = timeOf(forge.kind, startedAt, i, followers.length);
    edges.push({ follower: user.login, followee: walked.login, ...(at ? { at } : {}) });
  });
  following.forEach((user, i) => {
    // A walked followee's followers list brings this edge (with the time it orders).
    if (known.has(keyOf(user.login))) return;
    const at = timeOf(forge.kind, startedAt, i, following.length);
    edges.push({ follower: walked.login, followee: user.login, ...(at ? { at } : {}) });
  });
  const users = new Map<string, ImportedUser>();
  for (const user of [walked, ...followers, ...following])
    if (!users.has(keyOf(user.login))) users.set(keyOf(user.login), importedUser(forge.kind, user));
  return { users, edges, added };
}

/**
 * Walks what the checkpoint has left, writing as it goes, and returns it finished. The
 * checkpoint is updated in place (its lists grow, rather than being copied each batch).
 */
export async function walkForge(options: WalkOptions): Promise<Checkpoint> {
  const { forge, target } = options;
  const batchEdges = options.batchEdges ?? 5000;
  const batchUsers = options.batchUsers ?? 100;
  const checkpoint = options.checkpoint;
  const identify = options.identify ?? ((user: ImportedUser) => user);
  const known = new Set([...checkpoint.done, ...checkpoint.queue.map((q) => keyOf(q.login))]);
  // checkpoint.queue[0 .. walked) are fetched, not yet written: the batch being gathered.
  let walked = 0;
  let users = new Map<string, ImportedUser>();
  let edges: ImportedEdge[] = [];
  let listed = { followers: 0, following: 0 };
  let flushed = Date.now();

  async function flush(): Promise<void> {
    if (walked === 0) return;
    const result = { usersCreated: 0, edgesAdded: 0, edgesSkipped: 0 };
    // At least one call, so users with empty lists are still created.
    for (let start = 0; start === 0 || start < edges.length; start += batchEdges) {
      const chunk = edges.slice(start, start + batchEdges);
      const named = new Set(chunk.flatMap((e) => [keyOf(e.follower), keyOf(e.followee)]));
      // The walked users ride with the first chunk, so each is created even without edges.
      if (start === 0) for (const user of checkpoint.queue.slice(0, walked)) named.add(keyOf(user.login));
      const written = await target.importBatch(
        { users: [...named].map((key) => identify(users.get(key)!)), edges: chunk },
        "merge",
      );
      result.usersCreated += written.usersCreated;
      result.edgesAdded += written.edgesAdded;
      result.edgesSkipped += written.edgesSkipped ?? 0;
    }
    const logins = checkpoint.queue.splice(0, walked).map((user) => user.login);
    checkpoint.done.push(...logins.map(keyOf));
    checkpoint.totals.usersCreated += result.usersCreated;
    checkpoint.totals.edgesAdded += result.edgesAdded;
    checkpoint.totals.edgesSkipped += result.edgesSkipped;
    options.save(checkpoint);
    options.onStep?.({
      logins,
      ...listed,
      usersCreated: result.usersCreated,
      edgesAdded: result.edgesAdded,
      done: checkpoint.done.length,
      total: checkpoint.done.length + checkpoint.queue.length,
    });
    walked = 0;
    users = new Map();
    edges = [];
    listed = { followers: 0, following: 0 };
    flushed = Date.now();
  }

  while (walked < checkpoint.queue.length) {
    const next = checkpoint.queue[walked]!;
    let followers: ForgeUser[];
    let following: ForgeUser[];
    try {
      followers = await collect(forge.followers(next.login, next.id));
      following = await collect(forge.following(next.login, next.id));
    } catch (error) {
      const gone = answeredNotFound(error) && options.onGone;
      try {
        if (!gone) throw error;
        gone(next);
      } catch (stop) {
        // What was fetched before the source gave up is kept, so a rerun starts after it.
        await flush();
        throw stop;
      }
      followers = [];
      following = [];
    }
    const step = stepOf(forge, checkpoint, known, next, followers, following);
    for (const [key, user] of step.users) if (!users.has(key)) users.set(key, user);
    edges.push(...step.edges);
    checkpoint.queue.push(...step.added);
    listed.followers += followers.length;
    listed.following += following.length;
    walked++;
    const due = walked >= batchUsers || edges.length >= batchEdges || Date.now() - flushed >= FLUSH_EVERY_MS;
    if (due || walked === checkpoint.queue.length) await flush();
  }
  return checkpoint;
}

/** A first checkpoint: the given users, each looked up on the forge (an unknown one is an error). */
export async function startCheckpoint(
  forge: Forge,
  source: Checkpoint["source"],
  logins: string[],
  depth: number,
): Promise<Checkpoint> {
  const queue: QueuedUser[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const login of logins) {
    if (seen.has(keyOf(login))) continue;
    seen.add(keyOf(login));
    const user = await forge.user(login);
    if (user) queue.push({ login: user.login, id: user.id, name: user.name ?? null, level: 0 });
    else missing.push(login);
  }
  if (missing.length)
    throw new WalkRefusal(
      `no user ${missing.map((login) => `'${login}'`).join(", ")} on ${source.kind} at ${source.url}`,
    );
  return {
    version: 1,
    source,
    users: logins,
    depth,
    startedAt: new Date().toISOString(),
    queue,
    done: [],
    totals: { usersCreated: 0, edgesAdded: 0, edgesSkipped: 0 },
  };
}

/** The source refused what was asked (an unknown user): one line, exit 1. */
export class WalkRefusal extends Error {}
