import type { Core } from "@follow-graph/core";
import { createGitLabApp } from "@follow-graph/gitlab";
import { Hono } from "hono";

export interface GatewayOptions {
  core: Core;
  publicUrl?: string;
}

/** Both dialects on one app: GitLab under /api/v4. */
export function createGateway({ core, publicUrl }: GatewayOptions) {
  const app = new Hono();
  app.route("/", createGitLabApp({ core, publicUrl }));
  app.notFound((c) => c.json({ message: "Not Found" }, 404));
  return app;
}
