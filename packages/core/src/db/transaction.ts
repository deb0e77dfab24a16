import { DomainError } from "../errors/domain-error.ts";
import type { Db } from "./database.ts";
import { isRetryable, sqlState } from "./sql-state.ts";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const MAX_ATTEMPTS = 5;

// A NOWAIT lock that found its row held: the neighbourhood lock's second statement refuses to
// wait out of order (see LOCK ORDER in users/repository.ts) and asks for a fresh start instead.
const LOCK_NOT_AVAILABLE = "55P03";
const mayRunAgain = (error: unknown) => isRetryable(error) || sqlState(error) === LOCK_NOT_AVAILABLE;

/**
 * Runs `work` in a transaction and runs it again (holding nothing in between) when PostgreSQL
 * aborts it for a serialization failure or a NOWAIT lock it could not take. Deadlocks are
 * retried too, as a safety net: the lock order (users/repository.ts) leaves none to retry.
 */
export async function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (!mayRunAgain(error)) throw error;
      if (attempt >= MAX_ATTEMPTS) throw new DomainError("conflict", "Too many concurrent changes; retry");
      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * Math.random()));
    }
  }
}
