import { sqlState, UNIQUE_VIOLATION } from "../db/sql-state.ts";
import { inTransaction } from "../db/transaction.ts";
import type { CoreDeps } from "../deps.ts";
import { restoreDifference } from "./restore-difference.ts";
import { insertTableRows, selectTableRows, type TableRows } from "./table-rows.ts";
import { deleteGraphRows, lockGraphForRewrite, skipForeignKeyChecks } from "./tables.ts";

/** The whole graph at one moment, tokens' digests and id sequences included; opaque to callers. */
export interface GraphSnapshot {
  readonly rows: TableRows;
  readonly takenAt: Date;
}

/** Copies the graph out in one statement (one consistent picture, no lock taken). */
export async function snapshotGraph(deps: Pick<CoreDeps, "db">): Promise<GraphSnapshot> {
  return { rows: await selectTableRows(deps.db), takenAt: new Date() };
}

/**
 * Puts the graph back as `snapshot` found it, in one transaction: waits for the writes in
 * flight (see lockGraphForRewrite), then changes only the rows that differ (restoreDifference).
 * Should that trip over a unique index mid-way (two users that swapped usernames since the
 * snapshot: PostgreSQL checks those per row), the tables are emptied and rewritten instead.
 */
export async function restoreGraph(deps: Pick<CoreDeps, "db">, snapshot: GraphSnapshot): Promise<void> {
  await inTransaction(deps.db, async (tx) => {
    await lockGraphForRewrite(tx);
    await skipForeignKeyChecks(tx);
    try {
      await tx.transaction((savepoint) => restoreDifference(savepoint, snapshot.rows));
    } catch (error) {
      if (sqlState(error) !== UNIQUE_VIOLATION) throw error;
      await deleteGraphRows(tx);
      await insertTableRows(tx, snapshot.rows);
    }
  });
}
