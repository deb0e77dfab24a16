// Octokit as GitHub's own tools use it against a target: throttling (waits out primary and
// secondary rate limits) and retries (5xx), with a bound on how long one wait may be.
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";

const TargetOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof TargetOctokit>;

export interface GitHubClientOptions {
  baseUrl: string;
  token: string;
  /** The longest wait for a spent rate limit, in seconds; past it the call fails. */
  maxWaitSeconds: number;
  /** Told of each wait, so the command can say why it paused. */
  onWait?: (seconds: number, reason: string) => void;
}

const QUIET = { debug() {}, info() {}, warn() {}, error() {} };

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const wait =
    (reason: string) => (retryAfter: number, _request: unknown, _octokit: unknown, count: number) => {
      if (retryAfter > options.maxWaitSeconds || count >= 5) return false;
      options.onWait?.(retryAfter, reason);
      return true;
    };
  return new TargetOctokit({
    auth: options.token,
    baseUrl: options.baseUrl,
    log: QUIET,
    throttle: { onRateLimit: wait("rate limit spent"), onSecondaryRateLimit: wait("secondary rate limit") },
    // Two retries of a 5xx (after 1 s, then 4 s): a target that keeps failing stops apply,
    // whose checkpoint resumes it, sooner than the plugin's default three (14 s).
    retry: { retries: 2 },
  });
}
