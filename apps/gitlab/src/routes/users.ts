import type { Core } from "@follow-graph/core";
import { Hono } from "hono";
import { authenticate, POLICIES, recordCaller, signedInCallerOf } from "../auth.ts";
import type { GitLabEnv } from "../context.ts";
import { forbidden, notFound } from "../errors.ts";
import { DESCRIBED } from "../openapi/operations.ts";
import { MAX_COUNT, setPaginationHeaders } from "../pagination.ts";
import { externalUrl, requireViewer, userIdParam, viewContext } from "../route-helpers.ts";
import {
  toGitLabUser,
  toGitLabUserBasic,
  toGitLabUserDetailsWithAdmin,
  toGitLabUserPublic,
  toGitLabUserWithAdmin,
} from "../serializers.ts";
import { readUserListRequest, USER_LIST_PARAMS } from "./user-list-params.ts";

export function userRoutes(core: Core, publicEmailInBasic: boolean) {
  const app = new Hono<GitLabEnv>();

  app.get("/user", DESCRIBED.currentUser, authenticate(core, POLICIES.readUsers), (c) => {
    const viewer = requireViewer(c, "unauthorized");
    const ctx = viewContext(c, publicEmailInBasic);
    return c.json(viewer.isAdmin ? toGitLabUserWithAdmin(viewer, ctx) : toGitLabUserPublic(viewer, ctx));
  });

  app.get(
    "/users/:id{[0-9]+}",
    DESCRIBED.user,
    authenticate(core, POLICIES.readUsers, { deferred: true }),
    async (c) => {
      const caller = signedInCallerOf(c, "forbidden");
      const { user, viewerFollows, caller: identified } = await core.users.profile(caller, userIdParam(c));
      recordCaller(c, identified, POLICIES.readUsers);
      if (!user) throw notFound("User");
      const facts = { ...user.counts, isFollowed: viewerFollows };
      const ctx = viewContext(c, publicEmailInBasic);
      return c.json(
        ctx.viewer?.isAdmin ? toGitLabUserDetailsWithAdmin(user, ctx, facts) : toGitLabUser(user, ctx, facts),
      );
    },
  );

  // `ai_workflows` may look a username up but not list users.
  const readUsers = authenticate(core, POLICIES.readUsers);
  const readUserList = authenticate(core, POLICIES.read);
  app.get(
    "/users",
    DESCRIBED.users,
    (c, next) => (c.req.query("username") ? readUsers(c, next) : readUserList(c, next)),
    async (c) => {
      const query = c.req.query();
      const viewer = c.var.viewer;
      const { filter, order, nobody, pagination } = readUserListRequest(query, viewer?.isAdmin === true);
      if (!viewer && filter.username === undefined) throw forbidden("Not authorized to access /api/v4/users");
      const { users, total } =
        nobody || pagination.beyondAnyList
          ? { users: [], total: nobody ? 0 : MAX_COUNT + 1 }
          : await core.users.listUsers(viewer, filter, order, pagination, MAX_COUNT + 1);
      setPaginationHeaders(c, pagination, { total }, externalUrl(c), USER_LIST_PARAMS);
      const ctx = viewContext(c, publicEmailInBasic);
      return c.json(
        users.map((u) => (viewer?.isAdmin ? toGitLabUserWithAdmin(u, ctx) : toGitLabUserBasic(u, ctx))),
      );
    },
  );

  return app;
}
