export { createGitHubApp, type GitHubAppOptions } from "./app.ts";
export { RateLimiter, type RateLimits, type StoredWindow, type WindowStore } from "./rate-limiter.ts";
