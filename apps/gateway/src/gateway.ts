import type { Core } from "@follow-graph/core";
import { createGitHubApp, RateLimiter, type RateLimits } from "@follow-graph/github";
import { createGitLabApp } from "@follow-graph/gitlab";
import { mountOf } from "./mounts.ts";

export interface GatewayOptions {
  core: Core;
  publicUrl?: string;
  /** GitHub's primary rate limit, one budget per caller across both GitHub layouts; off if absent. */
  githubRateLimits?: RateLimits;
  /** The largest request body read, in bytes, in every dialect; a longer one is a 413. */
  maxBodyBytes?: number;
}

/** The part of @hono/node-server's bindings the gateway reads. */
interface NodeServerBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * Both dialects on one port: GitLab under /api/v4, GitHub Enterprise's layout under
 * /api/v3, and api.github.com's layout at the root for everything else.
 */
export function createGateway({ core, publicUrl, githubRateLimits, maxBodyBytes }: GatewayOptions) {
  const rateLimiter = githubRateLimits && new RateLimiter(githubRateLimits);
  const gitlab = createGitLabApp({ core, publicUrl, maxBodyBytes });
  const enterprise = createGitHubApp({ core, publicUrl, rateLimiter, maxBodyBytes, basePath: "/api/v3" });
  const dotcom = createGitHubApp({ core, publicUrl, rateLimiter, maxBodyBytes });
  return {
    /** `server` is what @hono/node-server passes; in-process calls have no caller address. */
    fetch(request: Request, server?: NodeServerBindings): Response | Promise<Response> {
      const mount = mountOf(request.url);
      if (mount === "gitlab") return gitlab.fetch(request);
      const github = mount === "enterprise" ? enterprise : dotcom;
      return github.fetch(request, { clientAddress: server?.incoming?.socket?.remoteAddress });
    },
  };
}
