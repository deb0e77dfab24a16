import { type Core, isDomainError } from "@follow-graph/core";
import { ClientGoneError, DEFAULT_MAX_BODY_BYTES } from "@follow-graph/http";
import { Hono, type MiddlewareHandler } from "hono";
import { requestId } from "hono/request-id";
import type { GitLabEnv } from "./context.ts";
import { fromDomainError, GitLabError, respondWithError, routeNotFound } from "./errors.ts";
import { requestLimits } from "./request-limits.ts";
import { adminRoutes } from "./routes/admin.ts";
import { followRoutes } from "./routes/follows.ts";
import { impersonationTokenRoutes } from "./routes/impersonation-tokens.ts";
import { userRoutes } from "./routes/users.ts";

export interface GitLabAppOptions {
  core: Core;
  /** Absolute external base (scheme://host:port); defaults to the origin each request was sent to. */
  publicUrl?: string;
  /** `UserBasic` carries `public_email` as GitLab 17.x and later do; turn off to mimic older releases. */
  publicEmailInBasic?: boolean;
  /** The largest request body read, in bytes; a longer one is a 413. */
  maxBodyBytes?: number;
  onUnexpectedError?: (error: unknown) => void;
  /** Runs around everything else: the gateway's request log and metrics read the route and caller here. */
  observe?: MiddlewareHandler<GitLabEnv>;
}

/** The GitLab v4 dialect, rooted at `/api/v4`. */
export function createGitLabApp({
  core,
  publicUrl,
  publicEmailInBasic = true,
  maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
  onUnexpectedError = (e) => console.error(e),
  observe,
}: GitLabAppOptions) {
  const origin = publicUrl ? new URL(publicUrl).origin : undefined;
  const app = new Hono<GitLabEnv>().basePath("/api/v4");

  if (observe) app.use(observe);
  // GitLab answers every request with an X-Request-Id that its logs carry too.
  app.use(requestId());
  app.use(async (c, next) => {
    c.set("origin", origin ?? new URL(c.req.url).origin);
    c.set("viewer", null);
    c.set("caller", null);
    await next();
    // Without a configured origin, URLs in bodies and Link headers come from the Host header,
    // so a shared cache must keep one answer per Host.
    if (!origin) c.res.headers.append("Vary", "Host");
  });
  app.use(requestLimits(maxBodyBytes));

  app.route("/", followRoutes(core, publicEmailInBasic));
  app.route("/", userRoutes(core, publicEmailInBasic));
  app.route("/", adminRoutes(core, publicEmailInBasic));
  app.route("/", impersonationTokenRoutes(core));

  // GitLab's catch-all route: anything unmatched under /api/v4, including a non-numeric :id.
  app.all("*", () => {
    throw routeNotFound();
  });

  app.onError((error, c) => {
    if (error instanceof GitLabError) return respondWithError(c, error);
    if (isDomainError(error)) return respondWithError(c, fromDomainError(error, { origin: c.var.origin }));
    // The client hung up mid-body: nothing went wrong here, and no one is left to answer.
    if (error instanceof ClientGoneError) return c.body(null, 400);
    onUnexpectedError(error);
    return c.json({ message: "500 Internal Server Error" }, 500);
  });

  return app;
}
