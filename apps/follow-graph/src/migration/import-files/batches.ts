import type { GraphTarget, ImportBatchResult, ImportedEdge, ImportedUser, ImportMode } from "../contracts.ts";
import { ImportFileError, type ImportUnit, type Where } from "./units.ts";

export interface ImportTotals extends Required<ImportBatchResult> {
  edgesRead: number;
  batches: number;
}

export interface ImportOptions {
  /** Edges per batch, roughly: units are never split, so one user's list is one batch at least. */
  batchEdges: number;
  /** Hears the totals after each committed batch. */
  onBatch?: (totals: ImportTotals) => void;
}

interface Pending {
  users: ImportedUser[];
  edges: ImportedEdge[];
  owners: string[];
  list: "following" | "followers" | undefined;
  /** Where each user, edge and owner was read, by its index in the batch. */
  where: { users: Where[]; edges: Where[]; owners: Where[] };
}

const empty = (): Pending => ({
  users: [],
  edges: [],
  owners: [],
  list: undefined,
  where: { users: [], edges: [], owners: [] },
});

/**
 * A refusal of the batch that names a place in it (`edges[3].followee …`, the core's way),
 * as the file and line that place was read from.
 */
function located(error: unknown, pending: Pending): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const match = /\b(users|edges|replaces\.owners)\[(\d+)\](?:\.|: )?/.exec(message);
  if (!match) return error;
  const where =
    pending.where[match[1] === "replaces.owners" ? "owners" : (match[1] as "users" | "edges")][
      Number(match[2])
    ];
  if (where === undefined) return error;
  return new ImportFileError(where, message.replace(match[0], ""));
}

/**
 * Sends the units to `target` in batches of about `batchEdges` edges, each one transaction
 * there; in overwrite mode each batch replaces the lists its units hold whole. A refused or
 * failed batch stores nothing and ends the import; the batches before it stay.
 *
 * One batch is in flight while the next is read: parsing and checking the file (a CPU's worth
 * at a million edges) overlaps the store's work instead of adding to it. Never more than one:
 * batches commit in file order, and the reader waits (so memory stays two batches).
 */
export async function importUnits(
  target: GraphTarget,
  units: AsyncIterable<ImportUnit>,
  mode: ImportMode,
  options: ImportOptions,
): Promise<ImportTotals> {
  const totals: ImportTotals = {
    usersCreated: 0,
    edgesAdded: 0,
    edgesRemoved: 0,
    edgesSkipped: 0,
    edgesRead: 0,
    batches: 0,
  };
  let pending = empty();
  let inFlight: Promise<void> = Promise.resolve();

  const send = async (sent: Pending) => {
    const batch = {
      users: sent.users,
      edges: sent.edges,
      ...(sent.list ? { replaces: { list: sent.list, owners: sent.owners } } : {}),
    };
    let result: ImportBatchResult;
    try {
      result = await target.importBatch(batch, mode);
    } catch (error) {
      throw located(error, sent);
    }
    totals.usersCreated += result.usersCreated;
    totals.edgesAdded += result.edgesAdded;
    totals.edgesRemoved += result.edgesRemoved;
    totals.edgesSkipped += result.edgesSkipped ?? 0;
    totals.edgesRead += sent.edges.length;
    totals.batches++;
    options.onBatch?.(totals);
  };

  const flush = async () => {
    if (pending.users.length === 0 && pending.edges.length === 0 && pending.owners.length === 0) return;
    const sent = pending;
    pending = empty();
    // The batch before commits first: its failure, earlier in the file, is the one to report.
    await inFlight;
    inFlight = send(sent);
    // Awaited at the next flush or at the end; until then its failure must not count as unhandled.
    inFlight.catch(() => {});
  };

  try {
    for await (const unit of units) {
      // One batch replaces one kind of list.
      if (unit.owner && pending.list && unit.owner.list !== pending.list) await flush();
      for (const { user, where } of unit.users) {
        pending.users.push(user);
        pending.where.users.push(where);
      }
      for (const { edge, where } of unit.edges) {
        pending.edges.push(edge);
        pending.where.edges.push(where);
      }
      if (unit.owner) {
        pending.list = unit.owner.list;
        pending.owners.push(unit.owner.login);
        pending.where.owners.push(unit.owner.where);
      }
      if (pending.edges.length >= options.batchEdges) await flush();
    }
    await flush();
  } catch (error) {
    // A bad record read while a batch was in flight: that batch (before it in the file) ends
    // first, stored or failing, so the report says what was stored.
    await inFlight;
    throw error;
  }
  await inFlight;
  return totals;
}
