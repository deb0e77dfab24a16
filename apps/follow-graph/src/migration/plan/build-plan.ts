// The plan itself: desired edges against the target's current ones among the mapped users.
import { edgeKey } from "./local-graph.ts";
import type { Dialect, PlanFile, PlanMode, SeenUser } from "./plan-model.ts";
import { PLAN_VERSION } from "./plan-model.ts";
import type { PlannedWrite } from "./predict.ts";
import { followingDigest, profileDigest, type TargetState } from "./target-state.ts";

/** The edges the target has between two mapped users, by key. */
export function currentEdges(state: TargetState): Map<string, [string, string]> {
  const edges = new Map<string, [string, string]>();
  for (const [login, user] of state) {
    for (const followee of [...user.following, ...user.hiddenFollowing]) {
      const other = state.get(followee);
      if (other) edges.set(edgeKey(login, followee), [user.mapped.target, other.mapped.target]);
    }
  }
  return edges;
}

const byPair = (a: PlannedWrite, b: PlannedWrite) =>
  a.follower.localeCompare(b.follower) || a.followee.localeCompare(b.followee);

/** Removes (overwrite only: merge never removes) first, then adds, each sorted by pair. */
export function planWrites(
  desired: Map<string, [string, string]>,
  current: Map<string, [string, string]>,
  mode: PlanMode,
): PlannedWrite[] {
  const adds: PlannedWrite[] = [];
  for (const [key, [follower, followee]] of desired)
    if (!current.has(key)) adds.push({ op: "add", follower, followee });
  const removes: PlannedWrite[] = [];
  if (mode === "overwrite")
    for (const [key, [follower, followee]] of current)
      if (!desired.has(key)) removes.push({ op: "remove", follower, followee });
  return [...removes.sort(byPair), ...adds.sort(byPair)];
}

export function seenOf(state: TargetState): Record<string, SeenUser> {
  const seen: Record<string, SeenUser> = {};
  for (const [login, user] of state) {
    seen[login] = {
      login: user.mapped.target,
      line: user.mapped.line,
      placeholder: user.profile === undefined,
      profile: profileDigest(user),
      following: user.following,
      followingSha256: followingDigest(user.following),
    };
  }
  return seen;
}

export function assemblePlan(options: {
  target: { dialect: Dialect; url: string };
  mode: PlanMode;
  items: PlanFile["items"];
  state: TargetState;
  now?: Date;
}): PlanFile {
  const involved = new Set(
    options.items.flatMap((item) => [item.follower.toLowerCase(), item.followee.toLowerCase()]),
  );
  const placeholders = [...options.state.values()]
    .filter((user) => user.profile === undefined && involved.has(user.mapped.target.toLowerCase()))
    .map((user) => user.mapped.target)
    .sort();
  return {
    version: PLAN_VERSION,
    target: options.target,
    createdAt: (options.now ?? new Date()).toISOString(),
    mode: options.mode,
    items: options.items,
    placeholders,
    seen: seenOf(options.state),
  };
}
