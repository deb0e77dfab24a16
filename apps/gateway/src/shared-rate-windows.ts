import type { Core } from "@follow-graph/core";
import type { WindowStore } from "@follow-graph/github";

/**
 * GitHub's rate-limit windows in the database (core.rateWindows), so every process on one
 * PostgreSQL database spends from one budget per caller. `scope` names the limiter (both
 * layouts' shared one, or each layout's own), so separate budgets stay separate rows.
 */
export function sharedRateWindows(core: Core, scope: string): WindowStore {
  const { rateWindows } = core;
  return {
    take: (key, limit, windowMs, now) => rateWindows.take(`${scope}:${key}`, limit, windowMs, now),
    refund: (key, limit, now) => rateWindows.refund(`${scope}:${key}`, limit, now),
    peek: (key, now) => rateWindows.peek(`${scope}:${key}`, now),
  };
}
