// The following lists the plan expects: what it saw, changed by the items' effects.
import type { Effect, PlanFile, PlanItem } from "../plan/plan-model.ts";

/** Applies `items` (with the effect each had or is predicted to have) to the seen lists. */
export function expectedFollowing(
  plan: PlanFile,
  items: Array<{ item: PlanItem; effect: Effect }>,
): Map<string, Set<string>> {
  const lists = new Map<string, Set<string>>();
  for (const [login, seen] of Object.entries(plan.seen)) lists.set(login, new Set(seen.following));
  for (const { item, effect } of items) {
    const list = lists.get(item.follower.toLowerCase());
    if (!list) continue;
    if (effect === "visible") list.add(item.followee.toLowerCase());
    if (effect === "removed") list.delete(item.followee.toLowerCase());
  }
  return lists;
}

/** The effect an observed status had: the predicted one when the status was predicted. */
export function observedEffect(item: PlanItem, status: number): Effect {
  if (status === item.predicted.status) return item.predicted.effect;
  if (status >= 200 && status < 300) return item.op === "add" ? "visible" : "removed";
  return status >= 400 ? "refused" : "none";
}
