/**
 * Whether a driver error means the database could not be used at that moment (worth a 503 and
 * a retry), as opposed to a statement the database refused for what it was (a bug: a 500).
 * postgres.js names socket and pool failures by their own codes, PostgreSQL by SQLSTATE
 * (drizzle wraps both as `cause`), and a closed PGlite only by its message.
 */
const DRIVER_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);

// 08: connection exception; 28 and 3D000: the server refuses the configured role or database
// (an operator's to mend, not the caller's); 40: a serialization failure or deadlock that
// escaped the retries; 53: insufficient resources (disk full, too many connections); 55: not
// in the state needed (a database closed to connections, a lock not available); 57: operator
// intervention (shutdown, cannot connect now, statement timeout); 58: system error; 25006: a
// read-only server (a primary that became a standby).
const UNAVAILABLE_SQLSTATE = /^((08|28|40|53|55|57|58)[0-9A-Z]{3}|3D000|25006)$/;

export function isDatabaseUnreachable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string" && (DRIVER_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    if (typeof message === "string" && /^PGlite is closed/.test(message)) return true;
  }
  return false;
}
