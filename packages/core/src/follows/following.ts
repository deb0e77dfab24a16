import { inTransaction, type Tx } from "../db/transaction.ts";
import type { CoreDeps } from "../deps.ts";
import { canSeeUser, isListed, type User, type UserRef } from "../users/user.ts";
import { blocksRepository } from "./blocks-repository.ts";
import { existingUser, lockPair, notFound, parties } from "./parties.ts";
import type { CallerOrUserId, FollowOutcome, FollowRules, UnfollowOutcome } from "./types.ts";

type EdgeDeps = Pick<CoreDeps, "db" | "usersRepo" | "followsRepo" | "followReads" | "stamp">;

/** Deletes the edge and takes it off both ends' counters; false when there was none. */
export async function dropEdge(
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
 * Makes the caller (or the user a trusted caller names by id) follow the target. Every
 * no-op is an outcome, not an error; only an unknown user is. The target is returned as
 * it is after the change, with the caller as identified.
 */
export async function follow(
  deps: EdgeDeps,
  actor: CallerOrUserId,
  targetRef: UserRef,
  rules: FollowRules = {},
) {
  const { actorId, targetId, caller } = await parties(deps, actor, targetRef);
  if (actorId === targetId)
    return { outcome: "self" as FollowOutcome, target: await existingUser(deps, targetId), caller };
  return inTransaction(deps.db, async (tx) => {
    const { actor, target } = await lockPair(deps, tx, actorId, targetId);
    if (rules.visibleTargetsOnly && !canSeeUser(actor, target)) throw notFound();
    const result = (outcome: FollowOutcome) => ({ outcome, target: target as User, caller });
    // Either user blocking the other keeps every edge between them away, as on GitHub.
    if (await blocksRepository.blockBetween(tx, actorId, targetId)) return result("blocked");
    if (!actor.followingEnabled || !target.followingEnabled) return result("following_disabled");
    // The cap is checked before uniqueness, as GitLab does: at the cap, re-following
    // someone already followed is refused too.
    if (rules.followeeLimit !== undefined && actor.followeeRows >= rules.followeeLimit)
      return result("limit_reached");
    if (!(await deps.followsRepo.insertFollow(tx, actorId, targetId))) return result("already_following");
    await deps.followsRepo.addToCounters(tx, [
      { userId: actorId, following: isListed(target) ? 1 : 0, followeeRows: 1 },
      { userId: targetId, followers: isListed(actor) ? 1 : 0, followerRows: 1 },
    ]);
    return result("created");
  });
}

/** Undoes a follow; not following (oneself included) is an outcome, an unknown user an error. */
export async function unfollow(
  deps: EdgeDeps,
  actor: CallerOrUserId,
  targetRef: UserRef,
  rules: Pick<FollowRules, "visibleTargetsOnly"> = {},
) {
  const { actorId, targetId, caller } = await parties(deps, actor, targetRef);
  if (actorId === targetId)
    return {
      outcome: "not_following" as UnfollowOutcome,
      target: await existingUser(deps, targetId),
      caller,
    };
  return inTransaction(deps.db, async (tx) => {
    const { actor, target } = await lockPair(deps, tx, actorId, targetId);
    if (rules.visibleTargetsOnly && !canSeeUser(actor, target)) throw notFound();
    const result = (outcome: UnfollowOutcome) => ({ outcome, target: target as User, caller });
    return result((await dropEdge(deps, tx, actor, target)) ? "removed" : "not_following");
  });
}
