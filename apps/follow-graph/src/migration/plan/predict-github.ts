// What GitHub Enterprise answers to each planned write: 204 for nearly everything, so the
// prediction says whether anything is stored.
import type { Outcome, PlanItem } from "./plan-model.ts";
import type { PlannedWrite } from "./predict.ts";
import type { TargetState } from "./target-state.ts";

export function predictGitHub(writes: PlannedWrite[], state: TargetState): PlanItem[] {
  return writes.map((write) => {
    const follower = state.get(write.follower.toLowerCase());
    const followee = state.get(write.followee.toLowerCase());
    const outcome = (status: number, label: string, effect: Outcome["effect"]): PlanItem => ({
      ...write,
      predicted: { status, label, effect },
    });
    // A suspended user's token is refused before the route runs.
    if (follower?.profile?.state === "suspended") return outcome(403, "403 suspended follower", "refused");
    if (write.op === "remove") return outcome(204, "204 removed", "removed");
    if (write.follower.toLowerCase() === write.followee.toLowerCase())
      return outcome(204, "204 nothing stored: self-follow", "none");
    if (followee?.profile?.state === "suspended") return outcome(404, "404 suspended followee", "refused");
    if (followee?.blocked.includes(write.follower.toLowerCase()))
      return outcome(204, "204 nothing stored: blocked by followee", "none");
    if (follower?.blocked.includes(write.followee.toLowerCase()))
      return outcome(204, "204 nothing stored: follower blocks followee", "none");
    return outcome(204, "204 + follow", "visible");
  });
}
