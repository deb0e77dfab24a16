import { type Core, couldBeText, isExpired, MODERATION_ACTIONS, parseId } from "@follow-graph/core";
import { Hono } from "hono";
import { authenticate, KNOWN_SCOPES, POLICIES } from "../auth.ts";
import type { GitLabEnv } from "../context.ts";
import { badParams, GitLabError, notFound } from "../errors.ts";
import { isPresent, type Params } from "../params.ts";
import { requireAdmin, requireViewer, userIdParam, viewContext } from "../route-helpers.ts";
import { toGitLabToken, toGitLabUserWithAdmin } from "../serializers.ts";
import { readNewUser, readUserChanges } from "./user-params.ts";

const TOKEN_PREFIX = "glpat-";
const MAX_TOKEN_LIFETIME_DAYS = 365;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const validDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(s)) && isoDate(new Date(s)) === s;

/** `scopes` as an array, or GitLab's comma-separated string coerced to one. */
function readScopes(value: unknown): string[] | undefined {
  if (typeof value === "string")
    return value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(value) && value.every((s) => typeof s === "string")) return value;
  return undefined;
}

function readNewToken(params: Params) {
  const missing = ["name", "scopes"].filter((key) => !isPresent(params[key]));
  if (missing.length) throw badParams(missing.map((key) => `${key} is missing`));
  // Text the database cannot hold is refused here, in GitLab's words, before it reaches the driver.
  if (typeof params.name !== "string" || !couldBeText(params.name)) throw badParams(["name is invalid"]);
  if (typeof params.description === "string" && !couldBeText(params.description))
    throw badParams(["description is invalid"]);
  const scopes = readScopes(params.scopes);
  if (!scopes) throw badParams(["scopes is invalid"]);
  if (scopes.length === 0 || !scopes.every((s) => (KNOWN_SCOPES as readonly string[]).includes(s)))
    throw badParams(["scopes does not have a valid value"]);
  const expiresAt = params.expires_at;
  if (isPresent(expiresAt) && (typeof expiresAt !== "string" || !validDate(expiresAt)))
    throw badParams(["expires_at is invalid"]);
  // A date the core would already treat as expired cannot be chosen.
  if (typeof expiresAt === "string" && expiresAt !== "" && isExpired({ expiresAt }))
    throw new GitLabError(422, { message: "Expiration date must be in the future" });
  return {
    name: params.name,
    scopes: [...new Set(scopes)],
    description: typeof params.description === "string" ? params.description : null,
    // Without a date GitLab applies the longest lifetime it allows.
    expiresAt: isPresent(expiresAt)
      ? (expiresAt as string)
      : isoDate(new Date(Date.now() + MAX_TOKEN_LIFETIME_DAYS * 86_400_000)),
    prefix: TOKEN_PREFIX,
  };
}

export function adminRoutes(core: Core, publicEmailInBasic: boolean) {
  const app = new Hono<GitLabEnv>();
  const write = authenticate(core, POLICIES.write);

  app.post("/users", write, async (c) => {
    requireAdmin(c);
    const user = await core.users.createUser(readNewUser(c.var.params));
    return c.json(toGitLabUserWithAdmin(user, viewContext(c, publicEmailInBasic)), 201);
  });

  app.put("/users/:id{[0-9]+}", write, async (c) => {
    requireAdmin(c);
    const id = userIdParam(c);
    const changes = readUserChanges(c.var.params);
    const user = await core.users.updateUser(id, changes);
    return c.json(toGitLabUserWithAdmin(user, viewContext(c, publicEmailInBasic)), 200);
  });

  // GitLab queues the deletion and answers 204 at once; here it is done by then.
  app.delete("/users/:id{[0-9]+}", write, async (c) => {
    const admin = requireAdmin(c);
    await core.users.deleteUser(admin.id, userIdParam(c));
    return c.body(null, 204);
  });

  for (const action of MODERATION_ACTIONS) {
    app.post(`/users/:id{[0-9]+}/${action}`, write, async (c) => {
      const admin = requireAdmin(c);
      return c.json(await core.users.moderate(admin.id, userIdParam(c), action), 201);
    });
  }

  app.post("/users/:user_id{[0-9]+}/personal_access_tokens", write, async (c) => {
    requireAdmin(c);
    const userId = userIdParam(c, "user_id");
    const input = readNewToken(c.var.params);
    const { token, secret } = await core.tokens.createToken(userId, input);
    return c.json(toGitLabToken(token, secret), 201);
  });

  // The core decides who may revoke (the owner or an administrator); to anyone else the
  // token does not exist.
  app.delete("/personal_access_tokens/:id{[0-9]+}", write, async (c) => {
    const viewer = requireViewer(c, "unauthorized");
    const id = parseId(c.req.param("id") ?? "");
    if (id === null) throw notFound("Personal Access Token");
    await core.tokens.revokeToken(id, { by: viewer });
    return c.body(null, 204);
  });

  return app;
}
