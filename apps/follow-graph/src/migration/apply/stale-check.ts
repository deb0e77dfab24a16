// Whether the target moved since the plan was made, once what apply itself did is discounted:
// the checkpoint's items, and the one write a killed run may have made without checkpointing
// it (the first pending placeholder or item: apply makes them one at a time). One line naming
// the first user whose state changed.
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
  const doneIndexes = new Set(checkpoint.done.map((entry) => entry.index));
  const created = new Set(checkpoint.placeholders.map((l) => l.toLowerCase()));
  const pendingPlaceholder = plan.placeholders
    .find((login) => !created.has(login.toLowerCase()))
    ?.toLowerCase();
  const pendingItem = pendingPlaceholder ? undefined : plan.items.find((_, index) => !doneIndexes.has(index));
  const expected = expectedFollowing(Object.entries(plan.seen), done);
  const inFlight = pendingItem
    ? expectedFollowing(Object.entries(plan.seen), [
        ...done,
        { item: pendingItem, effect: pendingItem.predicted.effect },
      ])
    : expected;
  for (const [login, seen] of Object.entries(plan.seen)) {
    const now = state.get(login);
    const where = `'${seen.login}' (${mapSource}:${seen.line})`;
    if (!now) return `${where} is in the plan but not in the identity map`;
    const madeByApply = created.has(login) || (login === pendingPlaceholder && now.profile !== undefined);
    if (!madeByApply && profileDigest(now) !== seen.profile)
      return seen.placeholder
        ? `${where} was not on the target when planned and is now`
        : `${where}'s profile changed since planning (state, privacy, following setting or blocks)`;
    const listed = followingDigest(now.following);
    const want = [...expected.get(login)!].sort();
    if (listed !== followingDigest(want) && listed !== followingDigest([...inFlight.get(login)!].sort()))
      return `${where}'s following list changed since planning (expected ${want.length}, the target lists ${now.following.length})`;
  }
  return undefined;
}
