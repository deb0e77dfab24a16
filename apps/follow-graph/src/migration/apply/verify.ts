// After apply: the target's lists and counts against the expected end state (the lists as this
// run found them, changed by the predicted effect of each item it made, so predicted no-ops
// expect nothing), and each answer against its prediction. Every difference is one line.
import type { PlanFile } from "../plan/plan-model.ts";
import type { TargetState } from "../plan/target-state.ts";
import type { Checkpoint } from "./checkpoint.ts";
import { expectedFollowing } from "./expected-state.ts";

export function verifyDifferences(
  plan: PlanFile,
  before: TargetState,
  after: TargetState,
  checkpoint: Checkpoint,
  madeThisRun: Set<number>,
): string[] {
  const differences: string[] = [];
  for (const { index, status } of checkpoint.done) {
    const item = plan.items[index]!;
    if (status !== item.predicted.status)
      differences.push(
        `${item.op} ${item.follower} → ${item.followee}: predicted ${item.predicted.label}, the target answered ${status}`,
      );
  }
  // Items of earlier runs are in what this run found; --force accepted everything else there.
  const expected = expectedFollowing(
    before,
    plan.items
      .filter((_, index) => madeThisRun.has(index))
      .map((item) => ({ item, effect: item.predicted.effect })),
  );
  for (const [login, want] of expected) {
    const user = after.get(login);
    const name = user?.mapped.target ?? login;
    if (!user?.profile) {
      differences.push(`${name}: not on the target`);
      continue;
    }
    const listed = new Set(user.following);
    for (const followee of [...want].sort())
      if (!listed.has(followee)) differences.push(`${name} → ${followee}: expected, not listed`);
    for (const followee of user.following)
      if (!want.has(followee)) differences.push(`${name} → ${followee}: listed, not expected`);
    const count = user.profile.following;
    if (count !== null && count !== user.following.length)
      differences.push(`${name}: following count ${count}, but the list has ${user.following.length}`);
  }
  return differences;
}
