// Whether the target moved since the plan was made, once what apply itself already did (the
// checkpoint) is discounted: one line naming the first user whose state changed.
import type { PlanFile } from "../plan/plan-model.ts";
import { followingDigest, profileDigest, type TargetState } from "../plan/target-state.ts";
import type { Checkpoint } from "./checkpoint.ts";
import { expectedFollowing, observedEffect } from "./expected-state.ts";

export function staleReason(
  plan: PlanFile,
  state: TargetState,
  checkpoint: Checkpoint,
  mapSource: string,
): string | undefined {
  const done = checkpoint.done.map(({ index, status }) => {
    const item = plan.items[index]!;
    return { item, effect: observedEffect(item, status) };
  });
  const expected = expectedFollowing(Object.entries(plan.seen), done);
  const created = new Set(checkpoint.placeholders.map((l) => l.toLowerCase()));
  for (const [login, seen] of Object.entries(plan.seen)) {
    const now = state.get(login);
    const where = `'${seen.login}' (${mapSource}:${seen.line})`;
    if (!now) return `${where} is in the plan but not in the identity map`;
    if (!created.has(login) && profileDigest(now) !== seen.profile)
      return seen.placeholder
        ? `${where} was not on the target when planned and is now`
        : `${where}'s profile changed since planning (state, privacy, following setting or blocks)`;
    const want = [...expected.get(login)!].sort();
    if (followingDigest(now.following) !== followingDigest(want))
      return `${where}'s following list changed since planning (expected ${want.length}, the target lists ${now.following.length})`;
  }
  return undefined;
}
