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

/** GitLab error bodies come in two shapes: `{message}` from helpers, `{error}` from Grape. */
export type GitLabErrorBody = { message: unknown } | { error: string; [key: string]: unknown };

export class GitLabError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly body: GitLabErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(
      typeof (body as { message?: unknown }).message === "string"
        ? String((body as { message: string }).message)
        : "GitLab error",
    );
  }
}

export const routeNotFound = () => new GitLabError(404, { error: "404 Not Found" });
export const unauthorized = () => new GitLabError(401, { message: "401 Unauthorized" });
export const forbidden = (reason?: string) =>
  new GitLabError(403, { message: reason ? `403 Forbidden - ${reason}` : "403 Forbidden" });
export const notFound = (resource: string) => new GitLabError(404, { message: `404 ${resource} Not Found` });
/** Grape's parameter errors: `{"error":"per_page is invalid, page is invalid"}`. */
export const badParams = (problems: string[]) => new GitLabError(400, { error: problems.join(", ") });

const invalidToken = (description: string) =>
  new GitLabError(
    401,
    { error: "invalid_token", error_description: description },
    {
      "WWW-Authenticate": `Bearer realm="Protected by OAuth 2.0", error="invalid_token", error_description="${description}"`,
    },
  );

export const insufficientScope = (scope: string) =>
  new GitLabError(403, {
    error: "insufficient_scope",
    error_description: "The request requires higher privileges than provided by the access token.",
    scope,
  });

/** GitLab lists every scope registered on the users endpoints, not just the ones that apply. */
const REGISTERED_SCOPES = "read_user ai_workflows api read_api";

/** Seconds a client is told to wait when the database is away: a restart takes a few. */
const DATABASE_RETRY_AFTER = "1";

/** What GitLab knows of the request when it words an error: the origin its links point at. */
export interface ErrorContext {
  origin: string;
}

const blocked = () => forbidden("Your account has been blocked.");

/** How GitLab refuses a caller (`UserAccessDeniedReason` for accounts), for each reason the core gives. */
const CALLER_REFUSALS: {
  [R in CallerRefusalReason]: (
    refusal: Extract<CallerRefusal, { reason: R }>,
    context: ErrorContext,
  ) => GitLabError;
} = {
  unknown_token: unauthorized,
  expired: () => invalidToken("Token is expired. You can either do re-authorization or token refresh."),
  revoked: () => invalidToken("Token was revoked. You have to re-authorize from the user."),
  insufficient_scope: () => insufficientScope(REGISTERED_SCOPES),
  account_blocked: blocked,
  account_banned: blocked,
  account_deactivated: (_, { origin }) =>
    forbidden(
      `Your account has been deactivated by your administrator. Please log back in from a web browser to reactivate your account at ${origin}`,
    ),
  not_admin: () => forbidden(),
};

const FIELD_NAMES: Record<string, string> = {
  privateProfile: "private_profile",
  publicEmail: "public_email",
  isAdmin: "admin",
  websiteUrl: "website_url",
  jobTitle: "job_title",
  avatarUrl: "avatar_url",
  followingEnabled: "enabled_following",
};

const toWireFields = (fields: FieldProblems) =>
  Object.fromEntries(
    Object.entries(fields).map(([key, problems = []]) => [
      FIELD_NAMES[key] ?? key,
      problems.map(railsMessage),
    ]),
  );

// GitLab raises the refusals made before any state rule with `forbidden!` (hence the
// "403 Forbidden - " prefix); the others come from its services through `render_api_error!`, bare.
const OWN_ACCOUNT: Record<Extract<TransitionRefusal, { reason: "own_account" }>["action"], string> = {
  block: "The API initiating user cannot be blocked by the API",
  delete: "You cannot delete your own account",
  demote: "You cannot demote your own account",
};

const BLOCKED: Record<Extract<TransitionRefusal, { reason: "blocked" }>["action"], string> = {
  deactivate: "Error occurred. A blocked user cannot be deactivated",
  activate: "Error occurred. A blocked user must be unblocked to be activated",
};

const REFUSALS: {
  [R in TransitionRefusalReason]: (refusal: Extract<TransitionRefusal, { reason: R }>) => GitLabError;
} = {
  own_account: ({ action }) => forbidden(OWN_ACCOUNT[action]),
  deactivated: () => forbidden("Deactivated users cannot be unblocked by the API"),
  not_active: ({ from }) => new GitLabError(403, { message: `You cannot ban ${from} users.` }),
  not_banned: ({ from }) => new GitLabError(403, { message: `You cannot unban ${from} users.` }),
  blocked: ({ action }) => new GitLabError(403, { message: BLOCKED[action] }),
};

/** Every domain error code, answered as GitLab answers its equivalent. */
const DOMAIN_ERRORS: DomainErrorAnswers<GitLabError, ErrorContext> = {
  user_not_found: () => notFound("User"),
  token_not_found: () => notFound("Personal Access Token"),
  username_taken: () => new GitLabError(409, { message: "Username has already been taken" }),
  email_taken: () => new GitLabError(409, { message: "Email has already been taken" }),
  invalid_input: ({ fields }) => new GitLabError(400, { message: toWireFields(fields) }),
  transition_refused: (refusal) =>
    (REFUSALS[refusal.reason] as (r: TransitionRefusal) => GitLabError)(refusal),
  conflict: () => new GitLabError(409, { message: "409 Conflict" }),
  // The database cannot be reached or did not finish: worded as GitLab's own 503s are, with a
  // Retry-After, so that clients retry instead of giving up on a 500.
  unavailable: () =>
    new GitLabError(503, { message: "503 Service Unavailable" }, { "Retry-After": DATABASE_RETRY_AFTER }),
  // A failure no input explains (a bug): the 500 GitLab answers for an unhandled exception.
  internal: () => new GitLabError(500, { message: "500 Internal Server Error" }),
  // Worded as Grape words a bad parameter, which is what a forged or misplaced cursor is.
  invalid_cursor: () => badParams(["cursor is invalid"]),
  caller_refused: (refusal, context) =>
    (CALLER_REFUSALS[refusal.reason] as (r: CallerRefusal, c: ErrorContext) => GitLabError)(refusal, context),
  // Avatarable's validations, in Rails' words (number_to_human_size writes 200 KiB as "200 KB").
  avatar_refused: (refusal) =>
    new GitLabError(400, {
      message: {
        avatar: [
          refusal.reason === "too_large"
            ? `is too big (should be at most ${refusal.maxBytes / 1024} KB)`
            : "file format is not supported. Please try one of the following supported formats: png, jpg, jpeg, gif, bmp, tiff, ico, webp",
        ],
      },
    }),
};

export const fromDomainError = (error: DomainError, context: ErrorContext) =>
  answerDomainError(error, DOMAIN_ERRORS, context);

export function respondWithError(c: Context, error: GitLabError) {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(error.body, error.status);
}
