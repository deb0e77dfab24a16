export { createGitHubApp, type GitHubAppOptions } from "./app.ts";
export { GITHUB_DOTCOM_LIMITS, RateLimiter, type RateLimits } from "./rate-limiter.ts";
