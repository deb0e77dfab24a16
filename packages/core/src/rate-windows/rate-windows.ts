import { sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { prepareRows } from "../db/json-statement.ts";
import type { CoreDeps } from "../deps.ts";

/** One budget's window as stored: requests counted (at most the limit plus one) and its end. */
export interface StoredWindow {
  used: number;
  /** Epoch milliseconds at which the window ends. */
  resetsAt: number;
}

/** Ended windows are deleted after this many takes in one process, so callers seen once do not pile up. */
const TAKES_PER_SWEEP = 10_000;

interface Row {
  used: number;
  resets_at: string | number;
}

const windowOf = (row: Row | undefined): StoredWindow | null =>
  row ? { used: Number(row.used), resetsAt: Number(row.resets_at) } : null;

/**
 * Fixed windows kept in PostgreSQL, so every process on the database spends from one budget.
 * Each request is one statement on the budget's row; the row lock serialises concurrent
 * requests of one caller, and different callers never wait for each other.
 */
export function createRateWindowsRepository(db: Db) {
  // A window opens with the caller's first request, as GitHub's do, and a spent one stops
  // counting at limit + 1: the answer says whether this request fitted (used <= limit).
  const take = prepareRows<Row>(
    db,
    "rate_window_take",
    sql`insert into rate_windows as w (key, used, resets_at)
        values (${sql.placeholder("key")}::text, 1, ${sql.placeholder("now")}::bigint + ${sql.placeholder("windowMs")}::bigint)
        on conflict (key) do update set
          used = case when w.resets_at <= ${sql.placeholder("now")}::bigint then 1
                      else least(w.used + 1, ${sql.placeholder("limit")}::integer + 1) end,
          resets_at = case when w.resets_at <= ${sql.placeholder("now")}::bigint
                           then ${sql.placeholder("now")}::bigint + ${sql.placeholder("windowMs")}::bigint
                           else w.resets_at end
        returning used, resets_at`,
  );
  // Only a request that fitted is refunded; a refused one beside it may have pushed the count to limit + 1.
  const refund = prepareRows<Row>(
    db,
    "rate_window_refund",
    sql`update rate_windows set used = greatest(least(used, ${sql.placeholder("limit")}::integer) - 1, 0)
        where key = ${sql.placeholder("key")}::text and resets_at > ${sql.placeholder("now")}::bigint
        returning used, resets_at`,
  );
  const peek = prepareRows<Row>(
    db,
    "rate_window_peek",
    sql`select used, resets_at from rate_windows
        where key = ${sql.placeholder("key")}::text and resets_at > ${sql.placeholder("now")}::bigint`,
  );
  const sweep = prepareRows<Row>(
    db,
    "rate_window_sweep",
    sql`delete from rate_windows where resets_at <= ${sql.placeholder("now")}::bigint returning used, resets_at`,
  );
  let takesSinceSweep = 0;

  return {
    async take(key: string, limit: number, windowMs: number, now: number): Promise<StoredWindow> {
      if (++takesSinceSweep >= TAKES_PER_SWEEP) {
        takesSinceSweep = 0;
        // Housekeeping, off the request's path: a failure only postpones it to the next sweep.
        sweep({ now }).catch(() => {});
      }
      const [row] = await take({ key, limit, windowMs, now });
      return windowOf(row) as StoredWindow;
    },
    async refund(key: string, limit: number, now: number): Promise<StoredWindow | null> {
      return windowOf((await refund({ key, limit, now }))[0]);
    },
    async peek(key: string, now: number): Promise<StoredWindow | null> {
      return windowOf((await peek({ key, now }))[0]);
    },
  };
}

export type RateWindowsRepository = ReturnType<typeof createRateWindowsRepository>;

type Deps = Pick<CoreDeps, "rateWindows">;

/**
 * Counts one request against `key`'s window, opening one of `windowMs` from `now` if none is
 * open. The request fitted when the answer's `used` is at most `limit`.
 */
export const takeRateWindow = (
  { rateWindows }: Deps,
  key: string,
  limit: number,
  windowMs: number,
  now: number,
) => rateWindows.take(key, limit, windowMs, now);

/** Gives back one request of `key`'s open window (null if none is open). */
export const refundRateWindow = ({ rateWindows }: Deps, key: string, limit: number, now: number) =>
  rateWindows.refund(key, limit, now);

/** `key`'s open window, without counting (null if none is open). */
export const peekRateWindow = ({ rateWindows }: Deps, key: string, now: number) => rateWindows.peek(key, now);
