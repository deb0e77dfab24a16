import type { Core } from "@follow-graph/core";
import type { Context, MiddlewareHandler } from "hono";
import { identify } from "./auth.ts";
import { respondJson } from "./conditional.ts";
import type { GitHubEnv } from "./context.ts";
import { DOCS } from "./docs.ts";
import { GitHubError, notFound } from "./errors.ts";
import type { Budget, RateLimiter, RateWindow } from "./rate-limiter.ts";

/** Whose budget a request spends: the user's, or the address's of an anonymous caller. */
function budgetOf(c: Context<GitHubEnv>, limiter: RateLimiter): Budget {
  const viewer = c.var.viewer;
  if (viewer) return { key: `user:${viewer.id}`, limit: limiter.limits.authenticated };
  return { key: `address:${clientAddress(c)}`, limit: limiter.limits.anonymous };
}

const clientAddress = (c: Context<GitHubEnv>) => c.env?.clientAddress ?? "unknown";

const rateHeaders = (window: RateWindow): [string, string][] => [
  ["X-RateLimit-Limit", String(window.limit)],
  ["X-RateLimit-Remaining", String(window.remaining)],
  ["X-RateLimit-Reset", String(window.reset)],
  ["X-RateLimit-Used", String(window.used)],
  ["X-RateLimit-Resource", "core"],
];

function rateLimitExceeded(c: Context<GitHubEnv>) {
  const viewer = c.var.viewer;
  const message = viewer
    ? `API rate limit exceeded for user ID ${viewer.id}.`
    : `API rate limit exceeded for ${clientAddress(c)}. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)`;
  return new GitHubError(403, message, { documentationUrl: DOCS.rateLimits });
}

/**
 * The primary rate limit: the caller is identified first, to be counted; every request counts
 * except a 304, and a spent budget is a 403 with `X-RateLimit-Remaining: 0`. Every response
 * reports the window.
 */
export function enforceRateLimit(core: Core, limiter: RateLimiter): MiddlewareHandler<GitHubEnv> {
  return async (c, next) => {
    await identify(core, c);
    const budget = budgetOf(c, limiter);
    const { allowed, window } = await limiter.take(budget);
    for (const [name, value] of rateHeaders(window)) c.header(name, value);
    if (!allowed) throw rateLimitExceeded(c);
    await next();
    // "A conditional request does not count against your primary rate limit if a 304 is returned."
    if (c.res.status === 304)
      for (const [name, value] of rateHeaders(await limiter.refund(budget))) c.res.headers.set(name, value);
  };
}

/**
 * `GET /rate_limit`, which costs nothing. Without limits it gives GHES's answer when rate
 * limiting is off (its default): a 404 saying so, which tools written for GHES expect.
 */
export function rateLimitStatus(core: Core, limiter: RateLimiter | undefined): MiddlewareHandler<GitHubEnv> {
  return async (c) => {
    await identify(core, c);
    if (!limiter) throw notFound("Rate limiting is not enabled.");
    const window = await limiter.peek(budgetOf(c, limiter));
    for (const [name, value] of rateHeaders(window)) c.header(name, value);
    // GitHub's schema requires `search` beside `core`; nothing here is a search, so its
    // per-minute budget is always whole.
    const searchLimit = c.var.viewer ? 30 : 10;
    const search: RateWindow = {
      limit: searchLimit,
      used: 0,
      remaining: searchLimit,
      reset: Math.ceil(Date.now() / 1000) + 60,
    };
    return respondJson(c, { resources: { core: window, search }, rate: window });
  };
}
