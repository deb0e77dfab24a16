import { createGitHubTarget } from "./github-target.ts";
import { createGitLabTarget } from "./gitlab-target.ts";
import type { Dialect } from "./plan-model.ts";
import type { TargetForge } from "./target-forge.ts";

export interface ForgeOptions {
  /** The longest wait for a spent GitHub rate limit, in seconds. */
  maxWaitSeconds: number;
  onWait?: (seconds: number, reason: string) => void;
}

export const openForge = (
  dialect: Dialect,
  url: string,
  token: string,
  options: ForgeOptions,
): TargetForge =>
  dialect === "gitlab"
    ? createGitLabTarget(url, token, {
        maxWaitSeconds: options.maxWaitSeconds,
        maxRetries: 8,
        onWait: (wait) => options.onWait?.(wait.seconds, wait.reason),
      })
    : createGitHubTarget(url, token, options);
