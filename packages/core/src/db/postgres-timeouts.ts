import type { Options } from "postgres";

/**
 * How the server's PostgreSQL pool behaves when PostgreSQL goes away, so that a request fails
 * in bounded time (and is answered 503) instead of waiting for the server to come back, and
 * the first request after it is back succeeds.
 *
 * - `connect_timeout` 2 s: a refused connection fails at once; this bounds the other kind, a
 *   host that drops packets. Opening a connection on a loopback or LAN takes milliseconds, so
 *   2 s is only ever reached when nothing answers.
 * - `backoff`: postgres.js waits this long before a connection may try again after a failure,
 *   and the query waiting on it waits as long; its default grows to 20 s, which is what made
 *   every request of an outage hang and the first one after it come seconds late. Connections
 *   are only opened on demand (a query waiting), at most the pool's size at once, so a short
 *   wait is enough not to hammer a restarting server: 25 ms doubling to at most 100 ms.
 * - `statement_timeout` 30 s: the backstop for a server that is up but stuck (a lock that is
 *   never released, a runaway plan); no statement of a request comes near it, and the CLI's
 *   bulk statements (seed chunks of 100,000 edges) stay well under it. Migrations run on a
 *   client of their own without it.
 * - `idle_in_transaction_session_timeout` 15 s: a transaction whose process stalled or lost
 *   its connection mid-way is ended by the server, so its locks do not block everyone else.
 */
export const OUTAGE_OPTIONS = {
  connect_timeout: 2,
  backoff: (retries: number) => Math.min(0.025 * 2 ** retries, 0.1),
  connection: {
    statement_timeout: 30_000,
    idle_in_transaction_session_timeout: 15_000,
  },
} satisfies Options<Record<string, never>>;

/** Migrations may rewrite whole tables: no statement timeout, the same connect bound. */
export const MIGRATION_OPTIONS = {
  max: 1,
  connect_timeout: 2,
  connection: { statement_timeout: 0, idle_in_transaction_session_timeout: 0 },
} satisfies Options<Record<string, never>>;
