import type { Core } from "@follow-graph/core";
import { createGitHubApp } from "@follow-graph/github";
import { createGitLabApp } from "@follow-graph/gitlab";

export interface GatewayOptions {
  core: Core;
  publicUrl?: string;
}

/** The path of a request URL without parsing all of it: this runs on every request. */
const pathOf = (url: string) => {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  return start < 0 ? "/" : url.slice(start);
};
const under = (path: string, prefix: string) =>
  path.startsWith(prefix) && (path.length === prefix.length || "/?".includes(path[prefix.length]!));

/**
 * Both dialects on one port: GitLab under /api/v4, GitHub Enterprise's layout under
 * /api/v3, and api.github.com's layout at the root for everything else.
 */
export function createGateway({ core, publicUrl }: GatewayOptions) {
  const gitlab = createGitLabApp({ core, publicUrl });
  const enterprise = createGitHubApp({ core, publicUrl, basePath: "/api/v3" });
  const dotcom = createGitHubApp({ core, publicUrl });
  return {
    fetch(request: Request): Response | Promise<Response> {
      const path = pathOf(request.url);
      if (under(path, "/api/v4")) return gitlab.fetch(request);
      if (under(path, "/api/v3")) return enterprise.fetch(request);
      return dotcom.fetch(request);
    },
  };
}
