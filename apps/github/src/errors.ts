import {
  answerDomainError,
  type CallerRefusal,
  type CallerRefusalReason,
  type DomainError,
  type DomainErrorAnswers,
  type FieldProblems,
  type TransitionRefusal,
  type TransitionRefusalReason,
} from "@follow-graph/core";
import { railsMessage } from "@follow-graph/http";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { GitHubEnv } from "./context.ts";
import { DOCS } from "./docs.ts";
import { oauthScopes } from "./scopes.ts";

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

const fieldProblems = (fields: FieldProblems): ValidationProblem[] =>
  Object.entries(fields).flatMap(([key, problems = []]) =>
    problems.map((problem) => {
      const field = FIELD_NAMES[key] ?? key;
      return {
        resource: "User",
        code: "custom" as const,
        field,
        message: `${field} ${railsMessage(problem)}`,
      };
    }),
  );

const OWN_ACCOUNT: Record<Extract<TransitionRefusal, { reason: "own_account" }>["action"], string> = {
  // GHES's suspension is GitLab's block.
  block: "You cannot suspend your own account",
  delete: "You cannot delete your own account",
  demote: "You cannot demote your own account",
};

const BLOCKED: Record<Extract<TransitionRefusal, { reason: "blocked" }>["action"], string> = {
  deactivate: "Error occurred. A blocked user cannot be deactivated",
  activate: "Error occurred. A blocked user must be unblocked to be activated",
};

/** The 403 messages of refused moderation, GHES's own where it has any. */
const REFUSALS: {
  [R in TransitionRefusalReason]: (refusal: Extract<TransitionRefusal, { reason: R }>) => string;
} = {
  own_account: ({ action }) => OWN_ACCOUNT[action],
  deactivated: () => "Deactivated users cannot be unblocked by the API",
  not_active: ({ from }) => `You cannot ban ${from} users.`,
  not_banned: ({ from }) => `You cannot unban ${from} users.`,
  blocked: ({ action }) => BLOCKED[action],
};

/** The scope headers of a refusal made once the token was known to be valid. */
const scopeHeaders = (
  token: Extract<CallerRefusal, { token: unknown }>["token"],
  accepted: readonly string[],
) => ({
  "X-OAuth-Scopes": oauthScopes(token).join(", "),
  "X-Accepted-OAuth-Scopes": accepted.join(", "),
});

// Refused before any operation is looked at, so the body points at the REST index.
const suspended = () =>
  new GitHubError(403, "Sorry. Your account was suspended.", { documentationUrl: DOCS.rest });

/** How GitHub refuses a caller, for each reason the core gives. */
const CALLER_REFUSALS: {
  [R in CallerRefusalReason]: (refusal: Extract<CallerRefusal, { reason: R }>) => GitHubError;
} = {
  unknown_token: badCredentials,
  expired: badCredentials,
  revoked: badCredentials,
  account_blocked: suspended,
  account_banned: suspended,
  account_deactivated: () =>
    new GitHubError(403, "Your account is deactivated.", { documentationUrl: DOCS.rest }),
  not_admin: ({ token }) =>
    new GitHubError(403, "Must be a site administrator.", { headers: scopeHeaders(token, []) }),
  // GitHub hides what a token may not touch: a missing scope is a 404, told apart only by
  // `X-Accepted-OAuth-Scopes`.
  insufficient_scope: ({ token, anyOf }) =>
    new GitHubError(404, "Not Found", { headers: scopeHeaders(token, anyOf) }),
};

/** Seconds a client is told to wait when the database is away: a restart takes a few. */
const DATABASE_RETRY_AFTER = "1";

/** Every domain error code, answered as GitHub answers its equivalent. */
const DOMAIN_ERRORS: DomainErrorAnswers<GitHubError> = {
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
  invalid_input: ({ fields }) => validationFailed(fieldProblems(fields)),
  transition_refused: (refusal) =>
    forbidden((REFUSALS[refusal.reason] as (r: TransitionRefusal) => string)(refusal)),
  conflict: () => new GitHubError(409, "Conflict"),
  // The database cannot be reached or did not finish: Retry-After says when to ask again.
  unavailable: () =>
    new GitHubError(503, "Service Unavailable", { headers: { "Retry-After": DATABASE_RETRY_AFTER } }),
  // A failure no input explains (a bug): GitHub's own 500, which clients do not retry.
  internal: () => new GitHubError(500, "Server Error"),
  invalid_cursor: () => new GitHubError(400, "The cursor is invalid; drop it to start over"),
  caller_refused: (refusal) =>
    (CALLER_REFUSALS[refusal.reason] as (r: CallerRefusal) => GitHubError)(refusal),
  // GitHub's REST API takes no avatar uploads; should one reach it, a 422 on the field.
  avatar_refused: () => validationFailed([{ resource: "User", code: "invalid", field: "avatar" }]),
};

export const fromDomainError = (error: DomainError) => answerDomainError(error, DOMAIN_ERRORS, undefined);

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
