import type { UserState } from "./user.ts";

export const MODERATION_ACTIONS = ["block", "unblock", "ban", "unban", "deactivate", "activate"] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/**
 * Why an action on a user is refused, as data each dialect words: acting on one's own
 * account, or a state the action cannot start from. Each refused action has one reason.
 */
export type TransitionRefusal =
  | { reason: "own_account"; action: "block" | "delete" | "demote" }
  | { reason: "deactivated"; action: "unblock" }
  | { reason: "not_active"; action: "ban"; from: UserState }
  | { reason: "not_banned"; action: "unban"; from: UserState }
  | { reason: "blocked"; action: "deactivate" | "activate"; from: UserState };

export type TransitionRefusalReason = TransitionRefusal["reason"];

/**
 * What an action does to a user in a given state: move it to a new state, leave it as it
 * is (`unchanged`, still a success), do nothing and report failure (`failed`), or refuse.
 * These are GitLab's moderation rules; GitHub's suspension maps onto block/unblock.
 */
export type Transition =
  | { kind: "to"; state: UserState }
  | { kind: "unchanged" }
  | { kind: "failed" }
  | { kind: "refused"; refusal: TransitionRefusal };

const to = (state: UserState): Transition => ({ kind: "to", state });
const refused = (refusal: TransitionRefusal): Transition => ({ kind: "refused", refusal });

export function transition(action: ModerationAction, state: UserState, actingOnSelf: boolean): Transition {
  switch (action) {
    case "block":
      if (actingOnSelf) return refused({ reason: "own_account", action });
      return state === "blocked" || state === "banned" ? { kind: "unchanged" } : to("blocked");
    case "unblock":
      if (state === "deactivated") return refused({ reason: "deactivated", action });
      return state === "active" ? { kind: "failed" } : to("active");
    case "ban":
      return state === "active" ? to("banned") : refused({ reason: "not_active", action, from: state });
    case "unban":
      return state === "banned" ? to("active") : refused({ reason: "not_banned", action, from: state });
    case "deactivate":
      if (state === "deactivated") return { kind: "unchanged" };
      return state === "active" ? to("deactivated") : refused({ reason: "blocked", action, from: state });
    case "activate":
      if (state === "active") return { kind: "unchanged" };
      return state === "deactivated" ? to("active") : refused({ reason: "blocked", action, from: state });
  }
}
