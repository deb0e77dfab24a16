import type { Caller, CallerPolicy, Core, Identified, RefusedState, User } from "@follow-graph/core";
import type { Context } from "hono";
import type { GitHubEnv } from "./context.ts";
import { badCredentials, requiresAuthentication } from "./errors.ts";
import { acceptedScopes, BLOCKING_SCOPES, FOLLOW_SCOPES, oauthScopes, SITE_ADMIN_SCOPES } from "./scopes.ts";

/** GitHub refuses a suspended or deactivated account on every route, before anything else. */
const ACCOUNT = {
  check: "account",
  refused: ["blocked", "banned", "deactivated"] satisfies RefusedState[],
} as const;

/** What each kind of route demands of its caller, in the order GitHub checks it. */
export const POLICIES = {
  /** Reads: any valid token of an account in good standing, or nobody. */
  read: { dialect: "github", checks: [ACCOUNT] },
  /** Following: `user` or `user:follow`; a missing scope is a 404. */
  follow: { dialect: "github", checks: [ACCOUNT, { check: "scope", anyOf: FOLLOW_SCOPES }] },
  /** Blocking users: `user` (`user:follow` is not enough, as on GitHub); without it, 404. */
  blocking: { dialect: "github", checks: [ACCOUNT, { check: "scope", anyOf: BLOCKING_SCOPES }] },
  /** GHES admin routes: a site administrator whose token has `site_admin`. */
  siteAdmin: {
    dialect: "github",
    checks: [ACCOUNT, { check: "admin" }, { check: "scope", anyOf: SITE_ADMIN_SCOPES }],
  },
} as const satisfies Record<string, CallerPolicy>;

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

/** The secret in `Authorization`, null without one; a header no token can be read from is "Bad credentials". */
function secretOf(c: Context<GitHubEnv>): string | null {
  const secret = presentedSecret(c.req.header("authorization"));
  if (secret === undefined) throw badCredentials();
  return secret;
}

/**
 * Who is asking, for a route with `policy`: nobody, the caller identified earlier in this
 * request, or the secret for the core to identify in the route's own statement.
 */
export function callerOf(c: Context<GitHubEnv>, policy: CallerPolicy): Caller {
  const known = c.get("caller");
  if (known !== undefined) return known && { identified: known, policy };
  const secret = secretOf(c);
  return secret === null ? null : { secret, policy };
}

/** Who is asking on a route only signed-in callers may use: anonymous callers are a 401. */
export function signedInCallerOf(c: Context<GitHubEnv>, policy: CallerPolicy): Exclude<Caller, null> {
  const caller = callerOf(c, policy);
  if (caller === null) throw requiresAuthentication();
  return caller;
}

/**
 * Records the caller the core identified (null for nobody), once per request: the viewer,
 * its scopes, and the scope headers GitHub sends on every signed-in answer.
 */
export function recordCaller(c: Context<GitHubEnv>, identified: Identified | null, policy: CallerPolicy) {
  c.set("caller", identified);
  if (!identified) return;
  const scopes = oauthScopes(identified.token);
  c.set("viewer", identified.viewer);
  c.set("scopes", scopes);
  c.header("X-OAuth-Scopes", scopes.join(", "));
  c.header("X-Accepted-OAuth-Scopes", acceptedScopes(policy));
}

/**
 * Identifies the caller on its own, for routes that need it before anything else (or read no
 * data of their own): a token that names nobody is "Bad credentials" everywhere, as on GitHub.
 */
export async function identify(
  core: Core,
  c: Context<GitHubEnv>,
  policy: CallerPolicy = POLICIES.read,
): Promise<User | null> {
  const identified = await core.tokens.identify(callerOf(c, policy));
  recordCaller(c, identified, policy);
  return identified?.viewer ?? null;
}

/** The signed-in caller, identified on its own, or 401 "Requires authentication". */
export async function requireViewer(core: Core, c: Context<GitHubEnv>): Promise<User> {
  const viewer = await identify(core, c);
  if (!viewer) throw requiresAuthentication();
  return viewer;
}

/** GHES admin routes: a signed-in site administrator whose token has `site_admin`. */
export async function requireSiteAdmin(core: Core, c: Context<GitHubEnv>): Promise<User> {
  const caller = signedInCallerOf(c, POLICIES.siteAdmin);
  const identified = await core.tokens.identify(caller);
  recordCaller(c, identified, POLICIES.siteAdmin);
  return (identified as Identified).viewer;
}
