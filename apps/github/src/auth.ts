import {
  type Asker,
  type Core,
  isBlockedState,
  scopesIn,
  type TokenCaller,
  type TokenResolution,
  type User,
} from "@follow-graph/core";
import type { Context, MiddlewareHandler } from "hono";
import type { GitHubEnv } from "./context.ts";
import { DOCS } from "./docs.ts";
import { badCredentials, forbidden, GitHubError, notFound, requiresAuthentication } from "./errors.ts";

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
 * GitHub's judgement of a resolved token: its owner, or "Bad credentials", or the refusal
 * of a suspended or deactivated account. Records the viewer and the scope headers.
 */
function acceptCaller(c: Context<GitHubEnv>, resolution: TokenResolution): User {
  if (resolution.status !== "valid") throw badCredentials();
  const { token, user } = resolution;
  // Refused before any operation is looked at, so the body points at the REST index.
  if (user.state !== "active")
    throw new GitHubError(
      403,
      isBlockedState(user.state) ? "Sorry. Your account was suspended." : "Your account is deactivated.",
      { documentationUrl: DOCS.rest },
    );
  const scopes = scopesIn("github", token.scopes).filter((s) => GITHUB_SCOPES.has(s));
  scopes.sort();
  c.set("viewer", user);
  c.set("scopes", scopes);
  c.header("X-OAuth-Scopes", scopes.join(", "));
  c.header("X-Accepted-OAuth-Scopes", "");
  return user;
}

/** The secret in `Authorization`, null without one; a header no token can be read from is "Bad credentials". */
function secretOf(c: Context<GitHubEnv>): string | null {
  const secret = presentedSecret(c.req.header("authorization"));
  if (secret === undefined) throw badCredentials();
  return secret;
}

/**
 * Identifies the caller from `Authorization`, once per request, public requests included: a
 * token that names nobody is "Bad credentials" everywhere, as on GitHub.
 */
export async function identify(core: Core, c: Context<GitHubEnv>): Promise<User | null> {
  if (c.var.identified) return c.var.viewer;
  const secret = secretOf(c);
  c.set("identified", true);
  if (secret === null) return null;
  return acceptCaller(c, await core.tokens.resolveToken(secret));
}

/** Identifies the caller before anything else runs (routes that read no data of their own). */
export const authenticate =
  (core: Core): MiddlewareHandler<GitHubEnv> =>
  async (c, next) => {
    await identify(core, c);
    await next();
  };

/**
 * The caller of a hot read, for the core to identify in the read's own statement; the
 * viewer itself when it is known already (rate limiting identifies everyone first).
 */
export function askerOf(c: Context<GitHubEnv>): Asker {
  if (c.var.identified) return c.var.viewer;
  const secret = secretOf(c);
  c.set("identified", true);
  return secret === null ? null : { secret, accept: (resolution) => acceptCaller(c, resolution) };
}

/**
 * The actor of a write that needs one of `accepted` scopes: the viewer when already known,
 * else the token for the core to identify in the write's first statement. Anonymous callers
 * are refused before anything is read.
 */
export function actorOf(c: Context<GitHubEnv>, accepted: readonly string[]): number | TokenCaller {
  if (c.var.identified) {
    const viewer = requireViewer(c);
    requireScope(c, accepted);
    return viewer.id;
  }
  const secret = secretOf(c);
  c.set("identified", true);
  if (secret === null) throw requiresAuthentication();
  return {
    secret,
    accept: (resolution) => {
      const viewer = acceptCaller(c, resolution);
      requireScope(c, accepted);
      return viewer;
    },
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
