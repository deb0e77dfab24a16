import { type Core, canReadProfile, type UserWithCounts } from "@follow-graph/core";
import { type Context, Hono } from "hono";
import { callerOf, identify, POLICIES, recordCaller, requireViewer } from "../auth.ts";
import { respondJson } from "../conditional.ts";
import type { GitHubEnv } from "../context.ts";
import { DOCS } from "../docs.ts";
import { notFound } from "../errors.ts";
import { DESCRIBED } from "../openapi/operations.ts";
import { loginParam, operation, urlContext, userIdParam } from "../route-helpers.ts";
import { toGitHubRoot, toGitHubUser } from "../serializers.ts";

export function userRoutes(core: Core) {
  const app = new Hono<GitHubEnv>();

  /**
   * A profile the caller may read, as `public-user`, last modified when the user was (as
   * GitHub dates a profile); any other is simply not found.
   */
  function respondWithProfile(c: Context<GitHubEnv>, user: UserWithCounts | null) {
    if (!user || !canReadProfile(c.var.viewer, user)) throw notFound();
    const siteAdmin = c.var.viewer?.isAdmin === true;
    return respondJson(c, toGitHubUser(user, urlContext(c), "public", siteAdmin), 200, {
      lastModified: user.updatedAt,
    });
  }

  app.get("/", DESCRIBED.root, operation(DOCS.root), async (c) => {
    await identify(core, c);
    return respondJson(c, toGitHubRoot(urlContext(c)));
  });

  // The caller's own profile is `private-user` only with the `user` scope.
  app.get("/user", DESCRIBED.getAuthenticated, operation(DOCS.getAuthenticated), async (c) => {
    const viewer = await requireViewer(core, c);
    const user = await core.users.findUser(viewer.id);
    if (!user) throw notFound();
    const view = c.var.scopes?.includes("user") ? "private" : "public";
    return respondJson(c, toGitHubUser(user, urlContext(c), view, viewer.isAdmin), 200, {
      lastModified: user.updatedAt,
    });
  });

  app.get("/users/:username", DESCRIBED.getByUsername, operation(DOCS.getByUsername), async (c) => {
    const { user, caller } = await core.users.profile(callerOf(c, POLICIES.read), loginParam(c));
    recordCaller(c, caller, POLICIES.read);
    return respondWithProfile(c, user);
  });

  app.get("/user/:id{[0-9]+}", DESCRIBED.getById, operation(DOCS.getById), async (c) => {
    const { user, caller } = await core.users.profile(callerOf(c, POLICIES.read), userIdParam(c));
    recordCaller(c, caller, POLICIES.read);
    return respondWithProfile(c, user);
  });

  return app;
}
