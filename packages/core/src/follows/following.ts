import { inTransaction, type Tx } from "../db/transaction.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors/domain-error.ts";
import { digestFor, identifyIn } from "../tokens/caller.ts";
import { callerFrom } from "../tokens/caller-sql.ts";
import { canSeeUser, isListed, type User, type UserRef } from "../users/user.ts";
import type { CallerOrUserId, FollowOutcome, FollowRules, UnfollowOutcome } from "./types.ts";

type EdgeDeps = Pick<CoreDeps, "db" | "usersRepo" | "followsRepo" | "followReads" | "stamp">;

const notFound = () => new DomainError("user_not_found");

async function existingUser(deps: Pick<CoreDeps, "usersRepo">, ref: UserRef): Promise<User> {
  const user = await deps.usersRepo.selectUser(ref);
  if (!user) throw notFound();
  return user;
}

/** The id `ref` names; a username costs one look-up, and naming nobody is `user_not_found`. */
const idOf = async (deps: Pick<CoreDeps, "usersRepo">, ref: UserRef) =>
  typeof ref === "number" ? ref : (await existingUser(deps, ref)).id;

/** Locks both ends and returns them, or throws when the target does not exist. */
async function lockPair(deps: Pick<CoreDeps, "usersRepo">, tx: Tx, actorId: number, targetId: number) {
  const locked = await deps.usersRepo.lockUsers(tx, [actorId, targetId]);
  const actor = locked.find((u) => u.id === actorId);
  const target = locked.find((u) => u.id === targetId);
  if (!actor || !target) throw notFound();
  return { actor, target };
}

/**
 * Who acts on whom. A caller off the wire is identified in the same statement that looks the
 * target up, and its route's policy admits it (or refuses) before the target is judged.
 */
async function parties(
  deps: Pick<CoreDeps, "usersRepo" | "followReads" | "stamp">,
  actor: CallerOrUserId,
  targetRef: UserRef,
) {
  if (typeof actor === "number")
    return { actorId: actor, targetId: await idOf(deps, targetRef), caller: null };
  const found = await deps.followReads.selectTarget(digestFor(actor), targetRef);
  const { viewer, identified } = identifyIn(actor, callerFrom(found.caller), deps.stamp);
  if (!viewer) throw new Error("a write was admitted for nobody");
  if (found.targetId === null) throw notFound();
  return { actorId: viewer.id, targetId: found.targetId, caller: identified };
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
    if (!(await deps.followsRepo.deleteFollow(tx, actorId, targetId))) return result("not_following");
    await deps.followsRepo.addToCounters(tx, [
      { userId: actorId, following: isListed(target) ? -1 : 0, followeeRows: -1 },
      { userId: targetId, followers: isListed(actor) ? -1 : 0, followerRows: -1 },
    ]);
    return result("removed");
  });
}
