import type { Db } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { skipForeignKeyChecks } from "../emulator/tables.ts";
import { DomainError } from "../errors/domain-error.ts";
import { checkBatch } from "./import-input.ts";
import {
  createChangeTable,
  deleteReplacedEdges,
  insertBatchEdges,
  insertMissingUsers,
  loadBatchEdges,
  loadBatchUsers,
  lockTouchedUsers,
  missingBatchUsers,
  setImportSession,
  updateChangedCounters,
  upsertIdentities,
} from "./import-statements.ts";
import type { ImportBatch, ImportBatchResult, ImportMode } from "./types.ts";

/**
 * Writes one batch of an import in ONE transaction: creates the users no stored username
 * matches (case-insensitively), records their forge identities, adds the edges that are not
 * there yet (ON CONFLICT DO NOTHING: a stored edge keeps its time) and, in overwrite mode,
 * removes the edges of the replaced lists that the batch does not hold; the counters of every
 * touched user are exact at commit. A batch the core refuses (invalid_input naming where) or
 * that fails writes nothing.
 */
export async function importGraphBatch(
  deps: { db: Db },
  batch: ImportBatch,
  mode: ImportMode,
): Promise<ImportBatchResult> {
  const checked = checkBatch(batch);
  if (checked.users.length === 0) return { usersCreated: 0, edgesAdded: 0, edgesRemoved: 0, edgesSkipped: 0 };
  return inTransaction(deps.db, async (tx) => {
    await setImportSession(tx);
    await loadBatchUsers(tx, checked);
    const usersCreated = await insertMissingUsers(tx);
    const missing = await missingBatchUsers(tx);
    if (missing.length)
      throw new DomainError("conflict", `Users deleted during the import: ${missing.join(", ")}`);
    await upsertIdentities(tx);
    const edgesSkipped = await loadBatchEdges(tx, checked);
    await lockTouchedUsers(tx, mode, checked);
    // Every edge's ends exist and are locked against deletion (above): their foreign-key
    // checks, two probes an edge, would be most of the insert's time.
    await skipForeignKeyChecks(tx);
    await createChangeTable(tx);
    const edgesRemoved = mode === "overwrite" ? await deleteReplacedEdges(tx, checked.replaces.list) : 0;
    const edgesAdded = await insertBatchEdges(tx);
    await updateChangedCounters(tx);
    return { usersCreated, edgesAdded, edgesRemoved, edgesSkipped };
  });
}
