import type { Tx } from "../db/transaction.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors/domain-error.ts";
import { digestFor, identifyIn } from "../tokens/caller.ts";
import { callerFrom } from "../tokens/caller-sql.ts";
import type { User, UserRef } from "../users/user.ts";
import type { CallerOrUserId } from "./types.ts";

// Who a write between two users (a follow, a block) acts on whom, and how it holds them.

export const notFound = () => new DomainError("user_not_found");

export async function existingUser(deps: Pick<CoreDeps, "usersRepo">, ref: UserRef): Promise<User> {
  const user = await deps.usersRepo.selectUser(ref);
  if (!user) throw notFound();
  return user;
}

/** The id `ref` names; a username costs one look-up, and naming nobody is `user_not_found`. */
const idOf = async (deps: Pick<CoreDeps, "usersRepo">, ref: UserRef) =>
  typeof ref === "number" ? ref : (await existingUser(deps, ref)).id;

/** Locks both ends and returns them, or throws when the target does not exist. */
export async function lockPair(deps: Pick<CoreDeps, "usersRepo">, tx: Tx, actorId: number, targetId: number) {
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
export async function parties(
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
