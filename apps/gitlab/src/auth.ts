import {
  ADMIN_SCOPE,
  type Caller,
  type CallerPolicy,
  type Core,
  FOLLOW_SCOPE,
  GITLAB_TOKEN_SCOPES,
  type Identified,
  parseUserRef,
  scopesIn,
} from "@follow-graph/core";
import type { Context, MiddlewareHandler } from "hono";
import type { GitLabEnv } from "./context.ts";
import { forbidden, insufficientScope, notFound, unauthorized } from "./errors.ts";
import { type Params, readParams } from "./params.ts";

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

/** The scopes a personal access token may be minted with: the core's list, which the CLI shares. */
export const KNOWN_SCOPES = GITLAB_TOKEN_SCOPES;

/**
 * What a route with `scopes` demands of its caller, in GitLab's order: the token's scopes
 * first, then whether its account may use the API at all.
 */
const policyFor = (scopes: readonly string[]): CallerPolicy => ({
  dialect: "gitlab",
  checks: [
    { check: "scope", anyOf: scopes },
    { check: "account", refused: ["blocked", "banned", "deactivated"] },
  ],
});

/** Each kind of route's policy, by the scopes that grant it. */
export const POLICIES = {
  write: policyFor(SCOPES.write),
  follow: policyFor(SCOPES.follow),
  read: policyFor(SCOPES.read),
  readUsers: policyFor(SCOPES.readUsers),
} satisfies Record<keyof typeof SCOPES, CallerPolicy>;

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

/** Sudo: an administrator whose token has `sudo` acts as the user `identifier` names. */
async function sudo(core: Core, identifier: string, caller: Identified): Promise<Identified> {
  if (!caller.owner.isAdmin) throw forbidden("Must be admin to use sudo");
  if (!scopesIn("gitlab", caller.token.scopes).includes("sudo")) throw insufficientScope("sudo");
  // `find_user`: digits are an id, anything else a username.
  const ref = parseUserRef(identifier, "id_or_username");
  const target = ref === null ? null : await core.users.findUser(ref);
  if (!target) throw notFound(`User with ID or username '${identifier}'`);
  return { ...caller, viewer: target };
}

/**
 * Reads who is asking on a route with `policy`, after the body (Grape parses it before any
 * endpoint code runs, so a malformed one is a 400 first). Sets `caller`: nobody, or the token
 * to identify. A route that needs its caller before anything else is `eager`: the caller is
 * identified here (and sets `viewer`); a `deferred` one leaves the token for its core call to
 * identify in its own first statement. Sudo needs the caller first, so it is never deferred.
 */
export function authenticate(
  core: Core,
  policy: CallerPolicy,
  { deferred = false }: { deferred?: boolean } = {},
): MiddlewareHandler<GitLabEnv> {
  return async (c, next) => {
    const params = await readParams(c);
    c.set("params", params);
    c.set("viewer", null);
    c.set("caller", null);
    const secret = presentedToken(c, params);
    const sudoIdentifier = c.req.header("sudo") || text(params.sudo);
    if (secret === undefined) {
      // `sudo!` insists on a signed-in caller before anything else.
      if (sudoIdentifier) throw unauthorized();
      return next();
    }
    if (deferred && !sudoIdentifier) {
      c.set("caller", { secret, policy });
      return next();
    }
    const found = (await core.tokens.identify({ secret, policy })) as Identified;
    recordCaller(c, sudoIdentifier ? await sudo(core, sudoIdentifier, found) : found, policy);
    return next();
  };
}

/** Records the caller the core identified: who the request acts as, and its token. */
export function recordCaller(c: Context<GitLabEnv>, identified: Identified | null, policy: CallerPolicy) {
  if (!identified) return;
  c.set("caller", { identified, policy });
  c.set("viewer", identified.viewer);
  c.set("token", identified.token);
}

/**
 * Who is asking on a route only signed-in callers may use: the token for the route's core call
 * to identify, or the caller already identified. Anonymous callers get the route's answer:
 * 401 where GitLab calls `authenticate!`, 403 "Not authorized!" where it checks `current_user`.
 */
export function signedInCallerOf(
  c: Context<GitLabEnv>,
  anonymous: "unauthorized" | "forbidden",
): Exclude<Caller, null> {
  const caller = c.get("caller");
  if (caller !== null) return caller;
  throw anonymous === "unauthorized" ? unauthorized() : forbidden("Not authorized!");
}
