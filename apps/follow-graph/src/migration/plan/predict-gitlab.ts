// What GitLab answers to each planned write, in order: the cap counts the follower's rows as
// earlier items change them (removes go first, freeing room).
import type { Outcome, PlanItem } from "./plan-model.ts";
import type { PlannedWrite } from "./predict.ts";
import type { TargetState } from "./target-state.ts";

/**
 * GitLab's MAX_FOLLOWEE_LIMIT. Its check counts hidden rows too: those to mapped users are
 * known (their followers lists show them), those to other inactive users no API shows.
 */
export const GITLAB_FOLLOWEE_CAP = 300;
const HIDDEN_STATES = new Set([
  "blocked",
  "banned",
  "deactivated",
  "blocked_pending_approval",
  "ldap_blocked",
]);

export function predictGitLab(writes: PlannedWrite[], state: TargetState): PlanItem[] {
  const rows = new Map<string, number>();
  const rowsOf = (login: string) => {
    const user = state.get(login);
    return rows.get(login) ?? (user ? user.following.length + user.hiddenFollowing.length : 0);
  };
  return writes.map((write) => {
    const follower = state.get(write.follower.toLowerCase())?.profile;
    const followee = state.get(write.followee.toLowerCase())?.profile;
    const key = write.follower.toLowerCase();
    const outcome = (status: number, label: string, effect: Outcome["effect"]): PlanItem => ({
      ...write,
      predicted: { status, label, effect },
    });
    if (write.op === "remove") {
      rows.set(key, rowsOf(key) - 1);
      return outcome(201, "201 removed", "removed");
    }
    if (key === write.followee.toLowerCase()) return outcome(304, "304 self-follow", "none");
    // A placeholder apply creates has following on and no rows.
    if (follower?.followingDisabled) return outcome(304, "304 following disabled by follower", "none");
    if (followee?.followingDisabled) return outcome(304, "304 following disabled by followee", "none");
    if (rowsOf(key) >= GITLAB_FOLLOWEE_CAP)
      return outcome(400, `400 followee cap (${GITLAB_FOLLOWEE_CAP})`, "refused");
    rows.set(key, rowsOf(key) + 1);
    if (followee && HIDDEN_STATES.has(followee.state))
      return outcome(201, `201 hidden: followee ${followee.state}`, "hidden");
    if (followee?.privateProfile) return outcome(201, "201 + follow (private profile)", "visible");
    return outcome(201, "201 + follow", "visible");
  });
}
