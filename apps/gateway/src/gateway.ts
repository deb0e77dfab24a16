import type { Core } from "@follow-graph/core";
import { createGitHubApp } from "@follow-graph/github";
import { createGitLabApp } from "@follow-graph/gitlab";
import type { MiddlewareHandler } from "hono";
import { serveAvatar } from "./avatars.ts";
import { instrumentCore } from "./metrics/instrumented-core.ts";
import type { Metrics } from "./metrics/metrics.ts";
import { mountOf } from "./mounts.ts";
import { type GitHubRateLimits, rateLimitersOf } from "./rate-limits.ts";
import { sharedRateWindows } from "./shared-rate-windows.ts";

export interface GatewayOptions {
  core: Core;
  publicUrl?: string;
  /** GitHub's primary rate limit; off if absent. */
  githubRateLimits?: GitHubRateLimits;
  /** The largest request body read, in bytes, in every dialect; a longer one is a 413. */
  maxBodyBytes?: number;
  /** Counts each dialect's follows, unfollows and database operations. */
  metrics?: Metrics;
  /** Runs first in every dialect app (the request log and metrics read route and caller there). */
  observe?: MiddlewareHandler<{ Variables: { viewer: { id: number } | null } }>;
  /** Where the dialects report an error they answer 500 for; console.error unless given. */
  onUnexpectedError?: (error: unknown) => void;
  /**
   * Keep the rate-limit windows in the database, shared with every process on it (PostgreSQL);
   * otherwise they are in this process's memory.
   */
  sharedRateLimits?: boolean;
}

/** The part of @hono/node-server's bindings the gateway reads. */
interface NodeServerBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * Both dialects on one port: GitLab under /api/v4, GitHub Enterprise's layout under
 * /api/v3, and api.github.com's layout at the root for everything else.
 */
export function createGateway({
  core,
  publicUrl,
  githubRateLimits,
  maxBodyBytes,
  sharedRateLimits = false,
  metrics,
  observe,
  onUnexpectedError,
}: GatewayOptions) {
  const limiters = rateLimitersOf(
    githubRateLimits,
    sharedRateLimits ? (scope) => sharedRateWindows(core, scope) : undefined,
  );
  const shared = {
    publicUrl,
    maxBodyBytes,
    ...(observe ? { observe } : {}),
    ...(onUnexpectedError ? { onUnexpectedError } : {}),
  };
  const gitlab = createGitLabApp({
    core: metrics ? instrumentCore(core, metrics, "gitlab") : core,
    ...shared,
  });
  const githubCore = metrics ? instrumentCore(core, metrics, "github") : core;
  const enterprise = createGitHubApp({
    core: githubCore,
    rateLimiter: limiters.enterprise,
    basePath: "/api/v3",
    ...shared,
  });
  const dotcom = createGitHubApp({ core: githubCore, rateLimiter: limiters.dotcom, ...shared });
  return {
    /** `server` is what @hono/node-server passes; in-process calls have no caller address. */
    fetch(request: Request, server?: NodeServerBindings): Response | Promise<Response> {
      const mount = mountOf(request.url);
      if (mount === "gitlab") return gitlab.fetch(request);
      if (mount === "avatars") return serveAvatar(core, request);
      const github = mount === "enterprise" ? enterprise : dotcom;
      return github.fetch(request, { clientAddress: server?.incoming?.socket?.remoteAddress });
    },
  };
}
