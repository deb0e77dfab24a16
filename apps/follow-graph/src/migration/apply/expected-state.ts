// The following lists expected after some items: lists seen (by the plan, or by apply when it
// started), changed by the items' effects.
import type { Effect, PlanItem } from "../plan/plan-model.ts";

/** Applies `items` (with the effect each had or is predicted to have) to `lists` (by login). */
export function expectedFollowing(
  start: Iterable<[string, { following: string[] }]>,
  items: Array<{ item: PlanItem; effect: Effect }>,
): Map<string, Set<string>> {
  const lists = new Map<string, Set<string>>();
  for (const [login, user] of start) lists.set(login, new Set(user.following));
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
