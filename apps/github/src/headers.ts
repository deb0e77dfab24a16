import { randomBytes } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { isRead } from "./conditional.ts";
import type { GitHubEnv } from "./context.ts";
import { GitHubError, respondWithError } from "./errors.ts";

export const DEFAULT_API_VERSION = "2022-11-28";
/** Newest first, as the 400 lists them. */
export const SUPPORTED_API_VERSIONS = ["2026-03-10", "2022-11-28"] as const;
/** What a GHES 3.19 instance reports in `X-GitHub-Enterprise-Version`. */
export const ENTERPRISE_VERSION = "3.19.0";

// Headers GitHub sends on every API response, whatever the status.
const CONSTANT_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers":
    "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset",
  "X-Frame-Options": "deny",
  "X-Content-Type-Options": "nosniff",
  "X-XSS-Protection": "0",
  "Referrer-Policy": "origin-when-cross-origin, strict-origin-when-cross-origin",
  "Content-Security-Policy": "default-src 'none'",
};

// Random bytes are drawn in batches: one system call per request id was a sixth of the CPU
// time of a small request.
const POOL_SIZE = 12 * 1024;
let pool = randomBytes(POOL_SIZE);
let used = 0;
const randomHex = (bytes: number) => {
  if (used + bytes > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    used = 0;
  }
  used += bytes;
  return pool.toString("hex", used - bytes, used).toUpperCase();
};

/** Five hex groups joined by `:`, the last being the Unix time, as GitHub's ids look. */
const requestId = () =>
  `${randomHex(2)}:${randomHex(2)}:${randomHex(4).slice(1)}:${randomHex(4).slice(1)}:${Math.floor(
    Date.now() / 1000,
  )
    .toString(16)
    .toUpperCase()}`;

function versionNotSupported(requested: string) {
  const [newest, ...older] = SUPPORTED_API_VERSIONS;
  const others = older.map((v) => `"${v}"`).join(", ");
  return new GitHubError(400, "Bad Request", {
    errors: `The version you specified in the "X-GitHub-API-Version" request header, "${requested}", is not a supported version. The following versions are currently supported: "${newest}" (most recent) and ${others}.`,
  });
}

/**
 * `X-GitHub-Media-Type` for the request's Accept: `github.v3; format=json`, with the
 * `param` of a body-format type such as `application/vnd.github.full+json`. Anything else,
 * previews and unknown types included, is served as plain JSON.
 */
export function mediaTypeFor(accept: string | undefined): string {
  const param = /application\/vnd\.github(?:\.v3)?\.(raw|text|html|full)(?:\+json)?/i.exec(accept ?? "")?.[1];
  return param ? `github.v3; param=${param.toLowerCase()}; format=json` : "github.v3; format=json";
}

/**
 * What GitHub's API layer does before any route: stamp the response headers and select the
 * API version, refusing an unknown one with a 400 before credentials are even looked at.
 * `varyOnHost` is for a server without a configured origin, whose URLs come from `Host`.
 */
export function apiHeaders(
  enterprise: boolean,
  { varyOnHost = false }: { varyOnHost?: boolean } = {},
): MiddlewareHandler<GitHubEnv> {
  return async (c, next) => {
    for (const [name, value] of Object.entries(CONSTANT_HEADERS)) c.header(name, value);
    c.header("X-GitHub-Request-Id", requestId());
    c.header("X-GitHub-Media-Type", mediaTypeFor(c.req.header("accept")));
    if (enterprise) c.header("X-GitHub-Enterprise-Version", ENTERPRISE_VERSION);
    const raw = c.req.header("x-github-api-version");
    const requested = raw === undefined ? DEFAULT_API_VERSION : raw.toLowerCase().replace(/\s+/g, "");
    // Answered here rather than thrown, so the 400 gets the caching headers below like any error.
    if (!(SUPPORTED_API_VERSIONS as readonly string[]).includes(requested))
      c.res = respondWithError(c, versionNotSupported(raw ?? ""));
    else {
      c.header("X-GitHub-Api-Version-Selected", requested);
      await next();
    }
    // Caching depends on who asked: shared caches may keep only anonymous answers.
    const headers = c.res.headers;
    const signedIn = Boolean(c.var.viewer);
    // A read's 204 (`GET /user/following/{u}`: yes) is as cacheable as its 200 on GitHub.
    const cacheable = isRead(c.req.method) && [200, 204, 304].includes(c.res.status);
    if (cacheable)
      headers.set("Cache-Control", `${signedIn ? "private" : "public"}, max-age=60, s-maxage=60`);
    else headers.set("Cache-Control", "no-cache");
    if (signedIn) {
      headers.set("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP");
      headers.append("Vary", "Accept-Encoding, Accept, X-Requested-With");
    } else headers.set("Vary", "Accept, Accept-Encoding, Accept, X-Requested-With");
    // URLs in the body and Link were built from this Host: a shared cache must not serve
    // them to a request for another.
    if (varyOnHost) headers.append("Vary", "Host");
  };
}

/**
 * Refusals GitHub's front end makes before the API sees the request, in its own plain
 * shapes: no User-Agent (api.github.com only) and a POST/PUT/PATCH with no length.
 */
export function frontEndChecks(requireUserAgent: boolean): MiddlewareHandler<GitHubEnv> {
  return async (c, next) => {
    if (requireUserAgent && !c.req.header("user-agent"))
      return c.text(
        "Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.\n",
        403,
      );
    const method = c.req.method;
    if (
      (method === "POST" || method === "PUT" || method === "PATCH") &&
      c.req.header("content-length") === undefined &&
      c.req.header("transfer-encoding") === undefined
    )
      return c.html("<html><body><h1>411 Length Required</h1></body></html>\n", 411);
    await next();
  };
}

/**
 * CORS preflight, answered before anything else as GitHub does, so browser clients may send
 * `Authorization` and the API version header from any origin.
 */
export function corsPreflight(): MiddlewareHandler<GitHubEnv> {
  return async (c, next) => {
    if (c.req.method !== "OPTIONS") return next();
    c.header("Access-Control-Allow-Origin", "*");
    c.header(
      "Access-Control-Allow-Headers",
      "Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, Accept-Encoding, X-GitHub-OTP, X-Requested-With, User-Agent, GraphQL-Features, X-Github-Next-Global-ID, X-GitHub-Api-Version",
    );
    c.header("Access-Control-Allow-Methods", "GET, POST, PATCH, PUT, DELETE");
    c.header("Access-Control-Expose-Headers", CONSTANT_HEADERS["Access-Control-Expose-Headers"]!);
    c.header("Access-Control-Max-Age", "86400");
    return c.body(null, 204);
  };
}
