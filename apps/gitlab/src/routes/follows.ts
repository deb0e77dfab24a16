import { type Core, GITLAB_FOLLOWEE_LIMIT } from "@follow-graph/core";
import { Hono } from "hono";
import { actorOf, askerOf, authenticate, SCOPES } from "../auth.ts";
import type { GitLabEnv } from "../context.ts";
import { GitLabError } from "../errors.ts";
import { parsePagination, setPaginationHeaders } from "../pagination.ts";
import { externalUrl, requireViewer, userIdParam, viewContext } from "../route-helpers.ts";
import { toGitLabUserBasic } from "../serializers.ts";

const limitReached = () =>
  new GitLabError(400, {
    message: `You can't follow more than ${GITLAB_FOLLOWEE_LIMIT} users. To follow more users, unfollow some others.`,
  });

export function followRoutes(core: Core, publicEmailInBasic: boolean) {
  const app = new Hono<GitLabEnv>();

  app.post("/users/:id{[0-9]+}/follow", authenticate(core, SCOPES.follow, { deferred: true }), async (c) => {
    const { outcome, target } = await core.follows.follow(actorOf(c), userIdParam(c), {
      followeeLimit: GITLAB_FOLLOWEE_LIMIT,
    });
    if (outcome === "limit_reached") throw limitReached();
    // Self, already following, and following turned off are all GitLab's bodiless 304.
    if (outcome !== "created") return c.body(null, 304);
    return c.json(toGitLabUserBasic(target, viewContext(c, publicEmailInBasic)), 201);
  });

  app.post(
    "/users/:id{[0-9]+}/unfollow",
    authenticate(core, SCOPES.follow, { deferred: true }),
    async (c) => {
      const { outcome, target } = await core.follows.unfollow(actorOf(c), userIdParam(c));
      if (outcome !== "removed") return c.body(null, 304);
      return c.json(toGitLabUserBasic(target, viewContext(c, publicEmailInBasic)), 201);
    },
  );

  for (const direction of ["followers", "following"] as const) {
    app.get(
      `/users/:id{[0-9]+}/${direction}`,
      authenticate(core, SCOPES.read, { deferred: true }),
      async (c) => {
        const query = c.req.query();
        const pagination = parsePagination(query);
        const asker = askerOf(c) ?? requireViewer(c, "forbidden");
        const page = {
          limit: pagination.limit,
          offset: pagination.offset,
          order: "user_id" as const,
          ...(query.cursor !== undefined && !pagination.beyondAnyList ? { cursor: query.cursor } : {}),
        };
        const ownerId = userIdParam(c);
        const list =
          direction === "followers"
            ? await core.follows.listFollowers(asker, ownerId, page)
            : await core.follows.listFollowing(asker, ownerId, page);
        const users = pagination.beyondAnyList ? [] : list.users;
        setPaginationHeaders(c, pagination, list, externalUrl(c));
        const ctx = viewContext(c, publicEmailInBasic);
        return c.json(users.map((user) => toGitLabUserBasic(user, ctx)));
      },
    );
  }

  return app;
}
