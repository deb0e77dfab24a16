import type { Core } from "@follow-graph/core";
import { type Context, Hono } from "hono";
import { authenticate, POLICIES } from "../auth.ts";
import type { GitLabEnv } from "../context.ts";
import { badParams, notFound } from "../errors.ts";
import { DESCRIBED } from "../openapi/operations.ts";
import { MAX_COUNT, parsePagination, setPaginationHeaders } from "../pagination.ts";
import { coerceInteger, isPresent } from "../params.ts";
import { externalUrl, requireAdmin } from "../route-helpers.ts";
import { toGitLabImpersonationToken } from "../serializers.ts";
import { readNewToken } from "./token-params.ts";

const STATES = ["all", "active", "inactive"] as const;

/**
 * An id in the path, as Grape's Integer coerces it (`:user_id` has no digits-only requirement
 * in GitLab, so a word is its 400, not a 404); null for an integer no row can have.
 */
function idParam(c: Context<GitLabEnv>, name: string): number | null {
  const value = coerceInteger(c.req.param(name) ?? "");
  if (value === undefined) throw badParams([`${name} is invalid`]);
  return value >= 1n && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null;
}

/** The user's id, once every parameter has been checked: one no user can have is GitLab's 404. */
function knownUser(id: number | null): number {
  if (id === null) throw notFound("User");
  return id;
}

const tokenNotFound = () => notFound("Impersonation Token");

/** `state`, which GitLab defaults to `all`. */
function readState(value: unknown): (typeof STATES)[number] {
  if (!isPresent(value)) return "all";
  const state = STATES.find((known) => known === value);
  if (!state) throw badParams(["state does not have a valid value"]);
  return state;
}

/**
 * GitLab's impersonation tokens: an administrator mints them to act as a user, and only an
 * administrator sees them. Every route checks the caller first (GitLab's `before`), then the
 * parameters, then the user, then the token.
 */
export function impersonationTokenRoutes(core: Core) {
  const app = new Hono<GitLabEnv>();
  const read = authenticate(core, POLICIES.read);
  const write = authenticate(core, POLICIES.write);
  const base = "/users/:user_id/impersonation_tokens";

  app.get(base, DESCRIBED.impersonationTokens, read, async (c) => {
    requireAdmin(c);
    const userId = idParam(c, "user_id");
    const pagination = parsePagination(c.var.params);
    const state = readState(c.var.params.state);
    // A page past anything stored still counts the list, for the headers.
    const page = { limit: pagination.beyondAnyList ? 0 : pagination.limit, offset: pagination.offset };
    const list = await core.tokens.listImpersonationTokens(knownUser(userId), state, page, MAX_COUNT + 1);
    setPaginationHeaders(c, pagination, list, externalUrl(c), ["state"]);
    return c.json(list.tokens.map((token) => toGitLabImpersonationToken(token)));
  });

  app.post(base, DESCRIBED.createImpersonationToken, write, async (c) => {
    requireAdmin(c);
    const userId = idParam(c, "user_id");
    const input = readNewToken(c.var.params);
    const { token, secret } = await core.tokens.createToken(knownUser(userId), {
      ...input,
      impersonation: true,
    });
    return c.json(toGitLabImpersonationToken(token, secret), 201);
  });

  app.get(`${base}/:impersonation_token_id`, DESCRIBED.impersonationToken, read, async (c) => {
    requireAdmin(c);
    const userId = idParam(c, "user_id");
    const tokenId = idParam(c, "impersonation_token_id");
    const token = await core.tokens.getImpersonationToken(knownUser(userId), tokenId);
    if (!token) throw tokenNotFound();
    return c.json(toGitLabImpersonationToken(token));
  });

  // Revoked, not deleted, as GitLab does: the token stays listed as inactive.
  app.delete(`${base}/:impersonation_token_id`, DESCRIBED.revokeImpersonationToken, write, async (c) => {
    requireAdmin(c);
    const userId = idParam(c, "user_id");
    const tokenId = idParam(c, "impersonation_token_id");
    if (!(await core.tokens.revokeImpersonationToken(knownUser(userId), tokenId))) throw tokenNotFound();
    return c.body(null, 204);
  });

  return app;
}
