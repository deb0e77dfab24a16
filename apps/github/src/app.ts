import { type Core, isDomainError } from "@follow-graph/core";
import { ClientGoneError, DEFAULT_MAX_BODY_BYTES } from "@follow-graph/http";
import { Hono, type MiddlewareHandler } from "hono";
import { getPath } from "hono/utils/url";
import { identify } from "./auth.ts";
import type { GitHubEnv } from "./context.ts";
import { DOCS } from "./docs.ts";
import { fromDomainError, GitHubError, notFound, respondWithError } from "./errors.ts";
import { apiHeaders, corsPreflight, frontEndChecks } from "./headers.ts";
import { DESCRIBED } from "./openapi/operations.ts";
import { enforceRateLimit, rateLimitStatus } from "./rate-limit.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import { requestLimits } from "./request-limits.ts";
import { operation } from "./route-helpers.ts";
import { adminRoutes } from "./routes/admin.ts";
import { blockRoutes } from "./routes/blocks.ts";
import { followRoutes } from "./routes/follows.ts";
import { userRoutes } from "./routes/users.ts";

export interface GitHubAppOptions {
  core: Core;
  /**
   * `/api/v3` for the GitHub Enterprise Server layout, `""` (the default) for api.github.com's.
   * The enterprise layout reports its version; the other insists on a User-Agent.
   */
  basePath?: "" | "/api/v3";
  /** Absolute external base (scheme://host:port); defaults to the origin each request was sent to. */
  publicUrl?: string;
  /**
   * api.github.com's primary rate limit, shared by every mount given the same limiter.
   * Without one, rate limiting is off, as it is by default on GitHub Enterprise Server.
   */
  rateLimiter?: RateLimiter;
  /** The largest request body read, in bytes; a longer one is a 413. */
  maxBodyBytes?: number;
  onUnexpectedError?: (error: unknown) => void;
  /** Runs around everything else: the gateway's request log and metrics read the route and caller here. */
  observe?: MiddlewareHandler<GitHubEnv>;
}

/** The GitHub REST dialect, at the root or under `/api/v3`. */
export function createGitHubApp({
  core,
  basePath = "",
  publicUrl,
  rateLimiter,
  maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
  onUnexpectedError = (e) => console.error(e),
  observe,
}: GitHubAppOptions) {
  const origin = publicUrl ? new URL(publicUrl).origin : undefined;
  const enterprise = basePath === "/api/v3";
  // The API root answers with and without its trailing slash (gh asks for `/api/v3/`);
  // everywhere else a trailing slash is GitHub's 404.
  const rootWithSlash = `${basePath}/`;
  const api = new Hono<GitHubEnv>({
    getPath: (request) => {
      const path = getPath(request);
      return enterprise && path === rootWithSlash ? basePath : path;
    },
  }).basePath(basePath || "/");

  if (observe) api.use(observe);
  api.use(corsPreflight());
  api.use(frontEndChecks(!enterprise));
  api.use(async (c, next) => {
    const external = origin ?? new URL(c.req.url).origin;
    c.set("origin", external);
    c.set("apiBase", `${external}${basePath}`);
    c.set("viewer", null);
    c.set("scopes", null);
    c.set("caller", undefined);
    c.set("docs", undefined);
    await next();
  });
  api.use(apiHeaders(enterprise, { varyOnHost: !origin }));
  // After the API headers, so these refusals carry them like any error.
  api.use(requestLimits(maxBodyBytes));
  // Every route identifies its caller itself, the hot reads inside their own statement; with
  // rate limiting on, the limiter identifies everyone first, to count them.
  // Registered before the limiter, so asking how much is left costs nothing.
  api.get(
    "/rate_limit",
    DESCRIBED.rateLimitStatus,
    operation(DOCS.rateLimitStatus),
    rateLimitStatus(core, rateLimiter),
  );
  if (rateLimiter) api.use(enforceRateLimit(core, rateLimiter));
  api.route("/", userRoutes(core));
  api.route("/", followRoutes(core));
  api.route("/", blockRoutes(core));
  api.route("/", adminRoutes(core));

  // Unknown paths, wrong methods and trailing slashes are all GitHub's 404; a token that names
  // nobody is still "Bad credentials" first.
  api.all("*", async (c) => {
    await identify(core, c);
    throw notFound();
  });

  api.onError((error, c) => {
    if (error instanceof GitHubError) return respondWithError(c, error);
    if (isDomainError(error)) return respondWithError(c, fromDomainError(error));
    // The client hung up mid-body: nothing went wrong here, and no one is left to answer.
    if (error instanceof ClientGoneError) return c.body(null, 400);
    onUnexpectedError(error);
    return respondWithError(c, new GitHubError(500, "Server Error"));
  });

  return api;
}
