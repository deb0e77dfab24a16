import { isRetryable } from "../db/sql-state.ts";
import { DomainError } from "../errors/domain-error.ts";

const MAX_ATTEMPTS = 5;

/**
 * Runs a one-statement write again when PostgreSQL aborts it for a deadlock or a serialization
 * failure, as `inTransaction` does for a transaction: the statement's lock order leaves none,
 * so this is a safety net.
 */
export async function retryingConflicts<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (attempt >= MAX_ATTEMPTS) throw new DomainError("conflict", "Too many concurrent changes; retry");
      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * Math.random()));
    }
  }
}
