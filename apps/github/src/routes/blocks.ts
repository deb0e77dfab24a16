import type { BlockOutcome, Core, UnblockOutcome } from "@follow-graph/core";
import { type Context, Hono } from "hono";
import { POLICIES, recordCaller, signedInCallerOf } from "../auth.ts";
import { respondJsonText } from "../conditional.ts";
import type { GitHubEnv } from "../context.ts";
import { DOCS } from "../docs.ts";
import { notFound, validationFailed } from "../errors.ts";
import { DESCRIBED } from "../openapi/operations.ts";
import { linkHeader, parsePagination } from "../pagination.ts";
import { externalUrl, loginParam, noContent, operation, urlContext } from "../route-helpers.ts";
import { toGitHubSimpleUsersJson } from "../serializers.ts";

// Blocking again and unblocking someone not blocked are GitHub's 204 too; only blocking
// oneself is refused, as a validation failure.
const BLOCK_ANSWERS: Record<BlockOutcome, (c: Context<GitHubEnv>) => Response> = {
  blocked: noContent,
  already_blocked: noContent,
  self: () => {
    throw validationFailed([
      { resource: "Block", code: "custom", field: "blocked_user", message: "You can't block yourself." },
    ]);
  },
};

const UNBLOCK_ANSWERS: Record<UnblockOutcome, (c: Context<GitHubEnv>) => Response> = {
  unblocked: noContent,
  not_blocked: noContent,
};

/** GitHub's user blocks (`/user/blocks`): the follow graph obeys them, GitLab sees their effects. */
export function blockRoutes(core: Core) {
  const app = new Hono<GitHubEnv>();
  // Suspended users are unknown here, as on the follow routes.
  const visible = { visibleTargetsOnly: true };

  app.get("/user/blocks", DESCRIBED.listBlocked, operation(DOCS.listBlocked), async (c) => {
    const pagination = parsePagination(new URL(c.req.url).searchParams);
    const page = await core.blocks.listBlocked(signedInCallerOf(c, POLICIES.blocking), {
      limit: pagination.perPage,
      offset: pagination.offset,
    });
    recordCaller(c, page.caller, POLICIES.blocking);
    const link = linkHeader(externalUrl(c), pagination, page);
    if (link) c.header("Link", link);
    return respondJsonText(c, toGitHubSimpleUsersJson(page.users, urlContext(c)));
  });

  app.get("/user/blocks/:username", DESCRIBED.checkBlocked, operation(DOCS.checkBlocked), async (c) => {
    const { blocking, caller } = await core.blocks.isBlocking(
      signedInCallerOf(c, POLICIES.blocking),
      loginParam(c),
    );
    recordCaller(c, caller, POLICIES.blocking);
    if (!blocking) throw notFound();
    return noContent(c);
  });

  app.put("/user/blocks/:username", DESCRIBED.block, operation(DOCS.block), async (c) => {
    const result = await core.blocks.block(signedInCallerOf(c, POLICIES.blocking), loginParam(c), visible);
    recordCaller(c, result.caller, POLICIES.blocking);
    return BLOCK_ANSWERS[result.outcome](c);
  });

  app.delete("/user/blocks/:username", DESCRIBED.unblock, operation(DOCS.unblock), async (c) => {
    const result = await core.blocks.unblock(signedInCallerOf(c, POLICIES.blocking), loginParam(c), visible);
    recordCaller(c, result.caller, POLICIES.blocking);
    return UNBLOCK_ANSWERS[result.outcome](c);
  });

  return app;
}
