import { type CallerPolicy, GITLAB_TOKEN_SCOPES, scopesIn, type Token } from "@follow-graph/core";

/** Scopes that grant following: `user` includes `user:follow`. */
export const FOLLOW_SCOPES = ["user", "user:follow"];
/** Blocking users takes the whole `user` scope. */
export const BLOCKING_SCOPES = ["user"];
/** GHES admin routes take classic tokens with `site_admin`. */
export const SITE_ADMIN_SCOPES = ["site_admin"];

const GITLAB_NAMES = new Set<string>(GITLAB_TOKEN_SCOPES);

/**
 * A token's scopes as `X-OAuth-Scopes` lists them, sorted as GitHub does: every scope it was
 * created with, `read:discussion` or `copilot` as much as the ones this server acts on, but a
 * GitLab-minted token's scopes by their GitHub translation (`api` shows as `user`).
 */
export function oauthScopes(token: Pick<Token, "scopes">): string[] {
  return scopesIn("github", token.scopes)
    .filter((scope) => !GITLAB_NAMES.has(scope))
    .sort();
}

/** `X-Accepted-OAuth-Scopes` for a route: the scopes its policy accepts, or none. */
export const acceptedScopes = (policy: CallerPolicy): string =>
  policy.checks.flatMap((rule) => (rule.check === "scope" ? rule.anyOf : [])).join(", ");
