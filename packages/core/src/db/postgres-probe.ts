import type { Sql } from "postgres";
import { StartupError } from "../errors/startup-error.ts";

/** `host:port` of a postgres:// URL, never its password. */
export function postgresAddress(url: string): string {
  try {
    const { hostname, port } = new URL(url);
    return `${hostname || "localhost"}:${port || "5432"}`;
  } catch {
    return "the configured address";
  }
}

/** The driver's own error under the wrappers (drizzle's "Failed query: …" carries it as `cause`). */
export function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 10 && current instanceof Error && current.cause !== undefined; depth++)
    current = current.cause;
  return current;
}

interface DriverError {
  code?: string;
  message?: string;
}

/**
 * One line naming why PostgreSQL at `address` cannot be used, and whether the configuration
 * (2) or the moment (1) is at fault. postgres.js reports a refused socket by its errno code
 * and a refusal by the server by its SQLSTATE, whose message already names the database or
 * role without the password.
 */
export function describeConnectionFailure(error: unknown, address: string): StartupError {
  const cause = rootCause(error) as DriverError;
  const code = cause?.code ?? "";
  const message = (cause?.message ?? String(cause)).split("\n")[0];
  const fail = (text: string, exitCode: 1 | 2) => new StartupError(text, exitCode, { cause: error });
  switch (code) {
    case "ECONNREFUSED":
      return fail(`PostgreSQL at ${address} refused the connection (is it running?)`, 1);
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return fail(`the host of DATABASE_URL (${address}) cannot be resolved`, 2);
    case "CONNECT_TIMEOUT":
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return fail(`PostgreSQL at ${address} cannot be reached (${code})`, 1);
    case "3D000": // invalid_catalog_name
      return fail(`${message} on ${address}`, 2);
    case "28000": // invalid_authorization_specification: unknown role, pg_hba refusal
    case "28P01": // invalid_password
      return fail(`${message} (PostgreSQL at ${address})`, 2);
    case "57P03": // cannot_connect_now: starting up or shutting down
    case "53300": // too_many_connections
      return fail(`PostgreSQL at ${address} does not take connections now: ${message}`, 1);
    default:
      return fail(`PostgreSQL at ${address} cannot be used: ${message}${code ? ` (${code})` : ""}`, 1);
  }
}

/** Connects once, so a start fails on the real cause instead of on the first migration query. */
export async function probePostgres(client: Sql, address: string): Promise<void> {
  try {
    await client`select 1`;
  } catch (error) {
    throw describeConnectionFailure(error, address);
  }
}
