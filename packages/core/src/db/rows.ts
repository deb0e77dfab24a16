/**
 * The rows of a raw `db.execute`: postgres.js answers with the rows themselves (an array),
 * PGlite with a result object that holds them in `rows`.
 */
export const rowsOf = <T = Record<string, unknown>>(result: unknown): T[] =>
  (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

/** The rows a raw write changed: postgres.js reports them as `count`, PGlite as `affectedRows`. */
export const affectedRows = (result: unknown): number => {
  const r = result as { count?: number | null; affectedRows?: number };
  return Number(r.count ?? r.affectedRows ?? 0);
};
