// Drivers report SQLSTATE differently (postgres.js on the error, PGlite too, drizzle wraps
// both in a DrizzleQueryError with the original as `cause`); this finds it wherever it is.
export function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export function constraintName(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const c = e as { constraint_name?: unknown; constraint?: unknown };
    if (typeof c.constraint_name === "string") return c.constraint_name;
    if (typeof c.constraint === "string") return c.constraint;
  }
  return undefined;
}

export const UNIQUE_VIOLATION = "23505";
const RETRYABLE = new Set(["40001", "40P01"]); // serialization failure, deadlock
export const isRetryable = (error: unknown) => RETRYABLE.has(sqlState(error) ?? "");
