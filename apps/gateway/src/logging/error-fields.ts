/**
 * What a log line says of an unexpected error: one line of message and the driver's SQLSTATE
 * (or Node's error code), never the statement nor its bound parameters: those hold tokens'
 * digests, e-mail addresses, anything a caller sent. The route of the request it failed in is
 * added to the line by the logger (request-context.ts). No stack: the message and code name
 * the fault.
 */
export interface ErrorFields {
  message: string;
  name?: string;
  /** PostgreSQL's SQLSTATE, or a Node or driver error code (ECONNREFUSED, CONNECT_TIMEOUT). */
  code?: string;
}

const MAX_TEXT = 500;
const oneLine = (text: string) =>
  text
    .replace(/\s*\n\s*/g, " ")
    .trim()
    .slice(0, MAX_TEXT);

interface Described {
  message?: unknown;
  params?: unknown;
  name?: unknown;
  code?: unknown;
  query?: unknown;
  cause?: unknown;
}

/** `text` with every parameter value of four characters or more in it replaced. */
function redact(text: string, params: unknown): string {
  if (!Array.isArray(params)) return text;
  let redacted = text;
  for (const param of params) {
    const value = typeof param === "string" ? param : JSON.stringify(param);
    if (value && value.length >= 4) redacted = redacted.split(value).join("[parameter]");
  }
  return redacted;
}

export function errorFields(error: unknown): ErrorFields {
  if (!(error instanceof Error)) return { message: oneLine(String(error)) };
  const described = error as Described;
  // drizzle wraps a driver's error as "Failed query: <sql>\nparams: <values>" with the driver's
  // own error as the cause: the line keeps the cause, and drops the statement and the values.
  if (described.cause instanceof Error && typeof described.query === "string") {
    const cause = errorFields(described.cause);
    return { ...cause, message: redact(cause.message, described.params) };
  }
  const message = error.message.startsWith("Failed query:") ? "the query failed" : error.message;
  return {
    // PostgreSQL quotes a value it cannot read (`invalid input syntax for type integer: "…"`).
    message: oneLine(redact(message, described.params)),
    name: error.name,
    ...(typeof described.code === "string" ? { code: described.code } : {}),
  };
}
