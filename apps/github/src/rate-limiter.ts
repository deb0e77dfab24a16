/** Requests per hour, as api.github.com counts them: per user when signed in, per address when not. */
export interface RateLimits {
  authenticated: number;
  anonymous: number;
}

const WINDOW_MS = 3_600_000;

/** One caller's window as the `X-RateLimit-*` headers and `GET /rate_limit` report it. */
export interface RateWindow {
  limit: number;
  used: number;
  remaining: number;
  /** Epoch seconds at which the window ends. */
  reset: number;
}

/** The budget a request spends: a key naming the user or address, and its limit. */
export interface Budget {
  key: string;
  limit: number;
}

interface Entry {
  used: number;
  resetAt: number;
}

/**
 * Fixed hourly windows kept in this process, one per caller, opened by the caller's first
 * request as GitHub's are. Shared by both GitHub mounts: one instance is one budget.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Entry>();
  private takesSinceSweep = 0;

  constructor(
    readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spends one request of `budget`, unless it is spent already. */
  take(budget: Budget): { allowed: boolean; window: RateWindow } {
    const entry = this.current(budget.key);
    const allowed = entry.used < budget.limit;
    if (allowed) entry.used += 1;
    return { allowed, window: toWindow(entry, budget.limit) };
  }

  /** Gives back a request that GitHub does not count (a 304). */
  refund(budget: Budget): RateWindow {
    const entry = this.current(budget.key);
    entry.used = Math.max(0, entry.used - 1);
    return toWindow(entry, budget.limit);
  }

  /** The window without spending from it (`GET /rate_limit` is free). */
  peek(budget: Budget): RateWindow {
    return toWindow(this.current(budget.key), budget.limit);
  }

  private current(key: string): Entry {
    const now = this.now();
    if (++this.takesSinceSweep >= 10_000) this.sweep(now);
    let entry = this.windows.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { used: 0, resetAt: now + WINDOW_MS };
      this.windows.set(key, entry);
    }
    return entry;
  }

  /** Drops ended windows, so callers seen once do not stay in memory. */
  private sweep(now: number) {
    this.takesSinceSweep = 0;
    for (const [key, entry] of this.windows) if (entry.resetAt <= now) this.windows.delete(key);
  }
}

const toWindow = (entry: Entry, limit: number): RateWindow => ({
  limit,
  used: Math.min(entry.used, limit),
  remaining: Math.max(0, limit - entry.used),
  reset: Math.ceil(entry.resetAt / 1000),
});
