import { ClientGoneError, createRequestLimits, DEFAULT_MAX_BODY_BYTES } from "@follow-graph/http";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { GitLabEnv } from "./context.ts";
import { GitLabError } from "./errors.ts";

// Worded as GitLab's `file_too_large!` and nginx's 414 page; a front end closes after either.
const bodyTooLarge = () =>
  new GitLabError(413, { message: "413 Request Entity Too Large" }, { Connection: "close" });

export const { requestLimits, readBodyText } = createRequestLimits<GitLabEnv>({
  bodyTooLarge,
  targetTooLong: () =>
    new GitLabError(414, { message: "414 Request-URI Too Large" }, { Connection: "close" }),
});

/**
 * The request body as bytes, under the same limit as `readBodyText`: a multipart upload is
 * binary, which reading it as text would garble. A client that disconnects meanwhile is a
 * ClientGoneError, as Node reports it (`aborted`, ECONNRESET).
 */
export async function readBodyBytes(c: Context<GitLabEnv>): Promise<Uint8Array> {
  const limit = bodyLimit({
    maxSize: c.var.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    onError: () => {
      throw bodyTooLarge();
    },
  });
  const request = c.req.raw;
  try {
    await limit(c, async () => {});
    return new Uint8Array(await c.req.arrayBuffer());
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (
      request.signal.aborted ||
      code === "ECONNRESET" ||
      (error instanceof Error && error.message === "aborted")
    )
      throw new ClientGoneError("client closed the request");
    throw error;
  }
}
