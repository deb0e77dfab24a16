import { createHash } from "node:crypto";
import type { Core, StoredAvatar } from "@follow-graph/core";
import { requestTargetOf } from "@follow-graph/http";

const AVATAR_TARGET = /^\/uploads\/-\/system\/user\/avatar\/(\d{1,19})\/avatar\.([a-z]+)(?:\?.*)?$/;

const notFound = () =>
  new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/** Whether `candidates` (an If-None-Match value) names `etag`, weakly compared as RFC 9110 says. */
const matchesEtag = (candidates: string, etag: string) =>
  candidates.trim() === "*" || candidates.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);

/**
 * Serves an uploaded avatar at the URL its user's `avatar_url` names: the stored bytes with
 * their sniffed type, an ETag of their content, and revalidation on every use (the URL stays
 * the same when the avatar changes). Anything else under the path, or an extension that is not
 * the stored image's, is a 404.
 */
export async function serveAvatar(core: Core, request: Request): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD")
    return new Response(null, { status: 405, headers: { Allow: "GET, HEAD" } });
  const match = AVATAR_TARGET.exec(requestTargetOf(request.url));
  const id = match ? Number(match[1]) : Number.NaN;
  if (!match || !Number.isSafeInteger(id)) return notFound();
  let avatar: StoredAvatar | null;
  try {
    avatar = await core.avatars.readAvatar(id);
  } catch {
    // The core lets only DomainErrors out, and the one a read can end in is `unavailable`.
    return new Response("Service Unavailable", { status: 503, headers: { "Retry-After": "1" } });
  }
  if (!avatar || avatar.extension !== match[2]) return notFound();
  const etag = `"${createHash("sha256").update(avatar.bytes).digest("base64url")}"`;
  const headers = {
    "Content-Type": avatar.contentType,
    // The type comes from the bytes' magic number; nothing should second-guess it.
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "public, max-age=0, must-revalidate",
    ETag: etag,
    "Last-Modified": avatar.updatedAt.toUTCString(),
  };
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch !== null && matchesEtag(ifNoneMatch, etag))
    return new Response(null, { status: 304, headers });
  const body = request.method === "HEAD" ? null : avatar.bytes;
  return new Response(body, {
    status: 200,
    headers: { ...headers, "Content-Length": String(avatar.bytes.length) },
  });
}
