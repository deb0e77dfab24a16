/** A wait the source asked for (Retry-After, a spent X-RateLimit window) or a backoff after a failure. */
export interface RateWait {
  seconds: number;
  /** e.g. `429 on GET /users/alice/followers`. */
  reason: string;
  /** The how-many-th retry of this one request, from 1. */
  attempt: number;
}

/** How a forge client waits: how long it may, how often, and who hears about it. */
export interface WaitPolicy {
  /** The longest single wait accepted; a longer one fails the import (rerun with the checkpoint). */
  maxWaitSeconds: number;
  /** Retries of one request before giving up. */
  maxRetries: number;
  onWait?: (wait: RateWait) => void;
}

export const DEFAULT_WAIT_POLICY: WaitPolicy = { maxWaitSeconds: 3600, maxRetries: 8 };

/** Refused by the source's rate limit for longer than the policy waits: the import stops here. */
export class RateLimitTooLong extends Error {}

export const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/** Seconds from a Retry-After value: delta seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // Only the IMF-fixdate servers send (`Sun, 06 Nov 1994 08:49:37 GMT`): Date.parse takes "-5" too.
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Seconds until an epoch-seconds reset (X-RateLimit-Reset, RateLimit-Reset), one more to land after it. */
export function resetSeconds(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Math.max(0, Math.ceil((Number(value) * 1000 - now) / 1000) + 1);
}

/** The time a wait of `seconds` ends, for messages. */
export const untilText = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
