import {
  type DomainError,
  type DomainErrorCode,
  type FieldErrors,
  PRECONDITION_REFUSALS,
} from "@follow-graph/core";
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

const FIELD_NAMES: Record<string, string> = {
  privateProfile: "private_profile",
  publicEmail: "public_email",
  isAdmin: "admin",
  websiteUrl: "website_url",
  jobTitle: "job_title",
  avatarUrl: "avatar_url",
  followingEnabled: "enabled_following",
};
const toWireFields = (fields: FieldErrors = {}) =>
  Object.fromEntries(Object.entries(fields).map(([key, messages]) => [FIELD_NAMES[key] ?? key, messages]));

// GitLab raises these moderation refusals with `forbidden!` (hence the "403 Forbidden - "
// prefix); the others come from its services through `render_api_error!`, bare.
const FORBIDDEN_BANG_REASONS = new Set<string>(Object.values(PRECONDITION_REFUSALS));

/** Every domain error code, answered as GitLab answers its equivalent. */
const DOMAIN_ERRORS: Record<DomainErrorCode, (error: DomainError) => GitLabError> = {
  user_not_found: () => notFound("User"),
  token_not_found: () => notFound("Personal Access Token"),
  username_taken: (e) => new GitLabError(409, { message: e.message }),
  email_taken: (e) => new GitLabError(409, { message: e.message }),
  invalid_input: (e) => new GitLabError(400, { message: e.fields ? toWireFields(e.fields) : e.message }),
  transition_refused: (e) =>
    FORBIDDEN_BANG_REASONS.has(e.message)
      ? forbidden(e.message)
      : new GitLabError(403, { message: e.message }),
  conflict: () => new GitLabError(409, { message: "409 Conflict" }),
  // A failing database is an unhandled exception to GitLab, and those are all a plain 500.
  unavailable: () => new GitLabError(500, { message: "500 Internal Server Error" }),
  // Worded as Grape words a bad parameter, which is what a forged or misplaced cursor is.
  invalid_cursor: () => badParams(["cursor is invalid"]),
};

export const fromDomainError = (error: DomainError) => DOMAIN_ERRORS[error.code](error);

export function respondWithError(c: Context, error: GitLabError) {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(error.body, error.status);
}
