import type { Db } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { DomainError } from "../errors/domain-error.ts";
import { type Asker, digestFor, type TokenCaller, viewerFor } from "../tokens/caller.ts";
import type { TokenJudge } from "../tokens/judge.ts";
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
  owner: ListOwner;
  users: UserSummary[];
  /** Every listed (active) user on this list, from the counters: no COUNT(*). */
  total: number;
  /** Cursors for the pages before and after this one, when there are such pages. */
  cursors: { prev?: string; next?: string };
}

const notFound = () => new DomainError("user_not_found");

export function createFollowsService(
  db: Db,
  usersRepo: UsersRepository,
  followsRepo: FollowsRepository,
  reads: FollowReads,
  cursors: Cursors,
  judge: TokenJudge,
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
    asker: Asker,
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
      digestFor(asker),
      direction,
      ownerRef,
      page.order,
      page.limit,
      opened ? opened.seek : { offset: page.offset },
    );
    const viewer = await viewerFor(asker, found.caller, judge);
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
      owner,
      users,
      total,
      cursors: { ...(prev ? { prev } : {}), ...(next ? { next } : {}) },
    };
  }

  /**
   * Who acts on whom. An actor given as a token is identified in the same statement that
   * looks the target up, and the dialect accepts it (or refuses) before the target is judged.
   */
  async function parties(actor: number | TokenCaller, targetRef: UserRef) {
    if (typeof actor === "number") return { actorId: actor, targetId: await idOf(targetRef) };
    const found = await reads.selectTarget(digestFor(actor), targetRef);
    const viewer = await viewerFor(actor, found.caller, judge);
    if (!viewer) throw new Error("a write was accepted for nobody");
    if (found.targetId === null) throw notFound();
    return { actorId: viewer.id, targetId: found.targetId };
  }

  return {
    /**
     * Makes `actor` (an id, or a token to identify) follow the target. Every no-op is an
     * outcome, not an error; only an unknown user is. The target is returned as it is after
     * the change.
     */
    async follow(actor: number | TokenCaller, targetRef: UserRef, rules: FollowRules = {}) {
      const { actorId, targetId } = await parties(actor, targetRef);
      if (actorId === targetId)
        return { outcome: "self" as FollowOutcome, target: await existingUser(targetId) };
      return inTransaction(db, async (tx) => {
        const { actor, target } = await lockPair(tx, actorId, targetId);
        if (rules.visibleTargetsOnly && !canSeeUser(actor, target)) throw notFound();
        const result = (outcome: FollowOutcome) => ({ outcome, target: target as User });
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
      actor: number | TokenCaller,
      targetRef: UserRef,
      rules: Pick<FollowRules, "visibleTargetsOnly"> = {},
    ) {
      const { actorId, targetId } = await parties(actor, targetRef);
      if (actorId === targetId)
        return { outcome: "not_following" as UnfollowOutcome, target: await existingUser(targetId) };
      return inTransaction(db, async (tx) => {
        const { actor, target } = await lockPair(tx, actorId, targetId);
        if (rules.visibleTargetsOnly && !canSeeUser(actor, target)) throw notFound();
        if (!(await followsRepo.deleteFollow(tx, actorId, targetId)))
          return { outcome: "not_following" as UnfollowOutcome, target: target as User };
        await followsRepo.addToCounters(tx, [
          { userId: actorId, following: isListed(target) ? -1 : 0, followeeRows: -1 },
          { userId: targetId, followers: isListed(actor) ? -1 : 0, followerRows: -1 },
        ]);
        return { outcome: "removed" as UnfollowOutcome, target: target as User };
      });
    },

    /**
     * Whether `follower` follows `followee` as the follower's following list shows it: the
     * edge is stored and both ends are listed. A follower whose lists the viewer may not
     * read, or a followee it may not see, is `user_not_found`. One statement, caller included.
     */
    async followsAsListed(asker: Asker, follower: UserRef, followee: UserRef): Promise<boolean> {
      const found = await reads.selectCheck(digestFor(asker), follower, followee);
      const viewer = await viewerFor(asker, found.caller, judge);
      const from = found.follower;
      const to = found.followee;
      if (!from || !canReadProfile(viewer, from) || !to || !canSeeUser(viewer, to)) throw notFound();
      return isListed(from) && isListed(to) && found.follows;
    },

    /** Who follows `owner`, if `viewer` may see it (else `user_not_found`). */
    listFollowers: (asker: Asker, owner: UserRef, page: Page) => list("followers", asker, owner, page),

    /** Whom `owner` follows, if `viewer` may see it (else `user_not_found`). */
    listFollowing: (asker: Asker, owner: UserRef, page: Page) => list("following", asker, owner, page),
  };
}

export type FollowsService = ReturnType<typeof createFollowsService>;
