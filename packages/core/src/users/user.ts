import type { UserRow } from "../db/schema.ts";

export type UserState = UserRow["state"];

/** A user as the core hands it out. */
export type User = UserRow;

/** The fields a list item needs in either dialect; lists select only these. */
export const USER_SUMMARY_FIELDS = [
  "id",
  "username",
  "name",
  "email",
  "publicEmail",
  "state",
  "avatarUrl",
  "isAdmin",
] as const;
export type UserSummary = Pick<User, (typeof USER_SUMMARY_FIELDS)[number]>;

export interface FollowCounts {
  followers: number;
  following: number;
}

export interface UserWithCounts extends User {
  counts: FollowCounts;
  /** Every stored edge, hidden ones included; equal to `counts` when no neighbour is hidden. */
  edges: FollowCounts;
}

/** GitLab's `blocked?`: states whose profile and lists are hidden from other users. */
export const isBlockedState = (state: UserState) => state === "blocked" || state === "banned";

/** Only active users appear in anyone's followers/following lists and counts. */
export const isListed = (user: Pick<User, "state">) => user.state === "active";

/** Who a read is for once the caller is known: a user, or nobody (anonymous). */
export type Viewer = Pick<User, "id" | "isAdmin"> | null;

/** What the visibility rules read of the user looked at. */
export type Visibility = Pick<User, "id" | "state" | "privateProfile">;

const isSelfOrAdmin = (viewer: Viewer, target: Visibility) =>
  viewer !== null && (viewer.id === target.id || viewer.isAdmin);

/**
 * Who may know a user exists (name it as a follow target, see it in a check): everyone,
 * unless the account is blocked or banned; then only the user and administrators.
 */
export const canSeeUser = (viewer: Viewer, target: Visibility): boolean =>
  !isBlockedState(target.state) || isSelfOrAdmin(viewer, target);

/**
 * Who may read a user's profile details and follow lists: everyone who can see the user,
 * unless the profile is private; then only the user and administrators.
 */
export const canReadProfile = (viewer: Viewer, target: Visibility): boolean =>
  canSeeUser(viewer, target) && (!target.privateProfile || isSelfOrAdmin(viewer, target));

/** Both ends must allow following, and nobody follows themselves. */
export const followingAllowed = (a: User, b: User) =>
  a.id !== b.id && a.followingEnabled && b.followingEnabled;

/** A user named by id or, as GitHub's routes do, by username (case-insensitive). */
export type UserRef = number | { username: string };
