// What a plan holds: the edges to add and remove on a target forge, each with the outcome the
// target's dialect is predicted to answer, and the target state the prediction was made from.

export type Dialect = "gitlab" | "github";
export type PlanMode = "merge" | "overwrite";

/**
 * What an item does to the target's lists: `visible` shows in the follower's following list,
 * `hidden` is stored but listed nowhere (GitLab's blocked targets), `none` stores nothing,
 * `removed` takes an edge away, `refused` is an error status that changes nothing.
 */
export type Effect = "visible" | "hidden" | "none" | "removed" | "refused";

/** A predicted (or observed) answer: the status, the dialect's words for it, and its effect. */
export interface Outcome {
  status: number;
  /** e.g. `201 + follow`, `304 self-follow`, `204 nothing stored: blocked by followee`. */
  label: string;
  effect: Effect;
}

export interface PlanItem {
  op: "add" | "remove";
  /** Logins on the target. */
  follower: string;
  followee: string;
  predicted: Outcome;
}

/** One mapped user as the target showed it when the plan was made. */
export interface SeenUser {
  /** The login on the target (a placeholder's name when the map has no target side). */
  login: string;
  /** The map's line, for messages. */
  line: number;
  /** Absent on the target: a placeholder apply creates. */
  placeholder: boolean;
  /** sha256 of the profile fields predictions read (state, privacy, opt-out, blocks). */
  profile: string;
  /** Sorted, lower-cased logins this user follows on the target, as listed. */
  following: string[];
  /** sha256 of `following` joined by newlines, and its length: the fingerprint compared. */
  followingSha256: string;
}

export interface PlanFile {
  version: 1;
  target: { dialect: Dialect; url: string };
  createdAt: string;
  mode: PlanMode;
  /** Removes first (they free room under GitLab's cap), then adds, in apply's order. */
  items: PlanItem[];
  /** Target logins apply creates through the admin API before any item. */
  placeholders: string[];
  /** Per mapped target login (lower-cased): what the target showed. */
  seen: Record<string, SeenUser>;
}

export const PLAN_VERSION = 1;
