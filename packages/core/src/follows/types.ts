import type { Caller, Identified } from "../tokens/caller.ts";
import type { UserSummary } from "../users/user.ts";
import type { ListedUser, ListOrder, ListOwner } from "./reads.ts";

// The follows operations' vocabulary: what callers of following.ts and listing.ts pass and get back.

/** GitLab's cap on how many users one account may follow (hidden edges included). */
export const GITLAB_FOLLOWEE_LIMIT = 300;

export type FollowOutcome =
  | "created"
  | "already_following"
  | "self"
  /** Either user blocks the other (GitHub's user blocks): nothing is stored. */
  | "blocked"
  | "following_disabled"
  | "limit_reached";
export type UnfollowOutcome = "removed" | "not_following";
export type BlockOutcome = "blocked" | "already_blocked" | "self";
export type UnblockOutcome = "unblocked" | "not_blocked";

export interface FollowRules {
  /** Refuse new edges once the follower has this many; unset means no cap (GitHub). */
  followeeLimit?: number;
  /**
   * Treat a target the actor may not see (a blocked or banned account) as unknown, as
   * GitHub does with suspended users; GitLab's routes take such users by id.
   */
  visibleTargetsOnly?: boolean;
}

/** Who writes: any caller but nobody, or a user a trusted caller names by id. */
export type CallerOrUserId = number | Exclude<Caller, null>;

export interface Page {
  limit: number;
  /** Rows before this page: (page number - 1) × limit. */
  offset: number;
  order: ListOrder;
  /** A cursor from an earlier page's links: sought from when issued for this very page, else ignored. */
  cursor?: string;
}

export interface ListResult {
  /** The caller as identified by the list's statement: null for trusted and anonymous callers. */
  caller: Identified | null;
  owner: ListOwner;
  /** The page as read: each item's id, place and fields as one text (see `ListedUser`). */
  items: ListedUser[];
  /** The page's users, parsed from `items` when first read. */
  readonly users: UserSummary[];
  /** Every listed (active) user on this list, from the counters: no COUNT(*). */
  total: number;
  /** Cursors for the pages before and after this one, when there are such pages. */
  cursors: { prev?: string; next?: string };
}
