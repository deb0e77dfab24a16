export { createGitHubApp, type GitHubAppOptions } from "./app.ts";
export { RateLimiter, type RateLimits } from "./rate-limiter.ts";
