import { type CallerPolicy, scopesIn, type Token } from "@follow-graph/core";

/** Classic scopes GitHub knows; `X-OAuth-Scopes` lists only these, sorted as GitHub does. */
export const GITHUB_SCOPES = new Set([
  "repo",
  "repo:status",
  "repo_deployment",
  "public_repo",
  "repo:invite",
  "security_events",
  "admin:repo_hook",
  "write:repo_hook",
  "read:repo_hook",
  "admin:org",
  "write:org",
  "read:org",
  "admin:public_key",
  "write:public_key",
  "read:public_key",
  "admin:org_hook",
  "gist",
  "notifications",
  "user",
  "read:user",
  "user:email",
  "user:follow",
  "project",
  "read:project",
  "delete_repo",
  "write:packages",
  "read:packages",
  "delete:packages",
  "admin:gpg_key",
  "write:gpg_key",
  "read:gpg_key",
  "codespace",
  "workflow",
  "admin:enterprise",
  "manage_runners:enterprise",
  "manage_billing:enterprise",
  "read:enterprise",
  "audit_log",
  "read:audit_log",
  "site_admin",
  "devtools",
  "admin:pre_receive_hook",
]);

/** Scopes that grant following: `user` includes `user:follow`. */
export const FOLLOW_SCOPES = ["user", "user:follow"];
/** GHES admin routes take classic tokens with `site_admin`. */
export const SITE_ADMIN_SCOPES = ["site_admin"];

/** A token's scopes as `X-OAuth-Scopes` lists them: GitHub's names only, sorted as GitHub does. */
export function oauthScopes(token: Pick<Token, "scopes">): string[] {
  const scopes = scopesIn("github", token.scopes).filter((s) => GITHUB_SCOPES.has(s));
  return scopes.sort();
}

/** `X-Accepted-OAuth-Scopes` for a route: the scopes its policy accepts, or none. */
export const acceptedScopes = (policy: CallerPolicy): string =>
  policy.checks.flatMap((rule) => (rule.check === "scope" ? rule.anyOf : [])).join(", ");
