import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import type { Forge, ForgeUser } from "../contracts.ts";
import { DEFAULT_WAIT_POLICY, RateLimitTooLong, untilText, type WaitPolicy } from "./rate-wait.ts";

// The published client as a tool would use it: Octokit's throttling plugin waits out primary
// (X-RateLimit-Remaining: 0, until X-RateLimit-Reset) and secondary limits (Retry-After), the
// retry plugin retries server errors; 429 is left to the throttling plugin alone, so one
// refusal is not retried twice over.
const GitHubClient = Octokit.plugin(throttling, retry);

const PER_PAGE = 100;

export interface GitHubForgeOptions {
  /** `https://api.github.com`, or a GitHub Enterprise Server's `https://HOST/api/v3`. */
  apiUrl: string;
  token?: string;
  wait?: WaitPolicy;
}

interface OctokitError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
}

const toForgeUser = (user: { id: number; login: string; name?: string | null }): ForgeUser => ({
  id: user.id,
  login: user.login,
  ...(user.name !== undefined ? { name: user.name } : {}),
});

/** A GitHub (or GitHub Enterprise Server, or this server's GitHub dialect) read through Octokit. */
export function createGitHubForge(options: GitHubForgeOptions): Forge {
  const wait = options.wait ?? DEFAULT_WAIT_POLICY;
  const apiUrl = options.apiUrl.replace(/\/+$/, "");
  const decide =
    (kind: string) =>
    (seconds: number, request: { method: string; url: string }, _o: unknown, count: number) => {
      if (count >= wait.maxRetries || seconds > wait.maxWaitSeconds) return false;
      wait.onWait?.({ seconds, reason: `${kind} on ${request.method} ${request.url}`, attempt: count + 1 });
      return true;
    };
  const octokit = new GitHubClient({
    // Without a token, anonymous: GitHub allows that for public lists (at 60 requests an hour).
    ...(options.token ? { auth: options.token } : {}),
    baseUrl: apiUrl,
    userAgent: "follow-graph-import",
    throttle: { onRateLimit: decide("rate limit"), onSecondaryRateLimit: decide("secondary rate limit") },
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451], retries: wait.maxRetries },
    // Waits are reported through the policy; Octokit's own warnings would repeat them.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });

  /** A refusal the throttling plugin would not wait out, as one line naming when to come back. */
  const explain = (error: unknown): unknown => {
    const e = error as OctokitError;
    const headers = e.response?.headers ?? {};
    if ((e.status === 403 || e.status === 429) && headers["x-ratelimit-remaining"] === "0") {
      const reset = Number(headers["x-ratelimit-reset"]);
      const until = Number.isFinite(reset) ? new Date(reset * 1000).toISOString() : "an unknown time";
      return new RateLimitTooLong(
        `the rate limit of ${apiUrl} is spent until ${until} (longer than --max-wait ${wait.maxWaitSeconds} s allows, or ${wait.maxRetries} retries used)`,
      );
    }
    if ((e.status === 403 || e.status === 429) && /\bsecondary rate\b/i.test(e.message ?? ""))
      return new RateLimitTooLong(
        `${apiUrl} keeps refusing with its secondary rate limit (asked to wait until ${untilText(Number(headers["retry-after"] ?? 60))})`,
      );
    return error;
  };

  async function* pages(
    route: typeof octokit.rest.users.listFollowersForUser | typeof octokit.rest.users.listFollowingForUser,
    login: string,
  ): AsyncIterable<ForgeUser[]> {
    try {
      for await (const page of octokit.paginate.iterator(route, { username: login, per_page: PER_PAGE }))
        yield page.data.map(toForgeUser);
    } catch (error) {
      throw explain(error);
    }
  }

  return {
    kind: "github",
    async user(login) {
      try {
        const { data } = await octokit.rest.users.getByUsername({ username: login });
        return toForgeUser(data);
      } catch (error) {
        if ((error as OctokitError).status === 404) return undefined;
        throw explain(error);
      }
    },
    followers: (login) => pages(octokit.rest.users.listFollowersForUser, login),
    following: (login) => pages(octokit.rest.users.listFollowingForUser, login),
  };
}
