import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { GitHubEnv } from "./context.ts";
import { GitHubError } from "./errors.ts";

export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
/**
 * The longest request target (path and query) answered. 8 KiB is the common front-end bound
 * (nginx's default `large_client_header_buffers` is 8k), and a target this size still leaves
 * room for the Link headers built from it under the 16 KiB of headers Node's client accepts.
 */
export const MAX_REQUEST_TARGET = 8192;

// In the words of GitHub's nginx front end (observed: "413 Request Entity Too Large"), in the
// API's error shape; a front end closes the connection after refusing a request it did not read.
const bodyTooLarge = () =>
  new GitHubError(413, "Request Entity Too Large", { headers: { Connection: "close" } });
const targetTooLong = () =>
  new GitHubError(414, "Request-URI Too Large", { headers: { Connection: "close" } });

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
 * body is measured as it is read (`readBodyText`), which only routes that need it do.
 */
export function requestLimits(maxBodyBytes: number): MiddlewareHandler<GitHubEnv> {
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
export async function readBodyText(c: Context<GitHubEnv>): Promise<string> {
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
