import type { Core, Direction, UserRef } from "@follow-graph/core";
import { type Context, Hono } from "hono";
import { actorOf, askerOf, FOLLOW_SCOPES, identify, requireViewer } from "../auth.ts";
import { respondJsonText } from "../conditional.ts";
import type { GitHubEnv } from "../context.ts";
import { DOCS } from "../docs.ts";
import { notFound } from "../errors.ts";
import { linkHeader, parsePagination } from "../pagination.ts";
import { externalUrl, loginParam, noContent, operation, urlContext, userIdParam } from "../route-helpers.ts";
import { toGitHubSimpleUserListJson } from "../serializers.ts";

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
    const list =
      direction === "followers"
        ? await core.follows.listFollowers(askerOf(c), owner, page)
        : await core.follows.listFollowing(askerOf(c), owner, page);
    const link = linkHeader(externalUrl(c), pagination, list);
    if (link) c.header("Link", link);
    const { json, fingerprint } = toGitHubSimpleUserListJson(list.users, urlContext(c));
    return respondJsonText(c, json, 200, fingerprint);
  }

  /** 204 when the edge shows in the lists, else 404 (the check endpoints' "no"). */
  async function check(c: Context<GitHubEnv>, follower: UserRef, followee: UserRef) {
    if (!(await core.follows.followsAsListed(askerOf(c), follower, followee))) throw notFound();
    return noContent(c);
  }

  /** The signed-in caller, identified on its own: the routes about "me" need it first. */
  const me = async (c: Context<GitHubEnv>) => {
    await identify(core, c);
    return requireViewer(c);
  };

  app.get("/user/followers", operation(DOCS.listMyFollowers), async (c) =>
    listPage(c, "followers", (await me(c)).id),
  );
  app.get("/user/following", operation(DOCS.listMyFollowing), async (c) =>
    listPage(c, "following", (await me(c)).id),
  );

  app.get("/user/following/:username", operation(DOCS.checkMine), async (c) =>
    check(c, (await me(c)).id, loginParam(c)),
  );

  // Self-follows, repeats and follows of users who turned following off are all a silent
  // 204 with nothing stored, as GitHub answers them.
  app.put("/user/following/:username", operation(DOCS.follow), async (c) => {
    const actor = actorOf(c, FOLLOW_SCOPES);
    await core.follows.follow(actor, loginParam(c), { visibleTargetsOnly: true });
    return noContent(c);
  });

  app.delete("/user/following/:username", operation(DOCS.unfollow), async (c) => {
    const actor = actorOf(c, FOLLOW_SCOPES);
    await core.follows.unfollow(actor, loginParam(c), { visibleTargetsOnly: true });
    return noContent(c);
  });

  app.get("/users/:username/followers", operation(DOCS.listFollowers), (c) =>
    listPage(c, "followers", loginParam(c)),
  );
  app.get("/users/:username/following", operation(DOCS.listFollowing), (c) =>
    listPage(c, "following", loginParam(c)),
  );
  app.get("/users/:username/following/:target", operation(DOCS.checkFollowing), (c) =>
    check(c, loginParam(c), loginParam(c, "target")),
  );

  // The id form GitHub itself uses in canonical URLs (`/user/{id}/followers`).
  app.get("/user/:id{[0-9]+}/followers", operation(DOCS.listFollowers), (c) =>
    listPage(c, "followers", userIdParam(c)),
  );
  app.get("/user/:id{[0-9]+}/following", operation(DOCS.listFollowing), (c) =>
    listPage(c, "following", userIdParam(c)),
  );

  return app;
}
