import { memoryWindows } from "./memory-windows.ts";

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

/** A window as a store keeps it: requests counted (at most the limit plus one) and its end. */
export interface StoredWindow {
  used: number;
  /** Epoch milliseconds. */
  resetsAt: number;
}

/**
 * Where the windows live: this process's memory, or a database every process shares (the
 * gateway's PostgreSQL store, core.rateWindows). `null` is no open window.
 */
export interface WindowStore {
  /** Counts one request, opening a window of `windowMs` from `now` if none is open. */
  take(key: string, limit: number, windowMs: number, now: number): Promise<StoredWindow>;
  refund(key: string, limit: number, now: number): Promise<StoredWindow | null>;
  peek(key: string, now: number): Promise<StoredWindow | null>;
}

/**
 * Fixed hourly windows, one per caller, opened by the caller's first request as GitHub's are.
 * Shared by both GitHub mounts: one instance is one budget. The windows are in this process
 * unless a shared `store` is given.
 */
export class RateLimiter {
  constructor(
    readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
    private readonly store: WindowStore = memoryWindows(),
  ) {}

  /** Spends one request of `budget`, unless it is spent already. */
  async take(budget: Budget): Promise<{ allowed: boolean; window: RateWindow }> {
    const stored = await this.store.take(budget.key, budget.limit, WINDOW_MS, this.now());
    return { allowed: stored.used <= budget.limit, window: toWindow(stored, budget.limit) };
  }

  /** Gives back a request that GitHub does not count (a 304). */
  async refund(budget: Budget): Promise<RateWindow> {
    const now = this.now();
    return toWindow((await this.store.refund(budget.key, budget.limit, now)) ?? unopened(now), budget.limit);
  }

  /** The window without spending from it (`GET /rate_limit` is free). */
  async peek(budget: Budget): Promise<RateWindow> {
    const now = this.now();
    return toWindow((await this.store.peek(budget.key, now)) ?? unopened(now), budget.limit);
  }
}

/** What a caller without an open window is told: a whole budget, ending an hour after its next request. */
const unopened = (now: number): StoredWindow => ({ used: 0, resetsAt: now + WINDOW_MS });

const toWindow = (stored: StoredWindow, limit: number): RateWindow => ({
  limit,
  used: Math.min(stored.used, limit),
  remaining: Math.max(0, limit - stored.used),
  reset: Math.ceil(stored.resetsAt / 1000),
});
