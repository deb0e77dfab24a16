import {
  type Core,
  checkAvatar,
  MODERATION_ACTIONS,
  type ModerationAction,
  parseId,
} from "@follow-graph/core";
import { Hono } from "hono";
import { authenticate, POLICIES } from "../auth.ts";
import type { GitLabEnv } from "../context.ts";
import { notFound } from "../errors.ts";
import { DESCRIBED } from "../openapi/operations.ts";
import { requireAdmin, requireViewer, userIdParam, viewContext } from "../route-helpers.ts";
import { toGitLabToken, toGitLabUserWithAdmin } from "../serializers.ts";
import { readNewToken } from "./token-params.ts";
import { readAvatarUpload, readNewUser, readUserChanges } from "./user-params.ts";

const ANSWER_NULL_WHEN_UNCHANGED: ReadonlySet<ModerationAction> = new Set(["block", "deactivate"]);

export function adminRoutes(core: Core, publicEmailInBasic: boolean) {
  const app = new Hono<GitLabEnv>();
  const write = authenticate(core, POLICIES.write);

  // An uploaded avatar is checked before anything is written, so a refused one stores nothing.
  app.post("/users", DESCRIBED.createUser, write, async (c) => {
    requireAdmin(c);
    const input = readNewUser(c.var.params);
    const avatar = await readAvatarUpload(c.var.params);
    if (avatar) checkAvatar(avatar);
    let user = await core.users.createUser(input);
    if (avatar) user = await core.avatars.setAvatar(user.id, avatar, c.var.origin);
    return c.json(toGitLabUserWithAdmin(user, viewContext(c, publicEmailInBasic)), 201);
  });

  app.put("/users/:id{[0-9]+}", DESCRIBED.updateUser, write, async (c) => {
    requireAdmin(c);
    const id = userIdParam(c);
    const changes = readUserChanges(c.var.params);
    const avatar = await readAvatarUpload(c.var.params);
    if (avatar) checkAvatar(avatar);
    let user = await core.users.updateUser(id, changes);
    if (avatar) user = await core.avatars.setAvatar(id, avatar, c.var.origin);
    return c.json(toGitLabUserWithAdmin(user, viewContext(c, publicEmailInBasic)), 200);
  });

  // GitLab queues the deletion and answers 204 at once; here it is done by then.
  app.delete("/users/:id{[0-9]+}", DESCRIBED.deleteUser, write, async (c) => {
    const admin = requireAdmin(c);
    await core.users.deleteUser(admin.id, userIdParam(c));
    return c.body(null, 204);
  });

  for (const action of MODERATION_ACTIONS) {
    app.post(`/users/:id{[0-9]+}/${action}`, DESCRIBED.moderate[action], write, async (c) => {
      const admin = requireAdmin(c);
      const result = await core.users.moderate(admin.id, userIdParam(c), action);
      // GitLab's endpoints for these two `break` before their service when the user is already
      // there, which Grape renders as a `null` body; the others answer the service's boolean.
      if (result === "unchanged") return c.json(ANSWER_NULL_WHEN_UNCHANGED.has(action) ? null : true, 201);
      return c.json(result, 201);
    });
  }

  app.post(
    "/users/:user_id{[0-9]+}/personal_access_tokens",
    DESCRIBED.createPersonalAccessToken,
    write,
    async (c) => {
      requireAdmin(c);
      const userId = userIdParam(c, "user_id");
      const input = readNewToken(c.var.params);
      const { token, secret } = await core.tokens.createToken(userId, input);
      return c.json(toGitLabToken(token, secret), 201);
    },
  );

  // The core decides who may revoke (the owner or an administrator); to anyone else the
  // token does not exist.
  app.delete("/personal_access_tokens/:id{[0-9]+}", DESCRIBED.revokePersonalAccessToken, write, async (c) => {
    const viewer = requireViewer(c, "unauthorized");
    const id = parseId(c.req.param("id") ?? "");
    if (id === null) throw notFound("Personal Access Token");
    await core.tokens.revokeToken(id, { by: viewer });
    return c.body(null, 204);
  });

  return app;
}
