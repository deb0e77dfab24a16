import type { Db } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { DomainError } from "../errors/domain-error.ts";
import { type Caller, digestFor, type Identified, identifyIn } from "../tokens/caller.ts";
import { callerFrom } from "../tokens/caller-sql.ts";
import type { StampUse } from "../tokens/judge.ts";
import type { UsersRepository } from "../users/repository.ts";
import {
  canReadProfile,
  canSeeUser,
  isListed,
  type User,
  type UserRef,
  type UserSummary,
} from "../users/user.ts";
import { type CursorScope, type Cursors, type Direction, invalidCursor, sameScope } from "./cursor.ts";
import { type FollowReads, keyOf, type ListOrder, type ListOwner } from "./reads.ts";
import type { FollowsRepository } from "./repository.ts";

/** GitLab's cap on how many users one account may follow (hidden edges included). */
export const GITLAB_FOLLOWEE_LIMIT = 300;

export type FollowOutcome = "created" | "already_following" | "self" | "following_disabled" | "limit_reached";
export type UnfollowOutcome = "removed" | "not_following";

export interface FollowRules {
  /** Refuse new edges once the follower has this many; unset means no cap (GitHub). */
  followeeLimit?: number;
  /**
   * Treat a target the actor may not see (a blocked or banned account) as unknown, as
   * GitHub does with suspended users; GitLab's routes take such users by id.
   */
  visibleTargetsOnly?: boolean;
}

export interface Page {
  limit: number;
  /** Rows before this page: (page number - 1) × limit. */
  offset: number;
  order: ListOrder;
  /** A cursor from an earlier page's links, which must have been issued for this very page. */
  cursor?: string;
}

export interface ListResult {
  /** The caller as identified by the list's statement: null for trusted and anonymous callers. */
  caller: Identified | null;
  owner: ListOwner;
  users: UserSummary[];
  /** Every listed (active) user on this list, from the counters: no COUNT(*). */
  total: number;
  /** Cursors for the pages before and after this one, when there are such pages. */
  cursors: { prev?: string; next?: string };
}

const notFound = () => new DomainError("user_not_found");

/** Who writes: any caller but nobody, or a user a trusted caller names by id. */
export type CallerOrUserId = number | Exclude<Caller, null>;

export function createFollowsService(
  db: Db,
  usersRepo: UsersRepository,
  followsRepo: FollowsRepository,
  reads: FollowReads,
  cursors: Cursors,
  stamp: StampUse,
) {
  async function existingUser(ref: UserRef): Promise<User> {
    const user = await usersRepo.selectUser(ref);
    if (!user) throw notFound();
    return user;
  }

  /** The id `ref` names; a username costs one look-up, and naming nobody is `user_not_found`. */
  const idOf = async (ref: UserRef) => (typeof ref === "number" ? ref : (await existingUser(ref)).id);

  /** Locks both ends and returns them, or throws when the target does not exist. */
  async function lockPair(
    tx: Parameters<Parameters<typeof inTransaction>[1]>[0],
    actorId: number,
    targetId: number,
  ) {
    const locked = await usersRepo.lockUsers(tx, [actorId, targetId]);
    const actor = locked.find((u) => u.id === actorId);
    const target = locked.find((u) => u.id === targetId);
    if (!actor || !target) throw notFound();
    return { actor, target };
  }

  /**
   * One page of a list, its owner and its caller in one statement. A cursor seeks in the
   * index from the row it names, so a page costs the same however deep it is.
   */
  async function list(
    direction: Direction,
    caller: Caller,
    ownerRef: UserRef,
    page: Page,
  ): Promise<ListResult> {
    const scopeOf = (ownerId: number): CursorScope => ({
      direction,
      ownerId,
      order: page.order,
      limit: page.limit,
      offset: page.offset,
    });
    // The cursor's signature is checked before the read, its owner once the owner is known.
    const opened = page.cursor === undefined ? undefined : await cursors.open(page.cursor);
    const found = await reads.selectListPage(
      digestFor(caller),
      direction,
      ownerRef,
      page.order,
      page.limit,
      opened ? opened.seek : { offset: page.offset },
    );
    const { viewer, identified } = identifyIn(caller, callerFrom(found.caller), stamp);
    const owner = found.owner;
    if (!owner || !canReadProfile(viewer, owner)) throw notFound();
    const scope = scopeOf(owner.id);
    if (opened && !sameScope(opened.scope, scope)) throw invalidCursor();
    const users = found.page;
    const total = owner.listed;
    const first = users[0];
    const last = users.at(-1);
    const [prev, next] = await Promise.all([
      first && page.offset > 0
        ? cursors.seal(
            { ...scope, offset: page.offset - page.limit },
            { toward: "before", key: keyOf(first) },
          )
        : undefined,
      last && users.length === page.limit && page.offset + page.limit < total
        ? cursors.seal({ ...scope, offset: page.offset + page.limit }, { toward: "after", key: keyOf(last) })
        : undefined,
    ]);
    return {
      caller: identified,
      owner,
      users,
      total,
      cursors: { ...(prev ? { prev } : {}), ...(next ? { next } : {}) },
    };
  }

  /**
   * Who acts on whom. A caller off the wire is identified in the same statement that looks the
   * target up, and its route's policy admits it (or refuses) before the target is judged.
   */
  async function parties(actor: CallerOrUserId, targetRef: UserRef) {
    if (typeof actor === "number") return { actorId: actor, targetId: await idOf(targetRef), caller: null };
    const found = await reads.selectTarget(digestFor(actor), targetRef);
    const { viewer, identified } = identifyIn(actor, callerFrom(found.caller), stamp);
    if (!viewer) throw new Error("a write was admitted for nobody");
    if (found.targetId === null) throw notFound();
    return { actorId: viewer.id, targetId: found.targetId, caller: identified };
  }

  return {
    /**
     * Makes the caller (or the user a trusted caller names by id) follow the target. Every
     * no-op is an outcome, not an error; only an unknown user is. The target is returned as
     * it is after the change, with the caller as identified.
     */
    async follow(actor: CallerOrUserId, targetRef: UserRef, rules: FollowRules = {}) {
      const { actorId, targetId, caller } = await parties(actor, targetRef);
      if (actorId === targetId)
        return { outcome: "self" as FollowOutcome, target: await existingUser(targetId), caller };
      return inTransaction(db, async (tx) => {
        const { actor, target } = await lockPair(tx, actorId, targetId);
        if (rules.visibleTargetsOnly && !canSeeUser(actor, target)) throw notFound();
        const result = (outcome: FollowOutcome) => ({ outcome, target: target as User, caller });
        if (!actor.followingEnabled || !target.followingEnabled) return result("following_disabled");
        // The cap is checked before uniqueness, as GitLab does: at the cap, re-following
        // someone already followed is refused too.
        if (rules.followeeLimit !== undefined && actor.followeeRows >= rules.followeeLimit)
          return result("limit_reached");
        if (!(await followsRepo.insertFollow(tx, actorId, targetId))) return result("already_following");
        await followsRepo.addToCounters(tx, [
          { userId: actorId, following: isListed(target) ? 1 : 0, followeeRows: 1 },
          { userId: targetId, followers: isListed(actor) ? 1 : 0, followerRows: 1 },
        ]);
        return result("created");
      });
    },

    async unfollow(
      actor: CallerOrUserId,
      targetRef: UserRef,
      rules: Pick<FollowRules, "visibleTargetsOnly"> = {},
    ) {
      const { actorId, targetId, caller } = await parties(actor, targetRef);
      if (actorId === targetId)
        return { outcome: "not_following" as UnfollowOutcome, target: await existingUser(targetId), caller };
      return inTransaction(db, async (tx) => {
        const { actor, target } = await lockPair(tx, actorId, targetId);
        if (rules.visibleTargetsOnly && !canSeeUser(actor, target)) throw notFound();
        const result = (outcome: UnfollowOutcome) => ({ outcome, target: target as User, caller });
        if (!(await followsRepo.deleteFollow(tx, actorId, targetId))) return result("not_following");
        await followsRepo.addToCounters(tx, [
          { userId: actorId, following: isListed(target) ? -1 : 0, followeeRows: -1 },
          { userId: targetId, followers: isListed(actor) ? -1 : 0, followerRows: -1 },
        ]);
        return result("removed");
      });
    },

    /**
     * Whether `follower` follows `followee` as the follower's following list shows it: the
     * edge is stored and both ends are listed. A follower whose lists the viewer may not
     * read, or a followee it may not see, is `user_not_found`. One statement, caller included.
     */
    async followsAsListed(
      caller: Caller,
      follower: UserRef,
      followee: UserRef,
    ): Promise<{ follows: boolean; caller: Identified | null }> {
      const found = await reads.selectCheck(digestFor(caller), follower, followee);
      const { viewer, identified } = identifyIn(caller, callerFrom(found.caller), stamp);
      const from = found.follower;
      const to = found.followee;
      if (!from || !canReadProfile(viewer, from) || !to || !canSeeUser(viewer, to)) throw notFound();
      return { follows: isListed(from) && isListed(to) && found.follows, caller: identified };
    },

    /**
     * One page of who follows `owner` (followers) or whom it follows (following), if the
     * caller may read its lists (else `user_not_found`).
     */
    list,
  };
}

export type FollowsService = ReturnType<typeof createFollowsService>;
