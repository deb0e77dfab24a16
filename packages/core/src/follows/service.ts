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
import type { CursorScope, Cursors, Direction } from "./cursor.ts";
import type { FollowsRepository, ListOrder, ListStart } from "./repository.ts";

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
  owner: User;
  users: UserSummary[];
  /** Every listed (active) user on this list, from the counters: no COUNT(*). */
  total: number;
  /** Cursors for the pages before and after this one, when there are such pages. */
  cursors: { prev?: string; next?: string };
}

type Viewer = Pick<User, "id" | "isAdmin"> | null;

const notFound = () => new DomainError("user_not_found", "User Not Found");

export function createFollowsService(
  db: Db,
  usersRepo: UsersRepository,
  followsRepo: FollowsRepository,
  cursors: Cursors,
) {
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

  /**
   * One page of a list. A cursor seeks in the index from the row it names, so a page costs
   * the same however deep it is; without one, the page is found by skipping rows, in the
   * covering index alone when no row of the list is hidden (the counters tell).
   */
  async function list(
    direction: Direction,
    viewer: Viewer,
    ownerRef: UserRef,
    page: Page,
  ): Promise<ListResult> {
    const owner = await userFor(viewer, ownerRef, canReadProfile);
    const total = owner.counts[direction];
    const scope: CursorScope = {
      direction,
      ownerId: owner.id,
      order: page.order,
      limit: page.limit,
      offset: page.offset,
    };
    const start: ListStart =
      page.cursor !== undefined
        ? await cursors.open(page.cursor, scope)
        : { offset: page.offset, everyRowShows: owner.edges[direction] === total };
    const users =
      "offset" in start && start.offset >= total
        ? []
        : await followsRepo.selectList(direction, owner.id, page.order, page.limit, start);
    const first = users[0];
    const last = users.at(-1);
    const [prev, next] = await Promise.all([
      first && page.offset > 0
        ? cursors.seal({ ...scope, offset: page.offset - page.limit }, { toward: "before", key: first.key })
        : undefined,
      last && users.length === page.limit && page.offset + page.limit < total
        ? cursors.seal({ ...scope, offset: page.offset + page.limit }, { toward: "after", key: last.key })
        : undefined,
    ]);
    return {
      owner,
      users: users.map(({ key: _key, ...user }) => user),
      total,
      cursors: { ...(prev ? { prev } : {}), ...(next ? { next } : {}) },
    };
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
