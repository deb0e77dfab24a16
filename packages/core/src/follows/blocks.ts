import { inTransaction, type Tx } from "../db/transaction.ts";
import type { CoreDeps } from "../deps.ts";
import type { Caller, Identified } from "../tokens/caller.ts";
import { identify } from "../tokens/service.ts";
import { canSeeUser, isListed, type User, type UserRef, type UserSummary } from "../users/user.ts";
import { blocksRepository } from "./blocks-repository.ts";
import { lockPair, notFound, parties } from "./parties.ts";
import type { BlockOutcome, CallerOrUserId, FollowRules, UnblockOutcome } from "./types.ts";

// GitHub's user blocks: a relation of their own, which the follow graph obeys. A block ends
// the follows between the pair both ways, and while it lasts neither may follow the other
// (follow_graph_toggle, migration 0003, checks for one after taking the pair's locks). GitLab has no such blocks; it sees only
// the edges that are gone.

type BlockDeps = Pick<CoreDeps, "db" | "usersRepo" | "followsRepo" | "followReads" | "stamp">;
type VisibilityRule = Pick<FollowRules, "visibleTargetsOnly">;

/** Deletes the edge and takes it off both ends' counters; false when there was none. */
async function dropEdge(
  deps: Pick<CoreDeps, "followsRepo">,
  tx: Tx,
  follower: Pick<User, "id" | "state">,
  followee: Pick<User, "id" | "state">,
): Promise<boolean> {
  if (!(await deps.followsRepo.deleteFollow(tx, follower.id, followee.id))) return false;
  await deps.followsRepo.addToCounters(tx, [
    { userId: follower.id, following: isListed(followee) ? -1 : 0, followeeRows: -1 },
    { userId: followee.id, followers: isListed(follower) ? -1 : 0, followerRows: -1 },
  ]);
  return true;
}

/**
 * Makes the caller block the target and removes the follows between them, both ways, with
 * their counters, under the pair's locks (the LOCK ORDER of users/repository.ts: only the two
 * users' counters change, as in a follow). Blocking oneself and blocking again are outcomes.
 */
export async function block(
  deps: BlockDeps,
  actor: CallerOrUserId,
  targetRef: UserRef,
  rules: VisibilityRule = {},
) {
  const { actorId, targetId, caller } = await parties(deps, actor, targetRef);
  if (actorId === targetId) return { outcome: "self" as BlockOutcome, caller };
  return inTransaction(deps.db, async (tx) => {
    const { actor, target } = await lockPair(deps, tx, actorId, targetId);
    if (rules.visibleTargetsOnly && !canSeeUser(actor, target)) throw notFound();
    if (!(await blocksRepository.insertBlock(tx, actorId, targetId)))
      return { outcome: "already_blocked" as BlockOutcome, caller };
    await dropEdge(deps, tx, actor, target);
    await dropEdge(deps, tx, target, actor);
    return { outcome: "blocked" as BlockOutcome, caller };
  });
}

/** Lifts the caller's block of the target; the follows it removed stay removed. */
export async function unblock(
  deps: BlockDeps,
  actor: CallerOrUserId,
  targetRef: UserRef,
  rules: VisibilityRule = {},
) {
  const { actorId, targetId, caller } = await parties(deps, actor, targetRef);
  if (actorId === targetId) return { outcome: "not_blocked" as UnblockOutcome, caller };
  return inTransaction(deps.db, async (tx) => {
    const { actor, target } = await lockPair(deps, tx, actorId, targetId);
    if (rules.visibleTargetsOnly && !canSeeUser(actor, target)) throw notFound();
    const removed = await blocksRepository.deleteBlock(tx, actorId, targetId);
    return { outcome: (removed ? "unblocked" : "not_blocked") as UnblockOutcome, caller };
  });
}

/**
 * Whether the caller blocks the target. A blocked user the caller may no longer see (suspended
 * since) counts as not blocked, as an unknown one does.
 */
export async function isBlocking(deps: BlockDeps, actor: CallerOrUserId, targetRef: UserRef) {
  const { actorId, targetId, caller } = await parties(deps, actor, targetRef);
  const found = await blocksRepository.selectBlock(deps.db, actorId, targetId);
  const viewer = caller?.viewer ?? null;
  const blocking = found !== null && (viewer === null || canSeeUser(viewer, { id: targetId, ...found }));
  return { blocking, caller };
}

export interface BlockedPage {
  caller: Identified | null;
  users: UserSummary[];
  /** Every user on the list, for the last page's number. */
  total: number;
}

/** One page of the users the caller blocks, oldest block first. */
export async function listBlocked(
  deps: Pick<CoreDeps, "db" | "tokensRepo" | "stamp">,
  actor: Exclude<Caller, null>,
  page: { limit: number; offset: number },
): Promise<BlockedPage> {
  const identified = await identify(deps, actor);
  if (!identified) throw new Error("a list of blocks was admitted for nobody");
  const { viewer } = identified;
  const { users, total } = await blocksRepository.selectBlockedPage(
    deps.db,
    viewer.id,
    viewer.isAdmin,
    page.limit,
    page.offset,
  );
  return { caller: identified, users, total };
}
