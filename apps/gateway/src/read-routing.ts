import type { Database } from "@follow-graph/core";
import { presentedToken } from "./control/presented-token.ts";

/** Methods that change nothing: their requests may read from replicas. */
const READING_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * `fetch` with each request's statements routed by the database's replicas (when it has any):
 * a request that may write runs on the primary and pins the token it presents, whichever form
 * either dialect reads it in, so that the same caller's next reads see the write.
 */
export function routeReadsByCaller<Rest extends unknown[]>(
  database: Database,
  fetch: (request: Request, ...rest: Rest) => Response | Promise<Response>,
): (request: Request, ...rest: Rest) => Promise<Response> | Response {
  const reads = database.reads;
  if (!reads) return fetch;
  return async (request, ...rest) => {
    const secret = presentedToken(request)?.secret ?? null;
    const writes = !READING_METHODS.has(request.method);
    const response = await reads.forRequest(secret, writes, async () => fetch(request, ...rest));
    if (writes || secret === null || response.status !== 401) return response;
    // A token minted a moment ago (by another caller: an administrator) may not have reached
    // the replica yet. A reading request has no body and changes nothing, so the primary
    // answers it again, and says whether the token is really unknown.
    await response.body?.cancel();
    return reads.onPrimary(async () => fetch(request, ...rest));
  };
}
