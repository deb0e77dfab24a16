// The closed set of things the core refuses. Each dialect maps every code through one
// exhaustive table, so adding a code here is a compile error until both dialects answer it.
export const DOMAIN_ERROR_CODES = [
  "user_not_found",
  "token_not_found",
  "username_taken",
  "email_taken",
  "invalid_input",
  "transition_refused",
  "conflict",
  "unavailable",
  "invalid_cursor",
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** Field-level problems, keyed by field name, as both dialects report validation failures. */
export type FieldErrors = Record<string, string[]>;

export class DomainError extends Error {
  override readonly name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
