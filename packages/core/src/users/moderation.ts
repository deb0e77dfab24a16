import type { UserState } from "./user.ts";

export const MODERATION_ACTIONS = ["block", "unblock", "ban", "unban", "deactivate", "activate"] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/**
 * What an action does to a user in a given state: move it to a new state, leave it as it
 * is (`unchanged`, still a success), do nothing and report failure (`failed`), or refuse
 * with a reason. These are GitLab's moderation rules; GitHub's suspension maps onto
 * block/unblock.
 */
export type Transition =
  | { kind: "to"; state: UserState }
  | { kind: "unchanged" }
  | { kind: "failed" }
  | { kind: "refused"; reason: string };

/** Refusals made before any state rule applies (GitLab words these as "403 Forbidden - …"). */
export const PRECONDITION_REFUSALS = {
  blockSelf: "The API initiating user cannot be blocked by the API",
  unblockDeactivated: "Deactivated users cannot be unblocked by the API",
  deleteSelf: "You cannot delete your own account",
  demoteSelf: "You cannot demote your own account",
} as const;

const to = (state: UserState): Transition => ({ kind: "to", state });
const refused = (reason: string): Transition => ({ kind: "refused", reason });

export function transition(action: ModerationAction, state: UserState, actingOnSelf: boolean): Transition {
  switch (action) {
    case "block":
      if (actingOnSelf) return refused(PRECONDITION_REFUSALS.blockSelf);
      return state === "blocked" || state === "banned" ? { kind: "unchanged" } : to("blocked");
    case "unblock":
      if (state === "deactivated") return refused(PRECONDITION_REFUSALS.unblockDeactivated);
      return state === "active" ? { kind: "failed" } : to("active");
    case "ban":
      return state === "active" ? to("banned") : refused(`You cannot ban ${state} users.`);
    case "unban":
      return state === "banned" ? to("active") : refused(`You cannot unban ${state} users.`);
    case "deactivate":
      if (state === "deactivated") return { kind: "unchanged" };
      return state === "active"
        ? to("deactivated")
        : refused("Error occurred. A blocked user cannot be deactivated");
    case "activate":
      if (state === "active") return { kind: "unchanged" };
      return state === "deactivated"
        ? to("active")
        : refused("Error occurred. A blocked user must be unblocked to be activated");
  }
}
