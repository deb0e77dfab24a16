// A GitLab (or this server in its GitLab dialect) as a migration target, through @gitbeaker/rest
// with the live import's requester, which waits out Retry-After and spent RateLimit windows.
// The administrator acts as each follower with Sudo.
import { Gitlab } from "@gitbeaker/rest";
import { createWaitingRequester } from "../forge/gitlab-requester.ts";
import type { WaitPolicy } from "../forge/rate-wait.ts";
import { describeTargetError, statusOf } from "./target-errors.ts";
import type { TargetActor, TargetForge, TargetProfile, WriteAnswer } from "./target-forge.ts";
import { TargetError, targetBase } from "./target-url.ts";

type Row = Record<string, unknown>;

/** GitLab's `UserWithAdmin` as predictions read it; counts are absent when following is off. */
function toProfile(user: Row): TargetProfile {
  return {
    id: Number(user.id),
    login: String(user.username),
    state: String(user.state ?? "active"),
    privateProfile: user.private_profile === true,
    followingDisabled: !("following" in user),
    following: typeof user.following === "number" ? user.following : null,
  };
}

/**
 * Statuses that are the target's answer to a follow or unfollow (kept and compared with the
 * prediction); anything else (401, 429 after the requester's waits, 5xx, no answer) stops apply.
 */
const ANSWERS = new Set([200, 201, 204, 304, 400, 403, 404, 422]);

async function answerOf(call: () => Promise<unknown>): Promise<WriteAnswer> {
  try {
    const reply = (await call()) as { status: number };
    return { status: reply.status };
  } catch (error) {
    const status = statusOf(error);
    if (status !== undefined && ANSWERS.has(status)) return { status };
    throw error;
  }
}

export function createGitLabTarget(url: string, token: string, policy: WaitPolicy): TargetForge {
  const host = targetBase("gitlab", url);
  const api = new Gitlab({ host, token, requesterFn: createWaitingRequester(policy) });
  const where = `the GitLab at ${host}`;
  const guard = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw new TargetError(describeTargetError(error, where));
    }
  };

  return {
    dialect: "gitlab",
    url: host,
    async checkAdmin() {
      const me = (await guard(() => api.Users.showCurrentUser())) as unknown as Row;
      if (me.is_admin !== true)
        throw new TargetError(`${where}: the token's user '${me.username}' is not an administrator`);
    },
    async profile(login) {
      const found = (await guard(() => api.Users.all({ username: login }))) as unknown as Row[];
      const user = found[0];
      if (!user) return undefined;
      // The list item has no counts: the user's own page shows them (or leaves them out).
      return toProfile((await guard(() => api.Users.show(Number(user.id)))) as unknown as Row);
    },
    async following(user) {
      const rows = (await guard(() => api.Users.allFollowing(user.id))) as unknown as Row[];
      return rows.map((row) => String(row.username));
    },
    async followers(user) {
      const rows = (await guard(() => api.Users.allFollowers(user.id))) as unknown as Row[];
      return rows.map((row) => String(row.username));
    },
    async createPlaceholder(login) {
      const created = (await guard(() =>
        api.Users.create({
          username: login,
          name: login,
          email: `${login}@placeholder.invalid`,
          forceRandomPassword: true,
          skipConfirmation: true,
          note: "follow-graph placeholder: reassign to the real account later",
        } as Parameters<typeof api.Users.create>[0]),
      )) as unknown as Row;
      return toProfile((await guard(() => api.Users.show(Number(created.id)))) as unknown as Row);
    },
    async actAs(user): Promise<TargetActor> {
      const as = { sudo: user.id, showExpanded: true as const };
      return {
        follow: (followee) => guard(() => answerOf(() => api.Users.follow(followee.id, as))),
        unfollow: (followee) => guard(() => answerOf(() => api.Users.unfollow(followee.id, as))),
        // GitLab has no user-to-user blocks.
        blocked: async () => [],
      };
    },
    close: async () => {},
  };
}
