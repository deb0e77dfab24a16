import type { CoreDeps } from "../deps.ts";
import { admit, type Identified, judge } from "../tokens/caller.ts";
import { digestSecret } from "../tokens/secret.ts";
import type { User, UserRef } from "../users/user.ts";
import type { WriteActor } from "./follow-statement.ts";
import { notFound } from "./parties.ts";
import { retryingConflicts } from "./retrying.ts";
import type { CallerOrUserId, FollowOutcome, FollowRules, UnfollowOutcome } from "./types.ts";

type EdgeDeps = Pick<CoreDeps, "followsRepo" | "stamp">;

/** Who the statement writes as: a secret goes in as its digest, anyone else as a known user. */
function writerOf(actor: CallerOrUserId): { writer: WriteActor; identified: Identified | null } {
  if (typeof actor === "number") return { writer: { actorId: actor }, identified: null };
  if ("secret" in actor)
    return { writer: { digest: digestSecret(actor.secret), policy: actor.policy }, identified: null };
  if ("identified" in actor) {
    const identified = admit(actor.identified, actor.policy);
    return { writer: { actorId: identified.viewer.id }, identified };
  }
  return { writer: { actorId: actor.id }, identified: null };
}

/**
 * A follow or an unfollow as one statement (follow-statement.ts): the caller identified and
 * judged, the target found and locked with the caller, the rules applied, the edge and both
 * counters written, and the answer, in one round trip. The core still words a refusal: the
 * statement hands back the token it found, which `judge` reads as every other route does.
 */
async function toggleEdge<O extends FollowOutcome | UnfollowOutcome>(
  deps: EdgeDeps,
  follow: O extends FollowOutcome ? true : false,
  actor: CallerOrUserId,
  targetRef: UserRef,
  rules: FollowRules,
): Promise<{ outcome: O; target: User; caller: Identified | null }> {
  const now = new Date();
  let { writer, identified } = writerOf(actor);
  const run = (as: WriteActor) =>
    retryingConflicts(() => deps.followsRepo.toggleFollow<O>(follow, as, targetRef, rules, now));
  let result = await run(writer);
  if ("digest" in writer) {
    identified = judge(result.found, writer.policy, deps.stamp, now);
    // The statement is never more lenient than `judge`; were it stricter, the caller `judge`
    // admits writes as the user it is.
    if (!result.admitted) result = await run({ actorId: identified.viewer.id });
  }
  if (result.outcome === null || result.outcome === "not_found" || !result.target) throw notFound();
  return { outcome: result.outcome, target: result.target, caller: identified };
}

/**
 * Makes the caller (or the user a trusted caller names by id) follow the target. Every
 * no-op is an outcome, not an error; only an unknown user is. The target is returned as
 * it is after the change, with the caller as identified.
 */
export const follow = (deps: EdgeDeps, actor: CallerOrUserId, targetRef: UserRef, rules: FollowRules = {}) =>
  toggleEdge<FollowOutcome>(deps, true, actor, targetRef, rules);

/** Undoes a follow; not following (oneself included) is an outcome, an unknown user an error. */
export const unfollow = (
  deps: EdgeDeps,
  actor: CallerOrUserId,
  targetRef: UserRef,
  rules: Pick<FollowRules, "visibleTargetsOnly"> = {},
) => toggleEdge<UnfollowOutcome>(deps, false, actor, targetRef, rules);
