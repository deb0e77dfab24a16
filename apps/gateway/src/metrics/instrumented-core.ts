import type { Core } from "@follow-graph/core";
import type { Dialect, Metrics } from "./metrics.ts";

type Operation = (...args: never[]) => Promise<unknown>;

/**
 * `core` as one dialect sees it: every operation counted in flight while it runs (each holds
 * or waits for one of the pool's connections), and the follows and unfollows that changed the
 * graph counted for `dialect`. The outcome says so exactly, where a GitHub 204 cannot.
 */
export function instrumentCore(core: Core, metrics: Metrics, dialect: Dialect): Core {
  const inFlight = metrics.databaseOperationsInFlight;
  const wrapped: Record<string, Record<string, Operation>> = {};
  for (const [group, operations] of Object.entries(core) as [string, Record<string, Operation>][]) {
    wrapped[group] = {};
    for (const [name, operation] of Object.entries(operations)) {
      wrapped[group][name] = async (...args) => {
        inFlight.inc();
        try {
          return await operation(...args);
        } finally {
          inFlight.dec();
        }
      };
    }
  }
  const follows = wrapped.follows as Record<string, Operation>;
  const { follow, unfollow } = follows;
  follows.follow = async (...args) => {
    const result = (await follow!(...args)) as { outcome: string };
    if (result.outcome === "created") metrics.followsWritten.inc({ dialect });
    return result;
  };
  follows.unfollow = async (...args) => {
    const result = (await unfollow!(...args)) as { outcome: string };
    if (result.outcome === "removed") metrics.unfollowsWritten.inc({ dialect });
    return result;
  };
  return wrapped as unknown as Core;
}
