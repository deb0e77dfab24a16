import { type SQL, sql } from "drizzle-orm";
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
  "user_identities",
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

/**
 * Deletes every graph row but those `keep` names, children before parents so that no foreign
 * key's cascade has anything left to find. DELETE, not TRUNCATE: a TRUNCATE gives each table
 * and index a new file, a fixed cost (tens of ms for these fifteen relations) that dwarfs
 * deleting a test suite's few thousand rows.
 */
export async function deleteGraphRows(tx: Tx, keep: Partial<Record<GraphTable, SQL>> = {}): Promise<void> {
  for (const name of [...GRAPH_TABLES].reverse())
    await tx.execute(sql`delete from ${sql.raw(name)} t where not (${keep[name] ?? sql`false`})`);
}

/**
 * Skips the foreign-key triggers for the rest of the transaction where the role may
 * (`session_replication_role` is a superuser's, as in PGlite and most test servers): the
 * rewrites below write rows that are consistent by construction (a snapshot, or root alone),
 * and checking 10,000 edges' two keys each is most of a restore's time. Elsewhere the checks
 * simply run.
 */
export async function skipForeignKeyChecks(tx: Tx): Promise<void> {
  await tx
    .transaction((savepoint) => savepoint.execute(sql`set local session_replication_role = replica`))
    .catch(() => {});
}
