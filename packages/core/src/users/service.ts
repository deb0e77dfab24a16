import { constraintName, sqlState, UNIQUE_VIOLATION } from "../db/sql-state.ts";
import { inTransaction } from "../db/transaction.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors/domain-error.ts";
import { type Caller, digestFor, type Identified, identifyIn, knownViewer } from "../tokens/caller.ts";
import { callerFrom } from "../tokens/caller-sql.ts";
import type { UserListFilter, UserListOrder } from "./list-query.ts";
import { type ModerationAction, transition } from "./moderation.ts";
import { isListed, type User, type UserRef, type UserState, type UserWithCounts } from "./user.ts";
import { type NewUser, type UserChanges, validateUserFields } from "./validation.ts";

export const ROOT_USER_ID = 1;

const notFound = () => new DomainError("user_not_found");

/** Turns a unique-index violation on users into the domain's "taken" errors. */
function translateUniqueViolation(error: unknown): never {
  if (sqlState(error) === UNIQUE_VIOLATION) {
    const constraint = constraintName(error) ?? "";
    if (constraint.includes("email")) throw new DomainError("email_taken");
    if (constraint.includes("username")) throw new DomainError("username_taken");
  }
  throw error;
}

/**
 * A user with its counts (null when nobody has that id or name) and whether the caller
 * follows it, identifying the caller in the same statement. Who may see what of it is
 * the dialect's to decide, with `canReadProfile`.
 */
export async function profile(
  deps: Pick<CoreDeps, "userReads" | "stamp">,
  caller: Caller,
  ref: UserRef,
): Promise<{ user: UserWithCounts | null; viewerFollows: boolean; caller: Identified | null }> {
  const found = await deps.userReads.selectProfile(digestFor(caller), knownViewer(caller)?.id ?? null, ref);
  const { identified } = identifyIn(caller, callerFrom(found.caller), deps.stamp);
  return { user: found.user, viewerFollows: found.viewerFollows, caller: identified };
}

/** A new user, active unless created `blocked` (GHES creates users already suspended). */
export async function createUser(
  deps: Pick<CoreDeps, "db" | "usersRepo">,
  input: NewUser,
  state: "active" | "blocked" = "active",
): Promise<User> {
  validateUserFields(input);
  return inTransaction(deps.db, (tx) => deps.usersRepo.insertUser(tx, { ...input, state })).catch(
    translateUniqueViolation,
  );
}

/** The built-in administrator, id 1; created on first start, never duplicated. */
export async function ensureRoot(deps: Pick<CoreDeps, "db" | "usersRepo">): Promise<User> {
  const existing = await deps.usersRepo.selectUserById(ROOT_USER_ID);
  if (existing) return existing;
  return inTransaction(deps.db, (tx) =>
    deps.usersRepo.insertUser(tx, {
      id: ROOT_USER_ID,
      username: "root",
      name: "Administrator",
      email: "admin@example.com",
      isAdmin: true,
    }),
  ).catch(async (error) => {
    // Another process started at the same moment and created it first.
    const root =
      sqlState(error) === UNIQUE_VIOLATION ? await deps.usersRepo.selectUserById(ROOT_USER_ID) : null;
    if (!root) throw error;
    return root;
  });
}

/**
 * The user `ref` names (a username case-insensitively, as both dialects match them), or
 * null for nobody: also for a ref that could name nobody (`couldNameUser`).
 */
export const findUser = (deps: Pick<CoreDeps, "usersRepo">, ref: UserRef): Promise<UserWithCounts | null> =>
  deps.usersRepo.selectUser(ref);

/**
 * One page of the users `filter` holds, in `order`. Viewers who are not administrators never
 * see blocked or banned accounts here, as GitLab's user search hides them, and their search
 * never compares primary emails.
 */
export function listUsers(
  deps: Pick<CoreDeps, "usersRepo">,
  viewer: Pick<User, "isAdmin"> | null,
  filter: UserListFilter,
  order: UserListOrder,
  page: { limit: number; offset: number },
  countLimit: number,
) {
  const viewerIsAdmin = viewer?.isAdmin === true;
  const hidden: UserState[] = viewerIsAdmin ? [] : ["blocked", "banned"];
  const exceptStates = [...(filter.exceptStates ?? []), ...hidden];
  return deps.usersRepo.selectUsers(
    { filter: { ...filter, exceptStates }, order, viewerIsAdmin },
    page.limit,
    page.offset,
    countLimit,
  );
}

/**
 * Changes profile fields. Turning following off deletes every follow relation of the
 * user, both ways, as GitLab does; turning it back on restores nothing.
 */
export async function updateUser(
  deps: Pick<CoreDeps, "db" | "usersRepo" | "followsRepo">,
  id: number,
  changes: UserChanges,
): Promise<User> {
  validateUserFields(changes);
  // Turning following off removes the user's edges, shifting every neighbour's counters.
  const removesEdges = changes.followingEnabled === false;
  return inTransaction(deps.db, async (tx) => {
    const current = removesEdges
      ? await deps.usersRepo.lockUserWithNeighbours(tx, id)
      : (await deps.usersRepo.lockUsers(tx, [id]))[0];
    if (!current) throw notFound();
    const updated = await deps.usersRepo.updateUser(tx, id, changes);
    if (!updated) throw notFound();
    if (current.followingEnabled && changes.followingEnabled === false)
      await deps.followsRepo.deleteAllFollowsOf(tx, id, isListed(current));
    return updated;
  }).catch(translateUniqueViolation);
}

/**
 * Deletes a user with everything hanging off it (tokens, counters, follows), first taking
 * it out of its neighbours' counts. Nobody deletes their own account this way.
 */
export async function deleteUser(
  deps: Pick<CoreDeps, "db" | "usersRepo" | "followsRepo">,
  actorId: number,
  targetId: number,
): Promise<void> {
  if (actorId === targetId)
    throw new DomainError("transition_refused", { reason: "own_account", action: "delete" });
  await inTransaction(deps.db, async (tx) => {
    const target = await deps.usersRepo.lockUserWithNeighbours(tx, targetId);
    if (!target) throw notFound();
    await deps.followsRepo.deleteAllFollowsOf(tx, targetId, isListed(target));
    await deps.usersRepo.deleteUser(tx, targetId);
  });
}

/** Grants or withdraws administrator rights; nobody withdraws their own. */
export async function setAdmin(
  deps: Pick<CoreDeps, "db" | "usersRepo" | "followsRepo">,
  actorId: number,
  targetId: number,
  isAdmin: boolean,
): Promise<User> {
  if (!isAdmin && actorId === targetId)
    throw new DomainError("transition_refused", { reason: "own_account", action: "demote" });
  return updateUser(deps, targetId, { isAdmin });
}

/**
 * What a moderation action did: applied (true), nothing to apply because the user is there
 * already ("unchanged"), or the soft failure of unblocking an active user (false).
 */
export type ModerationResult = boolean | "unchanged";

/**
 * Applies a moderation action, judged under the target's lock; refusals throw
 * `transition_refused` with the refusal as data.
 */
export async function moderate(
  deps: Pick<CoreDeps, "db" | "usersRepo" | "followsRepo">,
  actorId: number,
  targetId: number,
  action: ModerationAction,
): Promise<ModerationResult> {
  return inTransaction(deps.db, async (tx) => {
    // Neighbours too: a change of whether the target is listed shifts their counters.
    const target = await deps.usersRepo.lockUserWithNeighbours(tx, targetId);
    if (!target) throw notFound();
    const next = transition(action, target.state, actorId === targetId);
    if (next.kind === "refused") throw new DomainError("transition_refused", next.refusal);
    if (next.kind !== "to") return next.kind === "unchanged" ? "unchanged" : false;
    const wasListed = isListed(target);
    await deps.usersRepo.updateUser(tx, targetId, { state: next.state });
    const listed = next.state === "active";
    if (wasListed !== listed) await deps.followsRepo.shiftCountsOfNeighbours(tx, targetId, listed ? 1 : -1);
    return true;
  });
}
