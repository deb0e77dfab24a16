import type { Db } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { DomainError } from "../errors/domain-error.ts";
import type { UsersRepository } from "../users/repository.ts";
import {
  canReadProfile,
  canSeeUser,
  isListed,
  type User,
  type UserRef,
  type UserSummary,
} from "../users/user.ts";
import type { FollowsRepository, ListOrder } from "./repository.ts";

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
  offset: number;
  order: ListOrder;
}

export interface ListResult {
  owner: User;
  users: UserSummary[];
  /** Every listed (active) user on this list, from the counters: no COUNT(*). */
  total: number;
}

type Viewer = Pick<User, "id" | "isAdmin"> | null;

const notFound = () => new DomainError("user_not_found", "User Not Found");

export function createFollowsService(db: Db, usersRepo: UsersRepository, followsRepo: FollowsRepository) {
  const findUser = (ref: UserRef) =>
    typeof ref === "number" ? usersRepo.selectUserById(ref) : usersRepo.selectUserByUsername(ref.username);

  async function existingUser(ref: UserRef): Promise<User> {
    const user = await findUser(ref);
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

  /** The user `ref` names, if `allowed` for `viewer`; anyone else is simply not found. */
  async function userFor(viewer: Viewer, ref: UserRef, allowed: (viewer: Viewer, user: User) => boolean) {
    const user = await findUser(ref);
    if (!user || !allowed(viewer, user)) throw notFound();
    return user;
  }

  async function list(direction: "followers" | "following", viewer: Viewer, ownerRef: UserRef, page: Page) {
    const owner = await userFor(viewer, ownerRef, canReadProfile);
    const total = owner.counts[direction];
    const users =
      page.offset >= total
        ? []
        : await followsRepo.selectList(direction, owner.id, page.order, page.limit, page.offset);
    return { owner, users, total } satisfies ListResult;
  }

  return {
    /**
     * Makes `actorId` follow `targetId`. Every no-op is an outcome, not an error; only an
     * unknown user is. The target is returned as it is after the change.
     */
    async follow(actorId: number, targetRef: UserRef, rules: FollowRules = {}) {
      const targetId = await idOf(targetRef);
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

    async unfollow(actorId: number, targetRef: UserRef, rules: Pick<FollowRules, "visibleTargetsOnly"> = {}) {
      const targetId = await idOf(targetRef);
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

    /** Whether the edge is stored (it shows in lists only while both ends are active). */
    async isFollowing(followerId: number, followeeId: number): Promise<boolean> {
      return usersRepo.selectFollowExists(followerId, followeeId);
    },

    /**
     * Whether `follower` follows `followee` as the follower's following list shows it: the
     * edge is stored and both ends are listed. A follower whose lists `viewer` may not read,
     * or a followee it may not see, is `user_not_found`.
     */
    async followsAsListed(viewer: Viewer, follower: UserRef, followee: UserRef): Promise<boolean> {
      const [from, to] = await Promise.all([
        userFor(viewer, follower, canReadProfile),
        userFor(viewer, followee, canSeeUser),
      ]);
      if (!isListed(from) || !isListed(to)) return false;
      return usersRepo.selectFollowExists(from.id, to.id);
    },

    /** Who follows `owner`, if `viewer` may see it (else `user_not_found`). */
    listFollowers: (viewer: Viewer, owner: UserRef, page: Page) => list("followers", viewer, owner, page),

    /** Whom `owner` follows, if `viewer` may see it (else `user_not_found`). */
    listFollowing: (viewer: Viewer, owner: UserRef, page: Page) => list("following", viewer, owner, page),
  };
}

export type FollowsService = ReturnType<typeof createFollowsService>;
