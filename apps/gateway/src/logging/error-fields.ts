/**
 * What a log line says of an unexpected error: one line of message, the driver's SQLSTATE, and
 * for a failed query its SQL text but never its bound parameters (they hold tokens' digests,
 * e-mail addresses, anything a caller sent). No stack: the message and query name the fault.
 */
export interface ErrorFields {
  message: string;
  name?: string;
  /** PostgreSQL's SQLSTATE, or a Node error code (ECONNREFUSED). */
  code?: string;
  /** The statement that failed, without its parameters. */
  query?: string;
}

const MAX_TEXT = 500;
const oneLine = (text: string) =>
  text
    .replace(/\s*\n\s*/g, " ")
    .trim()
    .slice(0, MAX_TEXT);

interface Described {
  message?: unknown;
  name?: unknown;
  code?: unknown;
  query?: unknown;
  cause?: unknown;
}

export function errorFields(error: unknown): ErrorFields {
  if (!(error instanceof Error)) return { message: oneLine(String(error)) };
  const described = error as Described;
  // drizzle wraps a driver's error as "Failed query: <sql>\nparams: <values>" with the driver's
  // own error as the cause: the line keeps the SQL and the cause, and drops the values.
  if (typeof described.query === "string") {
    const cause = described.cause instanceof Error ? errorFields(described.cause) : undefined;
    return {
      message: cause?.message ?? "the query failed",
      ...(cause?.name ? { name: cause.name } : {}),
      ...(cause?.code ? { code: cause.code } : {}),
      query: oneLine(described.query),
    };
  }
  return {
    message: oneLine(error.message),
    name: error.name,
    ...(typeof described.code === "string" ? { code: described.code } : {}),
  };
}
