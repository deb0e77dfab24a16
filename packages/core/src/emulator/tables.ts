import { sql } from "drizzle-orm";
import type { Tx } from "../db/transaction.ts";

/**
 * Every table that holds the graph (schema.ts), parents before children, which is also the
 * order every emulator operation locks them in. `server_keys` is left out on purpose: it holds
 * the key that signs pagination cursors, which is the server's, not the graph's, and keeping
 * it lets a crawl that started before a reset fail cleanly on its own ids rather than on a
 * cursor the server no longer recognises.
 */
export const GRAPH_TABLES = [
  "users",
  "user_counters",
  "tokens",
  "follows",
  "user_blocks",
  "user_avatars",
] as const;
export type GraphTable = (typeof GRAPH_TABLES)[number];

/** The identity sequences behind users.id and tokens.id (named in 0000_init.sql). */
export const GRAPH_SEQUENCES = ["users_id_seq", "tokens_id_seq"] as const;
export type GraphSequence = (typeof GRAPH_SEQUENCES)[number];

const tableList = sql.raw(GRAPH_TABLES.join(", "));

/**
 * Locks the graph's tables for a whole-graph rewrite. ACCESS EXCLUSIVE waits for every
 * transaction that touched them to end, so a request's write finishes (or fails with its own
 * domain error) before the graph changes under it, and none starts until the rewrite commits.
 */
export const lockGraphForRewrite = (tx: Tx) =>
  tx.execute(sql`lock table ${tableList} in access exclusive mode`);

/** Locks the graph against writes, not reads, for additions (fixtures) that must see it still. */
export const lockGraphForAdditions = (tx: Tx) => tx.execute(sql`lock table ${tableList} in exclusive mode`);

/** Empties every graph table at once (TRUNCATE of a set of tables needs no cascade between them). */
export const truncateGraph = (tx: Tx) => tx.execute(sql`truncate ${tableList}`);
