import type { Db } from "../db/database.ts";
import { constraintName, sqlState, UNIQUE_VIOLATION } from "../db/sql-state.ts";
import { inTransaction } from "../db/transaction.ts";
import { DomainError } from "../errors/domain-error.ts";
import type { FollowsRepository } from "../follows/repository.ts";
import { type Caller, digestFor, type Identified, identifyIn, knownViewer } from "../tokens/caller.ts";
import { callerFrom } from "../tokens/caller-sql.ts";
import type { StampUse } from "../tokens/judge.ts";
import { type ModerationAction, transition } from "./moderation.ts";
import type { UserReads } from "./reads.ts";
import type { UsersRepository } from "./repository.ts";
import { isListed, type User, type UserRef, type UserWithCounts } from "./user.ts";
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

export function createUsersService(
  db: Db,
  usersRepo: UsersRepository,
  followsRepo: FollowsRepository,
  reads: UserReads,
  stamp: StampUse,
) {
  return {
    /**
     * A user with its counts (null when nobody has that id or name) and whether the caller
     * follows it, identifying the caller in the same statement. Who may see what of it is
     * the dialect's to decide, with `canReadProfile`.
     */
    async profile(
      caller: Caller,
      ref: UserRef,
    ): Promise<{ user: UserWithCounts | null; viewerFollows: boolean; caller: Identified | null }> {
      const found = await reads.selectProfile(digestFor(caller), knownViewer(caller)?.id ?? null, ref);
      const { identified } = identifyIn(caller, callerFrom(found.caller), stamp);
      return { user: found.user, viewerFollows: found.viewerFollows, caller: identified };
    },

    /** A new user, active unless created `blocked` (GHES creates users already suspended). */
    async createUser(input: NewUser, state: "active" | "blocked" = "active"): Promise<User> {
      validateUserFields(input);
      return inTransaction(db, (tx) => usersRepo.insertUser(tx, { ...input, state })).catch(
        translateUniqueViolation,
      );
    },

    /** The built-in administrator, id 1; created on first start, never duplicated. */
    async ensureRoot(): Promise<User> {
      const existing = await usersRepo.selectUserById(ROOT_USER_ID);
      if (existing) return existing;
      return inTransaction(db, (tx) =>
        usersRepo.insertUser(tx, {
          id: ROOT_USER_ID,
          username: "root",
          name: "Administrator",
          email: "admin@example.com",
          isAdmin: true,
        }),
      ).catch(async (error) => {
        // Another process started at the same moment and created it first.
        const root =
          sqlState(error) === UNIQUE_VIOLATION ? await usersRepo.selectUserById(ROOT_USER_ID) : null;
        if (!root) throw error;
        return root;
      });
    },

    /**
     * The user `ref` names (a username case-insensitively, as both dialects match them), or
     * null for nobody: also for a ref that could name nobody (`couldNameUser`).
     */
    findUser: (ref: UserRef): Promise<UserWithCounts | null> => usersRepo.selectUser(ref),

    /**
     * Users newest first. Viewers who are not administrators never see blocked or banned
     * accounts here, as GitLab's user search hides them.
     */
    listUsers(
      viewer: Pick<User, "isAdmin"> | null,
      filter: { username?: string },
      page: { limit: number; offset: number },
      countLimit: number,
    ) {
      const excludeStates: User["state"][] = viewer?.isAdmin ? [] : ["blocked", "banned"];
      return usersRepo.selectUsers({ ...filter, excludeStates }, page.limit, page.offset, countLimit);
    },

    /**
     * Changes profile fields. Turning following off deletes every follow relation of the
     * user, both ways, as GitLab does; turning it back on restores nothing.
     */
    async updateUser(id: number, changes: UserChanges): Promise<User> {
      validateUserFields(changes);
      // Turning following off removes the user's edges, shifting every neighbour's counters.
      const removesEdges = changes.followingEnabled === false;
      return inTransaction(db, async (tx) => {
        const current = removesEdges
          ? await usersRepo.lockUserWithNeighbours(tx, id)
          : (await usersRepo.lockUsers(tx, [id]))[0];
        if (!current) throw notFound();
        const updated = await usersRepo.updateUser(tx, id, changes);
        if (!updated) throw notFound();
        if (current.followingEnabled && changes.followingEnabled === false)
          await followsRepo.deleteAllFollowsOf(tx, id, isListed(current));
        return updated;
      }).catch(translateUniqueViolation);
    },

    /**
     * Deletes a user with everything hanging off it (tokens, counters, follows), first taking
     * it out of its neighbours' counts. Nobody deletes their own account this way.
     */
    async deleteUser(actorId: number, targetId: number): Promise<void> {
      if (actorId === targetId)
        throw new DomainError("transition_refused", { reason: "own_account", action: "delete" });
      await inTransaction(db, async (tx) => {
        const target = await usersRepo.lockUserWithNeighbours(tx, targetId);
        if (!target) throw notFound();
        await followsRepo.deleteAllFollowsOf(tx, targetId, isListed(target));
        await usersRepo.deleteUser(tx, targetId);
      });
    },

    /** Grants or withdraws administrator rights; nobody withdraws their own. */
    async setAdmin(actorId: number, targetId: number, isAdmin: boolean): Promise<User> {
      if (!isAdmin && actorId === targetId)
        throw new DomainError("transition_refused", { reason: "own_account", action: "demote" });
      return this.updateUser(targetId, { isAdmin });
    },

    /**
     * Applies a moderation action. Returns whether it succeeded (GitLab answers `false` for
     * unblocking an active user); refusals throw `transition_refused` with the refusal as data.
     */
    async moderate(actorId: number, targetId: number, action: ModerationAction): Promise<boolean> {
      return inTransaction(db, async (tx) => {
        // Neighbours too: a change of whether the target is listed shifts their counters.
        const target = await usersRepo.lockUserWithNeighbours(tx, targetId);
        if (!target) throw notFound();
        const next = transition(action, target.state, actorId === targetId);
        if (next.kind === "refused") throw new DomainError("transition_refused", next.refusal);
        if (next.kind !== "to") return next.kind === "unchanged";
        const wasListed = isListed(target);
        await usersRepo.updateUser(tx, targetId, { state: next.state });
        const listed = next.state === "active";
        if (wasListed !== listed) await followsRepo.shiftCountsOfNeighbours(tx, targetId, listed ? 1 : -1);
        return true;
      });
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
