import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { GitLabEnv } from "./context.ts";
import { GitLabError } from "./errors.ts";

export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
/**
 * The longest request target (path and query) answered: GitLab's nginx front end refuses a
 * request line past its default `large_client_header_buffers` of 8k with a 414, and a
 * target this size still leaves room for the Link headers built from it.
 */
export const MAX_REQUEST_TARGET = 8192;

// Worded as GitLab's `file_too_large!` and nginx's 414 page; a front end closes after either.
const bodyTooLarge = () =>
  new GitLabError(413, { message: "413 Request Entity Too Large" }, { Connection: "close" });
const targetTooLong = () =>
  new GitLabError(414, { message: "414 Request-URI Too Large" }, { Connection: "close" });

/** A client that went away while sending its body: there is no one left to answer. */
export class ClientGoneError extends Error {}

/** The length of the request target (path and query) of an absolute URL, without parsing it. */
const requestTargetLength = (url: string) => {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  return start < 0 ? 0 : url.length - start;
};

/** Whether reading the body failed because the client disconnected (Node's `Error: aborted`). */
const isClientAbort = (request: Request, error: unknown) =>
  request.signal.aborted ||
  (error as { code?: unknown } | null)?.code === "ECONNRESET" ||
  (error instanceof Error && error.message === "aborted");

/**
 * The front end's limits, checked before routing: an overlong request target is a 414, and a
 * body whose Content-Length is over the limit a 413 before a byte of it is read. A chunked
 * body is measured as it is read (`readBodyText`).
 */
export function requestLimits(maxBodyBytes: number): MiddlewareHandler<GitLabEnv> {
  return async (c, next) => {
    c.set("maxBodyBytes", maxBodyBytes);
    if (requestTargetLength(c.req.url) > MAX_REQUEST_TARGET) throw targetTooLong();
    const length = c.req.header("content-length");
    if (length !== undefined && !c.req.header("transfer-encoding") && Number(length) > maxBodyBytes)
      throw bodyTooLarge();
    await next();
  };
}

/**
 * The request body as text, read only up to the limit (hono's bodyLimit: past it, reading
 * stops and the answer is a 413). A client that disconnects meanwhile is a ClientGoneError.
 */
export async function readBodyText(c: Context<GitLabEnv>): Promise<string> {
  const limit = bodyLimit({
    maxSize: c.var.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    onError: () => {
      throw bodyTooLarge();
    },
  });
  try {
    await limit(c, async () => {});
    return await c.req.text();
  } catch (error) {
    if (isClientAbort(c.req.raw, error)) throw new ClientGoneError("client closed the request");
    throw error;
  }
}
