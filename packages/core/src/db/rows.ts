/**
 * The rows of a raw `db.execute`: postgres.js answers with the rows themselves (an array),
 * PGlite with a result object that holds them in `rows`.
 */
export const rowsOf = <T = Record<string, unknown>>(result: unknown): T[] =>
  (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
