import { createHash } from "node:crypto";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { GitHubEnv } from "./context.ts";

/** GET, or HEAD (answered as GET without the body). */
export const isRead = (method: string) => method === "GET" || method === "HEAD";

/** Whether `If-None-Match` names `etag`, compared weakly: clients echo `"x"` or `W/"x"`. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  const wanted = bare(etag);
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || bare(tag) === wanted);
}

/** What a JSON answer may carry beside its body. */
export interface JsonResponseOptions {
  /**
   * When the resource last changed: sent as `Last-Modified` on a read, and an
   * `If-Modified-Since` no earlier than it (without an `If-None-Match`, which wins) gets a 304.
   */
  lastModified?: Date;
}

/**
 * Sends compact JSON (gh merges paginated arrays byte-wise, so no trailing newline) in the
 * exact type clients parse. A GET carries a weak ETag over the body and the request headers
 * the body depends on, and a matching `If-None-Match` gets a bodiless 304 instead.
 */
export function respondJson(
  c: Context<GitHubEnv>,
  data: unknown,
  status: ContentfulStatusCode = 200,
  { lastModified }: JsonResponseOptions = {},
) {
  const body = JSON.stringify(data);
  return sendJson(c, body, status, body, lastModified);
}

/**
 * `respondJson` for a body already serialised. `fingerprint` may stand in for the body in
 * the ETag when it determines the body exactly and is cheaper to hash.
 */
export function respondJsonText(
  c: Context<GitHubEnv>,
  body: string,
  status: ContentfulStatusCode = 200,
  fingerprint = body,
) {
  return sendJson(c, body, status, fingerprint);
}

function sendJson(
  c: Context<GitHubEnv>,
  body: string,
  status: ContentfulStatusCode,
  fingerprint: string,
  lastModified?: Date,
) {
  if (isRead(c.req.method) && status === 200) {
    const digest = createHash("sha256")
      .update(c.req.header("accept") ?? "")
      .update("\0")
      .update(c.req.header("authorization") ?? "")
      .update("\0")
      .update(fingerprint)
      .digest("hex");
    const etag = `W/"${digest}"`;
    c.header("ETag", etag);
    if (lastModified) c.header("Last-Modified", lastModified.toUTCString());
    const ifNoneMatch = c.req.header("if-none-match");
    const notModified =
      ifNoneMatch !== undefined
        ? etagMatches(ifNoneMatch, etag)
        : notModifiedSince(c.req.header("if-modified-since"), lastModified);
    if (notModified) return c.body(null, 304);
  }
  c.header("Content-Type", "application/json; charset=utf-8");
  return c.body(body, status);
}

/**
 * Whether `If-Modified-Since` is a date no earlier than `lastModified`, compared in whole
 * seconds as HTTP dates are written. A date that does not parse, or lies in the future, is
 * ignored, as HTTP says.
 */
export function notModifiedSince(ifModifiedSince: string | undefined, lastModified: Date | undefined) {
  if (!ifModifiedSince || !lastModified) return false;
  const since = Date.parse(ifModifiedSince);
  if (Number.isNaN(since) || since > Date.now()) return false;
  return Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}
