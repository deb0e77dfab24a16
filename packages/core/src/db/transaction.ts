import { DomainError } from "../errors/domain-error.ts";
import type { Db } from "./database.ts";
import { isRetryable } from "./sql-state.ts";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const MAX_ATTEMPTS = 5;

/**
 * Runs `work` in a transaction and retries it when PostgreSQL aborts it for a serialization
 * failure or a deadlock, which concurrent follows and moderation can cause on a busy graph.
 */
export async function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (attempt >= MAX_ATTEMPTS) throw new DomainError("conflict", "Too many concurrent changes; retry");
      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * Math.random()));
    }
  }
}
