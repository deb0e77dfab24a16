import {
  type DomainError,
  type DomainErrorCode,
  type FieldErrors,
  PRECONDITION_REFUSALS,
} from "@follow-graph/core";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { GitHubEnv } from "./context.ts";
import { DOCS } from "./docs.ts";

/** One entry of a 422's `errors` (GitHub's `validation-error`). */
export interface ValidationProblem {
  resource: string;
  code: "missing" | "missing_field" | "invalid" | "already_exists" | "unprocessable" | "custom";
  field?: string;
  message?: string;
}

export class GitHubError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly extra: {
      /** A string (the version error) or a list of problems (422). */
      errors?: string | ValidationProblem[];
      /** Overrides the operation's page, as "Bad credentials" always points at the REST index. */
      documentationUrl?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
  }
}

export const badCredentials = () => new GitHubError(401, "Bad credentials", { documentationUrl: DOCS.rest });
export const requiresAuthentication = () => new GitHubError(401, "Requires authentication");
export const notFound = (message = "Not Found") => new GitHubError(404, message);
export const forbidden = (message = "Forbidden") => new GitHubError(403, message);
export const validationFailed = (errors: ValidationProblem[]) =>
  new GitHubError(422, "Validation Failed", { errors });

const FIELD_NAMES: Record<string, string> = { username: "login", isAdmin: "site_admin" };

const fieldProblems = (fields: FieldErrors = {}): ValidationProblem[] =>
  Object.entries(fields).flatMap(([key, messages]) =>
    messages.map((message) => {
      const field = FIELD_NAMES[key] ?? key;
      return { resource: "User", code: "custom" as const, field, message: `${field} ${message}` };
    }),
  );

// The core words its refusals as GitLab does; GHES's own words for the same refusals.
const GITHUB_REFUSALS: Record<string, string> = {
  [PRECONDITION_REFUSALS.blockSelf]: "You cannot suspend your own account",
};

/** Every domain error code, answered as GitHub answers its equivalent. */
const DOMAIN_ERRORS: Record<DomainErrorCode, (error: DomainError) => GitHubError> = {
  user_not_found: () => notFound(),
  token_not_found: () => notFound(),
  username_taken: () =>
    validationFailed([
      { resource: "User", code: "custom", field: "login", message: "login is already taken" },
    ]),
  email_taken: () =>
    validationFailed([
      { resource: "User", code: "custom", field: "email", message: "email is already taken" },
    ]),
  invalid_input: (e) =>
    validationFailed(
      e.fields ? fieldProblems(e.fields) : [{ resource: "User", code: "invalid", message: e.message }],
    ),
  transition_refused: (e) => forbidden(GITHUB_REFUSALS[e.message] ?? e.message),
  conflict: () => new GitHubError(409, "Conflict"),
  unavailable: () => new GitHubError(503, "Service Unavailable"),
  invalid_cursor: (e) => new GitHubError(400, e.message),
};

export const fromDomainError = (error: DomainError) => DOMAIN_ERRORS[error.code](error);

/** `basic-error` or `validation-error`: message, errors, documentation_url, status (a string). */
export function respondWithError(c: Context<GitHubEnv>, error: GitHubError) {
  for (const [name, value] of Object.entries(error.extra.headers ?? {})) c.header(name, value);
  const body = {
    message: error.message,
    ...(error.extra.errors !== undefined ? { errors: error.extra.errors } : {}),
    documentation_url: error.extra.documentationUrl ?? c.var.docs ?? DOCS.rest,
    status: String(error.status),
  };
  c.header("Content-Type", "application/json; charset=utf-8");
  return c.body(JSON.stringify(body), error.status);
}
