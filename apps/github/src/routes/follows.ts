import type { Core, Direction, FollowOutcome, UnfollowOutcome, UserRef } from "@follow-graph/core";
import { type Context, Hono } from "hono";
import { callerOf, POLICIES, recordCaller, requireViewer, signedInCallerOf } from "../auth.ts";
import { respondJsonText } from "../conditional.ts";
import type { GitHubEnv } from "../context.ts";
import { DOCS } from "../docs.ts";
import { notFound } from "../errors.ts";
import { DESCRIBED } from "../openapi/operations.ts";
import { linkHeader, parsePagination } from "../pagination.ts";
import { externalUrl, loginParam, noContent, operation, urlContext, userIdParam } from "../route-helpers.ts";
import { toGitHubSimpleUserListJson } from "../serializers.ts";

// Self-follows, repeats, follows between users one of whom blocks the other, and follows of
// users who turned following off are all a silent 204 with nothing stored, as GitHub answers
// them; GitHub has no followee cap.
const FOLLOW_ANSWERS: Record<FollowOutcome, (c: Context<GitHubEnv>) => Response> = {
  created: noContent,
  already_following: noContent,
  self: noContent,
  blocked: noContent,
  following_disabled: noContent,
  limit_reached: noContent,
};

const UNFOLLOW_ANSWERS: Record<UnfollowOutcome, (c: Context<GitHubEnv>) => Response> = {
  removed: noContent,
  not_following: noContent,
};

export function followRoutes(core: Core) {
  const app = new Hono<GitHubEnv>();

  /** One page of a list, oldest follow first, with GitHub's Link header. */
  async function listPage(c: Context<GitHubEnv>, direction: Direction, owner: UserRef) {
    const query = new URL(c.req.url).searchParams;
    const pagination = parsePagination(query);
    const cursor = query.get("cursor");
    const page = {
      limit: pagination.perPage,
      offset: pagination.offset,
      order: "followed_at" as const,
      ...(cursor !== null ? { cursor } : {}),
    };
    const list = await core.follows.list(direction, callerOf(c, POLICIES.read), owner, page);
    recordCaller(c, list.caller, POLICIES.read);
    const link = linkHeader(externalUrl(c), pagination, list);
    if (link) c.header("Link", link);
    const { json, fingerprint } = toGitHubSimpleUserListJson(list.items, urlContext(c));
    return respondJsonText(c, json, 200, fingerprint);
  }

  /** 204 when the edge shows in the lists, else 404 (the check endpoints' "no"). */
  async function check(c: Context<GitHubEnv>, follower: UserRef, followee: UserRef) {
    const { follows, caller } = await core.follows.followsAsListed(
      callerOf(c, POLICIES.read),
      follower,
      followee,
    );
    recordCaller(c, caller, POLICIES.read);
    if (!follows) throw notFound();
    return noContent(c);
  }

  /** The signed-in caller, identified on its own: the routes about "me" need it first. */
  const me = (c: Context<GitHubEnv>) => requireViewer(core, c);

  app.get("/user/followers", DESCRIBED.listMyFollowers, operation(DOCS.listMyFollowers), async (c) =>
    listPage(c, "followers", (await me(c)).id),
  );
  app.get("/user/following", DESCRIBED.listMyFollowing, operation(DOCS.listMyFollowing), async (c) =>
    listPage(c, "following", (await me(c)).id),
  );

  app.get("/user/following/:username", DESCRIBED.checkMine, operation(DOCS.checkMine), async (c) =>
    check(c, (await me(c)).id, loginParam(c)),
  );

  app.put("/user/following/:username", DESCRIBED.follow, operation(DOCS.follow), async (c) => {
    const caller = signedInCallerOf(c, POLICIES.follow);
    const result = await core.follows.follow(caller, loginParam(c), { visibleTargetsOnly: true });
    recordCaller(c, result.caller, POLICIES.follow);
    return FOLLOW_ANSWERS[result.outcome](c);
  });

  app.delete("/user/following/:username", DESCRIBED.unfollow, operation(DOCS.unfollow), async (c) => {
    const caller = signedInCallerOf(c, POLICIES.follow);
    const result = await core.follows.unfollow(caller, loginParam(c), { visibleTargetsOnly: true });
    recordCaller(c, result.caller, POLICIES.follow);
    return UNFOLLOW_ANSWERS[result.outcome](c);
  });

  app.get("/users/:username/followers", DESCRIBED.listFollowers, operation(DOCS.listFollowers), (c) =>
    listPage(c, "followers", loginParam(c)),
  );
  app.get("/users/:username/following", DESCRIBED.listFollowing, operation(DOCS.listFollowing), (c) =>
    listPage(c, "following", loginParam(c)),
  );
  app.get(
    "/users/:username/following/:target_user",
    DESCRIBED.checkFollowing,
    operation(DOCS.checkFollowing),
    (c) => check(c, loginParam(c), loginParam(c, "target_user")),
  );

  // The id form GitHub itself uses in canonical URLs (`/user/{id}/followers`).
  app.get("/user/:id{[0-9]+}/followers", DESCRIBED.listFollowersById, operation(DOCS.listFollowers), (c) =>
    listPage(c, "followers", userIdParam(c)),
  );
  app.get("/user/:id{[0-9]+}/following", DESCRIBED.listFollowingById, operation(DOCS.listFollowing), (c) =>
    listPage(c, "following", userIdParam(c)),
  );

  return app;
}
