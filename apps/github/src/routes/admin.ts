import { createHash } from "node:crypto";
import { type Core, couldBeText, type User } from "@follow-graph/core";
import { type Context, Hono } from "hono";
import { requireSiteAdmin } from "../auth.ts";
import { readJsonObject } from "../body.ts";
import { respondJson } from "../conditional.ts";
import type { GitHubEnv } from "../context.ts";
import { DOCS } from "../docs.ts";
import { notFound, type ValidationProblem, validationFailed } from "../errors.ts";
import { DESCRIBED } from "../openapi/operations.ts";
import { loginParam, noContent, operation, urlContext } from "../route-helpers.ts";
import { toGitHubAuthorization, toGitHubSimpleUser } from "../serializers.ts";

/** What every impersonation token minted here is called, so the next POST can find it for its scopes. */
export const IMPERSONATION_TOKEN_NAME = "GitHub impersonation token";
const MAX_LOGIN_LENGTH = 39;

/**
 * GHES keeps logins to letters, digits and single inner hyphens: `octo_cat` becomes
 * `octo-cat`. Returns undefined when nothing usable is left or the result is too long.
 */
export function normalizeLogin(login: string): string | undefined {
  const normalized = login.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return normalized && normalized.length <= MAX_LOGIN_LENGTH ? normalized : undefined;
}

function requiredLogin(body: Record<string, unknown>): string {
  const login = body.login;
  if (login === undefined || login === null || login === "")
    throw validationFailed([{ resource: "User", code: "missing_field", field: "login" }]);
  const normalized = typeof login === "string" ? normalizeLogin(login) : undefined;
  if (normalized === undefined)
    throw validationFailed([
      { resource: "User", code: "invalid", field: "login", message: "login is invalid" },
    ]);
  return normalized;
}

function optionalText(body: Record<string, unknown>, field: string, problems: ValidationProblem[]) {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  problems.push({ resource: "User", code: "invalid", field });
  return undefined;
}

export function adminRoutes(core: Core) {
  const app = new Hono<GitHubEnv>();

  /** The user an admin route names; admins see every account, whatever its state. */
  async function namedUser(c: Context<GitHubEnv>): Promise<User> {
    const user = await core.users.findUser(loginParam(c));
    if (!user) throw notFound();
    return user;
  }

  app.post("/admin/users", DESCRIBED.createUser, operation(DOCS.createUser), async (c) => {
    await requireSiteAdmin(core, c);
    const body = await readJsonObject(c);
    const login = requiredLogin(body);
    const problems: ValidationProblem[] = [];
    const email = optionalText(body, "email", problems);
    // Built-in authentication, the GHES default, needs an address for every account.
    if (email === undefined && problems.length === 0)
      problems.push({ resource: "User", code: "missing_field", field: "email" });
    if (body.suspended !== undefined && typeof body.suspended !== "boolean")
      problems.push({ resource: "User", code: "invalid", field: "suspended" });
    if (problems.length) throw validationFailed(problems);
    const user = await core.users.createUser(
      { username: login, name: login, email: email as string },
      body.suspended === true ? "blocked" : "active",
    );
    return respondJson(c, toGitHubSimpleUser(user, urlContext(c)), 201);
  });

  // GHES queues renames as a job; here it is done by the time the 202 is sent.
  app.patch("/admin/users/:username", DESCRIBED.renameUser, operation(DOCS.renameUser), async (c) => {
    await requireSiteAdmin(core, c);
    const body = await readJsonObject(c);
    const user = await namedUser(c);
    await core.users.updateUser(user.id, { username: requiredLogin(body) });
    return respondJson(
      c,
      {
        message: "Job queued to rename user. It may take a few minutes to complete.",
        url: `${c.var.apiBase}/user/${user.id}`,
      },
      202,
    );
  });

  app.delete("/admin/users/:username", DESCRIBED.deleteUser, operation(DOCS.deleteUser), async (c) => {
    const admin = await requireSiteAdmin(core, c);
    await core.users.deleteUser(admin.id, (await namedUser(c)).id);
    return noContent(c);
  });

  // One impersonation token per user and set of scopes: the same scopes again answer 200 with
  // the existing authorization (its secret cannot be shown twice, so `token` is empty); other
  // scopes get a token of their own, and the earlier ones keep working until the DELETE below.
  app.post(
    "/admin/users/:username/authorizations",
    DESCRIBED.createImpersonation,
    operation(DOCS.createImpersonation),
    async (c) => {
      await requireSiteAdmin(core, c);
      const body = await readJsonObject(c);
      const scopes = body.scopes;
      if (scopes === undefined)
        throw validationFailed([{ resource: "OauthAccess", code: "missing_field", field: "scopes" }]);
      if (
        !Array.isArray(scopes) ||
        !scopes.every((s) => typeof s === "string" && s.length > 0 && couldBeText(s))
      )
        throw validationFailed([{ resource: "OauthAccess", code: "invalid", field: "scopes" }]);
      const user = await namedUser(c);
      const { token, secret, created } = await core.tokens.impersonate(user.id, {
        name: IMPERSONATION_TOKEN_NAME,
        scopes: scopes as string[],
        prefix: "gho_",
      });
      const ctx = urlContext(c);
      if (!created) return respondJson(c, toGitHubAuthorization(token, user, "", null, ctx), 200);
      return respondJson(
        c,
        toGitHubAuthorization(token, user, secret, createHash("sha256").update(secret).digest("hex"), ctx),
        201,
      );
    },
  );

  // Every impersonation token of the user, whatever its scopes or name (GitLab's too: an
  // administrator minted those as well); the user's own tokens are left alone.
  app.delete(
    "/admin/users/:username/authorizations",
    DESCRIBED.deleteImpersonation,
    operation(DOCS.deleteImpersonation),
    async (c) => {
      await requireSiteAdmin(core, c);
      await core.tokens.revokeImpersonationTokens((await namedUser(c)).id);
      return noContent(c);
    },
  );

  // Suspension is GitLab's block: a suspended user vanishes from lists and counts and its
  // tokens stop working, in both dialects.
  for (const [method, action, docs, described] of [
    ["put", "block", DOCS.suspend, DESCRIBED.suspend],
    ["delete", "unblock", DOCS.unsuspend, DESCRIBED.unsuspend],
  ] as const) {
    app.on(method.toUpperCase(), "/users/:username/suspended", described, operation(docs), async (c) => {
      const admin = await requireSiteAdmin(core, c);
      await readJsonObject(c); // an optional `{reason}`; still, malformed JSON is a 400
      await core.users.moderate(admin.id, (await namedUser(c)).id, action);
      return noContent(c);
    });
  }

  for (const [method, isAdmin, docs, described] of [
    ["put", true, DOCS.promote, DESCRIBED.promote],
    ["delete", false, DOCS.demote, DESCRIBED.demote],
  ] as const) {
    app.on(method.toUpperCase(), "/users/:username/site_admin", described, operation(docs), async (c) => {
      const admin = await requireSiteAdmin(core, c);
      await core.users.setAdmin(admin.id, (await namedUser(c)).id, isAdmin);
      return noContent(c);
    });
  }

  return app;
}
