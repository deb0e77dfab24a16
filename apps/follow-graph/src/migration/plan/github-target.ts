// A GitHub Enterprise Server (or this server in its GitHub dialect) as a migration target,
// through Octokit with throttling and retries. The site administrator acts as each follower
// with an impersonation token, minted once per user and revoked at the end.
import { createGitHubClient, type GitHubClient } from "./github-client.ts";
import { describeTargetError, statusOf } from "./target-errors.ts";
import type { TargetActor, TargetForge, TargetProfile, WriteAnswer } from "./target-forge.ts";
import { TargetError, targetBase } from "./target-url.ts";

type Row = Record<string, unknown>;

const toProfile = (user: Row): TargetProfile => ({
  id: Number(user.id),
  login: String(user.login),
  // GHES shows site administrators `suspended_at`; a suspended user is hidden from everyone else.
  state: user.suspended_at ? "suspended" : "active",
  privateProfile: false,
  followingDisabled: false,
  following: typeof user.following === "number" ? user.following : null,
});

/** Statuses that answer a follow or unfollow; anything else stops apply. */
const ANSWERS = new Set([204, 304, 403, 404, 422]);

async function answerOf(call: () => Promise<{ status: number }>): Promise<WriteAnswer> {
  try {
    return { status: (await call()).status };
  } catch (error) {
    const status = statusOf(error);
    // A 403 that is a spent rate limit is not an answer: throttling gave up waiting.
    const spent =
      (error as { response?: { headers?: Row } }).response?.headers?.["x-ratelimit-remaining"] === "0";
    if (status !== undefined && ANSWERS.has(status) && !spent) return { status };
    throw error;
  }
}

export interface GitHubTargetOptions {
  maxWaitSeconds: number;
  onWait?: (seconds: number, reason: string) => void;
}

export function createGitHubTarget(url: string, token: string, options: GitHubTargetOptions): TargetForge {
  const baseUrl = targetBase("github", url);
  const client = (auth: string) => createGitHubClient({ baseUrl, token: auth, ...options });
  const admin = client(token);
  const where = `the GitHub Enterprise at ${baseUrl}`;
  const actors = new Map<string, GitHubClient>();
  const guard = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw new TargetError(describeTargetError(error, where));
    }
  };
  const mint = (login: string) =>
    admin.request("POST /admin/users/{username}/authorizations", { username: login, scopes: ["user"] });
  const revoke = (login: string) =>
    admin.request("DELETE /admin/users/{username}/authorizations", { username: login });

  /** A token for `login`: GHES hands an existing one's secret out only once, so a resumed run revokes and mints again. */
  async function tokenFor(login: string): Promise<string> {
    let minted = await mint(login);
    if (!(minted.data as Row).token) {
      await revoke(login);
      minted = await mint(login);
    }
    const secret = String((minted.data as Row).token ?? "");
    if (!secret) throw new TargetError(`${where} minted no impersonation token for '${login}'`);
    return secret;
  }

  return {
    dialect: "github",
    url: baseUrl,
    async checkAdmin() {
      const me = (await guard(() => admin.request("GET /user"))).data as Row;
      if (me.site_admin !== true)
        throw new TargetError(`${where}: the token's user '${me.login}' is not a site administrator`);
    },
    async profile(login) {
      try {
        return toProfile((await admin.request("GET /users/{username}", { username: login })).data as Row);
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw new TargetError(describeTargetError(error, where));
      }
    },
    async following(user) {
      const rows = await guard(() =>
        admin.paginate("GET /users/{username}/following", { username: user.login, per_page: 100 }),
      );
      return rows.map((row) => row.login);
    },
    async followers(user) {
      const rows = await guard(() =>
        admin.paginate("GET /users/{username}/followers", { username: user.login, per_page: 100 }),
      );
      return rows.map((row) => row.login);
    },
    async createPlaceholder(login) {
      await guard(() => admin.request("POST /admin/users", { login, email: `${login}@placeholder.invalid` }));
      const profile = await this.profile(login);
      if (!profile) throw new TargetError(`${where} created '${login}' but does not show it`);
      return profile;
    },
    async actAs(user): Promise<TargetActor> {
      let actor = actors.get(user.login.toLowerCase());
      if (!actor) {
        actor = client(await guard(() => tokenFor(user.login)));
        actors.set(user.login.toLowerCase(), actor);
      }
      const as = actor;
      return {
        follow: (followee) =>
          guard(() =>
            answerOf(() => as.request("PUT /user/following/{username}", { username: followee.login })),
          ),
        unfollow: (followee) =>
          guard(() =>
            answerOf(() => as.request("DELETE /user/following/{username}", { username: followee.login })),
          ),
        async blocked() {
          const rows = await guard(() => as.paginate("GET /user/blocks", { per_page: 100 }));
          return rows.map((row) => row.login);
        },
      };
    },
    async close() {
      const logins = [...actors.keys()];
      actors.clear();
      for (const login of logins) await revoke(login).catch(() => {});
    },
  };
}
