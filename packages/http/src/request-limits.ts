import type { Context, Env, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestTargetOf } from "./request-target.ts";

export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
/**
 * The longest request target (path and query) answered. 8 KiB is the common front-end bound
 * (nginx's default `large_client_header_buffers` is 8k, which GitLab's and GitHub's front ends
 * answer with a 414), and a target this size still leaves room for the Link headers built from
 * it under the 16 KiB of headers Node's client accepts.
 */
export const MAX_REQUEST_TARGET = 8192;

/** A client that went away while sending its body: there is no one left to answer. */
export class ClientGoneError extends Error {}

/** How a dialect words the two refusals; a front end closes the connection after either. */
export interface LimitRefusals {
  bodyTooLarge(): Error;
  targetTooLong(): Error;
}

/** What the limits keep in the request's context: the body limit `readBodyText` applies. */
export type LimitsEnv = Env & { Variables: { maxBodyBytes?: number } };

/** Whether reading the body failed because the client disconnected (Node's `Error: aborted`). */
const isClientAbort = (request: Request, error: unknown) =>
  request.signal.aborted ||
  (error as { code?: unknown } | null)?.code === "ECONNRESET" ||
  (error instanceof Error && error.message === "aborted");

/**
 * A front end's limits in one dialect's words. `requestLimits` checks them before routing: an
 * overlong request target is a 414, and a body whose Content-Length is over the limit a 413
 * before a byte of it is read. A chunked body is measured as it is read, by `readBodyText`,
 * which only routes that need their body call (`readBodyBytes` for binary ones).
 */
export function createRequestLimits<E extends LimitsEnv>(refusals: LimitRefusals) {
  async function readLimited<T>(c: Context<E>, read: () => Promise<T>): Promise<T> {
    const limit = bodyLimit({
      maxSize: c.var.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      onError: () => {
        throw refusals.bodyTooLarge();
      },
    });
    try {
      await limit(c, async () => {});
      return await read();
    } catch (error) {
      if (isClientAbort(c.req.raw, error)) throw new ClientGoneError("client closed the request");
      throw error;
    }
  }

  return {
    requestLimits(maxBodyBytes: number): MiddlewareHandler<E> {
      return async (c, next) => {
        c.set("maxBodyBytes", maxBodyBytes);
        if (requestTargetOf(c.req.url).length > MAX_REQUEST_TARGET) throw refusals.targetTooLong();
        const length = c.req.header("content-length");
        if (length !== undefined && !c.req.header("transfer-encoding") && Number(length) > maxBodyBytes)
          throw refusals.bodyTooLarge();
        await next();
      };
    },

    /**
     * The request body as text, read only up to the limit (hono's bodyLimit: past it, reading
     * stops and the answer is a 413). A client that disconnects meanwhile is a ClientGoneError.
     */
    readBodyText: (c: Context<E>): Promise<string> => readLimited(c, () => c.req.text()),

    /** The request body as bytes, under the same limit: a multipart upload is binary. */
    readBodyBytes: (c: Context<E>): Promise<Uint8Array> =>
      readLimited(c, async () => new Uint8Array(await c.req.arrayBuffer())),
  };
}
