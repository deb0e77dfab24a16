import type { StoredWindow, WindowStore } from "./rate-limiter.ts";

/** Ended windows are dropped after this many takes, so callers seen once do not stay in memory. */
const TAKES_PER_SWEEP = 10_000;

/**
 * The windows in this process's memory: right for one process (an embedded store is one by
 * construction), and what a limiter keeps unless given a shared store. Same counting as the
 * database's: a spent window stops at limit + 1.
 */
export function memoryWindows(): WindowStore {
  const windows = new Map<string, StoredWindow>();
  let takesSinceSweep = 0;
  const open = (key: string, now: number) => {
    const found = windows.get(key);
    return found && found.resetsAt > now ? found : undefined;
  };
  const copy = (w: StoredWindow | undefined) => (w ? { ...w } : null);
  return {
    async take(key, limit, windowMs, now) {
      if (++takesSinceSweep >= TAKES_PER_SWEEP) {
        takesSinceSweep = 0;
        for (const [k, w] of windows) if (w.resetsAt <= now) windows.delete(k);
      }
      let window = open(key, now);
      if (!window) {
        window = { used: 0, resetsAt: now + windowMs };
        windows.set(key, window);
      }
      window.used = Math.min(window.used + 1, limit + 1);
      return { ...window };
    },
    async refund(key, limit, now) {
      const window = open(key, now);
      if (window) window.used = Math.max(Math.min(window.used, limit) - 1, 0);
      return copy(window);
    },
    async peek(key, now) {
      return copy(open(key, now));
    },
  };
}
