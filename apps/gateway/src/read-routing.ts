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
): (request: Request, ...rest: Rest) => Response | Promise<Response> {
  const reads = database.reads;
  if (!reads) return fetch;
  return (request, ...rest) =>
    reads.forRequest(
      presentedToken(request)?.secret ?? null,
      !READING_METHODS.has(request.method),
      async () => fetch(request, ...rest),
    );
}
