import {
  ADMIN_SCOPE,
  type Asker,
  type Core,
  FOLLOW_SCOPE,
  GITLAB_TOKEN_SCOPES,
  parseUserRef,
  scopesIn,
  type Token,
  type TokenCaller,
  type TokenResolution,
  type User,
} from "@follow-graph/core";
import type { Context, MiddlewareHandler } from "hono";
import type { GitLabEnv } from "./context.ts";
import { forbidden, GitLabError, notFound, unauthorized } from "./errors.ts";
import { type Params, readParams } from "./params.ts";
import { requireViewer } from "./route-helpers.ts";

/** Which token scopes GitLab accepts on a route. */
export const SCOPES = {
  /** Admin writes: `api`, or a GitHub `site_admin` token's admin scope read across dialects. */
  write: ["api", ADMIN_SCOPE],
  /** POST follow/unfollow: `api`, or a GitHub token's follow scope read across dialects. */
  follow: ["api", FOLLOW_SCOPE],
  /** GET routes in general: followers/following, and GET /users without `username`. */
  read: ["api", "read_api", "read_user"],
  /** GET /user, /users?username=, /users/:id: the routes GitLab also opens to `ai_workflows`. */
  readUsers: ["api", "read_api", "read_user", "ai_workflows"],
} as const;

/** GitLab lists every scope registered on the users endpoints, not just the ones that apply. */
const REGISTERED_SCOPES = "read_user ai_workflows api read_api";

/** The scopes a personal access token may be minted with: the core's list, which the CLI shares. */
export const KNOWN_SCOPES = GITLAB_TOKEN_SCOPES;

const invalidToken = (description: string) =>
  new GitLabError(
    401,
    { error: "invalid_token", error_description: description },
    {
      "WWW-Authenticate": `Bearer realm="Protected by OAuth 2.0", error="invalid_token", error_description="${description}"`,
    },
  );

const insufficientScope = (scope: string) =>
  new GitLabError(403, {
    error: "insufficient_scope",
    error_description: "The request requires higher privileges than provided by the access token.",
    scope,
  });

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/**
 * The token a GitLab client sent, in GitLab's precedence: `private_token` parameter (query
 * or body), `PRIVATE-TOKEN` header, then `Authorization: Bearer` or `access_token`.
 */
function presentedToken(c: Context, params: Params): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim();
  // `||`, not `??`: like Ruby's `.presence`, an empty value falls through to the next form.
  return (
    text(params.private_token) ||
    c.req.header("private-token") ||
    bearer ||
    text(params.access_token) ||
    undefined
  );
}

/** Why GitLab refuses a signed-in account (`UserAccessDeniedReason`), or null when it doesn't. */
function deniedReason(user: User, origin: string): string | null {
  if (user.state === "blocked" || user.state === "banned") return "Your account has been blocked.";
  if (user.state === "deactivated")
    return `Your account has been deactivated by your administrator. Please log back in from a web browser to reactivate your account at ${origin}`;
  return null;
}

async function sudo(core: Core, identifier: string, user: User, token: Token): Promise<User> {
  if (!user.isAdmin) throw forbidden("Must be admin to use sudo");
  if (!scopesIn("gitlab", token.scopes).includes("sudo")) throw insufficientScope("sudo");
  // `find_user`: digits are an id, anything else a username.
  const ref = parseUserRef(identifier, "id_or_username");
  const target = ref === null ? null : await core.users.findUser(ref);
  if (!target) throw notFound(`User with ID or username '${identifier}'`);
  return target;
}

/**
 * GitLab's judgement of a resolved token on a route that accepts `scopes`: its owner, or the
 * 401/403 GitLab answers. Records the token.
 */
function acceptCaller(c: Context<GitLabEnv>, resolution: TokenResolution, scopes: readonly string[]): User {
  if (resolution.status === "unknown") throw unauthorized();
  if (resolution.status === "expired")
    throw invalidToken("Token is expired. You can either do re-authorization or token refresh.");
  if (resolution.status === "revoked")
    throw invalidToken("Token was revoked. You have to re-authorize from the user.");
  const { token, user } = resolution;
  // A token minted through GitHub's routes carries GitHub scopes; read them as GitLab's.
  const granted = scopesIn("gitlab", token.scopes);
  if (!scopes.some((scope) => granted.includes(scope))) throw insufficientScope(REGISTERED_SCOPES);
  const reason = deniedReason(user, c.var.origin);
  if (reason) throw forbidden(reason);
  c.set("token", token);
  return user;
}

/**
 * Resolves the caller for a route that accepts `scopes`: sets `viewer` (null when no token
 * was sent) or answers with GitLab's 401/403. Whether a route needs a viewer at all is the
 * route's business. `deferred` leaves a plain token for the route's core call to identify
 * in its own first statement (see `askerOf`); Sudo still needs the caller first.
 */
export function authenticate(
  core: Core,
  scopes: readonly string[],
  { deferred = false }: { deferred?: boolean } = {},
): MiddlewareHandler<GitLabEnv> {
  return async (c, next) => {
    // Grape parses the body before any endpoint code runs: a malformed one is a 400 first.
    const params = await readParams(c);
    c.set("params", params);
    c.set("viewer", null);
    const secret = presentedToken(c, params);
    const sudoIdentifier = c.req.header("sudo") || text(params.sudo);
    if (secret === undefined) {
      // `sudo!` insists on a signed-in caller before anything else.
      if (sudoIdentifier) throw unauthorized();
      return next();
    }
    if (deferred && !sudoIdentifier) {
      c.set("asker", {
        secret,
        accept: (resolution) => {
          const user = acceptCaller(c, resolution, scopes);
          c.set("viewer", user);
          return user;
        },
      });
      return next();
    }
    const user = acceptCaller(c, await core.tokens.resolveToken(secret), scopes);
    c.set("viewer", sudoIdentifier ? await sudo(core, sudoIdentifier, user, c.var.token!) : user);
    return next();
  };
}

/** Whom a hot read is for: the token to identify inside it, or the viewer already known. */
export const askerOf = (c: Context<GitLabEnv>): Asker => c.var.asker ?? c.var.viewer;

/** Who writes: the token to identify in the write's first statement, or the signed-in viewer (else 401). */
export const actorOf = (c: Context<GitLabEnv>): number | TokenCaller =>
  c.var.asker ?? requireViewer(c, "unauthorized").id;
