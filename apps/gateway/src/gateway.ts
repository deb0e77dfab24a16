import type { Core } from "@follow-graph/core";
import { createGitHubApp } from "@follow-graph/github";
import { createGitLabApp } from "@follow-graph/gitlab";
import { serveAvatar } from "./avatars.ts";
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
}: GatewayOptions) {
  const limiters = rateLimitersOf(
    githubRateLimits,
    sharedRateLimits ? (scope) => sharedRateWindows(core, scope) : undefined,
  );
  const gitlab = createGitLabApp({ core, publicUrl, maxBodyBytes });
  const enterprise = createGitHubApp({
    core,
    publicUrl,
    rateLimiter: limiters.enterprise,
    maxBodyBytes,
    basePath: "/api/v3",
  });
  const dotcom = createGitHubApp({ core, publicUrl, rateLimiter: limiters.dotcom, maxBodyBytes });
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
