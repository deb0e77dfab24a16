import type { Db } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { DomainError } from "../errors/domain-error.ts";
import { checkBatch } from "./import-input.ts";
import {
  loadBatchEdges,
  loadBatchUsers,
  lockAndSettleChanges,
  setImportSession,
  upsertIdentities,
  writeBatchEdges,
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
  const hasIdentities = checked.users.some((user) => user.identities.github || user.identities.gitlab);
  return inTransaction(deps.db, async (tx) => {
    await setImportSession(tx);
    const { created, missing } = await loadBatchUsers(tx, checked);
    if (missing.length)
      throw new DomainError(
        "conflict",
        `Another writer created ${missing.join(", ")} during this batch: import again`,
      );
    if (hasIdentities) await upsertIdentities(tx);
    const { pairs, kept } = await loadBatchEdges(tx, checked);
    await lockAndSettleChanges(tx, mode, checked.replaces.list);
    const { added, removed } = await writeBatchEdges(tx);
    return { usersCreated: created, edgesAdded: added, edgesRemoved: removed, edgesSkipped: pairs - kept };
  });
}
