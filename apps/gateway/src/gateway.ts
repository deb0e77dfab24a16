import type { Core } from "@follow-graph/core";
import { createGitHubApp, type GitHubAppOptions } from "@follow-graph/github";
import { createGitLabApp, type GitLabAppOptions } from "@follow-graph/gitlab";
import { requestTargetOf } from "@follow-graph/http";
import type { MiddlewareHandler } from "hono";
import { serveAvatar } from "./avatars.ts";
import type { ViewerEnv } from "./logging/request-observer.ts";
import { instrumentCore } from "./metrics/instrumented-core.ts";
import type { Metrics } from "./metrics/metrics.ts";
import { mountOf } from "./mounts.ts";
import { createApiDocs } from "./openapi/api-docs.ts";
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
  observe?: <E extends ViewerEnv>() => MiddlewareHandler<E>;
  /** Where the dialects report an error they answer 500 for; console.error unless given. */
  onUnexpectedError?: (error: unknown) => void;
  /**
   * Keep the rate-limit windows in the database, shared with every process on it (PostgreSQL);
   * otherwise they are in this process's memory.
   */
  sharedRateLimits?: boolean;
}

/** The context type a dialect app's middleware is written for. */
type EnvOf<Options extends { observe?: unknown }> =
  NonNullable<Options["observe"]> extends MiddlewareHandler<infer E> ? E : never;

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
  const shared = { publicUrl, maxBodyBytes, ...(onUnexpectedError ? { onUnexpectedError } : {}) };
  const gitlab = createGitLabApp({
    core: metrics ? instrumentCore(core, metrics, "gitlab") : core,
    ...(observe ? { observe: observe<EnvOf<GitLabAppOptions>>() } : {}),
    ...shared,
  });
  const githubCore = metrics ? instrumentCore(core, metrics, "github") : core;
  const githubObserve = observe ? { observe: observe<EnvOf<GitHubAppOptions>>() } : {};
  const enterprise = createGitHubApp({
    core: githubCore,
    rateLimiter: limiters.enterprise,
    basePath: "/api/v3",
    ...githubObserve,
    ...shared,
  });
  const dotcom = createGitHubApp({
    core: githubCore,
    rateLimiter: limiters.dotcom,
    ...githubObserve,
    ...shared,
  });
  const apiDocs = createApiDocs({ github: dotcom, gitlab, publicUrl });
  return {
    /** `server` is what @hono/node-server passes; in-process calls have no caller address. */
    fetch(request: Request, server?: NodeServerBindings): Response | Promise<Response> {
      const docs = apiDocs(request, requestTargetOf(request.url));
      if (docs) return docs;
      const mount = mountOf(request.url);
      if (mount === "gitlab") return gitlab.fetch(request);
      if (mount === "avatars") return serveAvatar(core, request);
      const github = mount === "enterprise" ? enterprise : dotcom;
      return github.fetch(request, { clientAddress: server?.incoming?.socket?.remoteAddress });
    },
  };
}
