import { type Core, isBlockedState, scopesIn, type User } from "@follow-graph/core";
import type { Context, MiddlewareHandler } from "hono";
import type { GitHubEnv } from "./context.ts";
import { badCredentials, forbidden, notFound, requiresAuthentication } from "./errors.ts";

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

const basicSecret = (encoded: string): string | undefined => {
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  const login = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  // `TOKEN:x-oauth-basic` (or an empty password) puts the token in the user name.
  return password === "" || password === "x-oauth-basic" ? login : password;
};

/**
 * The token in `Authorization`: `token T` or `Bearer T` (any case), or Basic with the token
 * as password. `null` means no header; `undefined` a header no token can be read from.
 */
function presentedSecret(header: string | undefined): string | null | undefined {
  if (header === undefined || header.trim() === "") return null;
  const match = /^\s*(token|bearer|basic)\s+(\S+)\s*$/i.exec(header);
  if (!match) return undefined;
  const [, scheme, value] = match as unknown as [string, string, string];
  return scheme.toLowerCase() === "basic" ? basicSecret(value) || undefined : value;
}

/**
 * Resolves the caller from `Authorization` on every request, public ones included: a token
 * that names nobody is "Bad credentials" everywhere, as on GitHub.
 */
export function authenticate(core: Core): MiddlewareHandler<GitHubEnv> {
  return async (c, next) => {
    c.set("viewer", null);
    c.set("scopes", null);
    const secret = presentedSecret(c.req.header("authorization"));
    if (secret === null) return next();
    if (secret === undefined) throw badCredentials();
    const resolution = await core.tokens.resolveToken(secret);
    if (resolution.status !== "valid") throw badCredentials();
    const { token, user } = resolution;
    if (user.state !== "active")
      throw forbidden(
        isBlockedState(user.state) ? "Sorry. Your account was suspended." : "Your account is deactivated.",
      );
    const scopes = scopesIn("github", token.scopes).filter((s) => GITHUB_SCOPES.has(s));
    scopes.sort();
    c.set("viewer", user);
    c.set("scopes", scopes);
    c.header("X-OAuth-Scopes", scopes.join(", "));
    c.header("X-Accepted-OAuth-Scopes", "");
    return next();
  };
}

/** The signed-in caller, or 401 "Requires authentication". */
export function requireViewer(c: Context<GitHubEnv>): User {
  const viewer = c.var.viewer;
  if (!viewer) throw requiresAuthentication();
  return viewer;
}

/**
 * Insists the token carries one of `accepted`. GitHub hides what a token may not touch:
 * a missing scope is a 404, told apart only by `X-Accepted-OAuth-Scopes`.
 */
export function requireScope(c: Context<GitHubEnv>, accepted: readonly string[]): void {
  c.header("X-Accepted-OAuth-Scopes", accepted.join(", "));
  const scopes = c.var.scopes ?? [];
  if (!accepted.some((scope) => scopes.includes(scope))) throw notFound();
}

/** GHES admin routes: a signed-in site administrator whose token has `site_admin`. */
export function requireSiteAdmin(c: Context<GitHubEnv>): User {
  const viewer = requireViewer(c);
  if (!viewer.isAdmin) throw forbidden("Must be a site administrator.");
  requireScope(c, SITE_ADMIN_SCOPES);
  return viewer;
}
