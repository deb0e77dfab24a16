import {
  type Core,
  type FollowOutcome,
  GITLAB_FOLLOWEE_LIMIT,
  type UnfollowOutcome,
  type User,
} from "@follow-graph/core";
import { type Context, Hono } from "hono";
import { authenticate, POLICIES, recordCaller, signedInCallerOf } from "../auth.ts";
import type { GitLabEnv } from "../context.ts";
import { GitLabError } from "../errors.ts";
import { DESCRIBED } from "../openapi/operations.ts";
import { parsePagination, setPaginationHeaders } from "../pagination.ts";
import { externalUrl, userIdParam, viewContext } from "../route-helpers.ts";
import { toGitLabUserBasic, toGitLabUserBasicListJson } from "../serializers.ts";

const limitReached = () =>
  new GitLabError(400, {
    message: `You can't follow more than ${GITLAB_FOLLOWEE_LIMIT} users. To follow more users, unfollow some others.`,
  });

type Answer = (c: Context<GitLabEnv>, target: User, publicEmailInBasic: boolean) => Response;

const changed: Answer = (c, target, publicEmailInBasic) =>
  c.json(toGitLabUserBasic(target, viewContext(c, publicEmailInBasic)), 201);
const notModified: Answer = (c) => c.body(null, 304);

// Self, already following, and following turned off are all GitLab's bodiless 304; so is a
// follow a GitHub block refuses, since GitLab has no user-to-user blocks to name.
const FOLLOW_ANSWERS: Record<FollowOutcome, Answer> = {
  created: changed,
  already_following: notModified,
  self: notModified,
  blocked: notModified,
  following_disabled: notModified,
  limit_reached: () => {
    throw limitReached();
  },
};

const UNFOLLOW_ANSWERS: Record<UnfollowOutcome, Answer> = {
  removed: changed,
  not_following: notModified,
};

export function followRoutes(core: Core, publicEmailInBasic: boolean) {
  const app = new Hono<GitLabEnv>();
  const deferred = { deferred: true };

  app.post(
    "/users/:id{[0-9]+}/follow",
    DESCRIBED.follow,
    authenticate(core, POLICIES.follow, deferred),
    async (c) => {
      const result = await core.follows.follow(signedInCallerOf(c, "unauthorized"), userIdParam(c), {
        followeeLimit: GITLAB_FOLLOWEE_LIMIT,
      });
      recordCaller(c, result.caller, POLICIES.follow);
      return FOLLOW_ANSWERS[result.outcome](c, result.target, publicEmailInBasic);
    },
  );

  app.post(
    "/users/:id{[0-9]+}/unfollow",
    DESCRIBED.unfollow,
    authenticate(core, POLICIES.follow, deferred),
    async (c) => {
      const result = await core.follows.unfollow(signedInCallerOf(c, "unauthorized"), userIdParam(c));
      recordCaller(c, result.caller, POLICIES.follow);
      return UNFOLLOW_ANSWERS[result.outcome](c, result.target, publicEmailInBasic);
    },
  );

  for (const direction of ["followers", "following"] as const) {
    app.get(
      `/users/:id{[0-9]+}/${direction}`,
      DESCRIBED[direction],
      authenticate(core, POLICIES.read, deferred),
      async (c) => {
        const query = c.req.query();
        const pagination = parsePagination(query);
        const caller = signedInCallerOf(c, "forbidden");
        const page = {
          limit: pagination.limit,
          offset: pagination.offset,
          order: "user_id" as const,
          ...(query.cursor !== undefined && !pagination.beyondAnyList ? { cursor: query.cursor } : {}),
        };
        const ownerId = userIdParam(c);
        const list = await core.follows.list(direction, caller, ownerId, page);
        recordCaller(c, list.caller, POLICIES.read);
        const items = pagination.beyondAnyList ? [] : list.items;
        setPaginationHeaders(c, pagination, list, externalUrl(c));
        const body = toGitLabUserBasicListJson(items, viewContext(c, publicEmailInBasic));
        return c.body(body, 200, { "Content-Type": "application/json" });
      },
    );
  }

  return app;
}
