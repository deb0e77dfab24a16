import type { MiddlewareHandler } from "hono";
import type { Metrics } from "../metrics/metrics.ts";
import { dialectOf, unroutedPatternOf } from "../metrics/request-labels.ts";
import { routePatternOf } from "../metrics/route-pattern.ts";
import type { Logger } from "./logger.ts";
import { withRequestContext } from "./request-context.ts";

type Fetch<Rest extends unknown[]> = (request: Request, ...rest: Rest) => Response | Promise<Response>;

/** What a dialect learnt while answering: its route's pattern and whom the request acted as. */
interface Observation {
  admitted?: boolean;
  route?: string;
  /** The route's pattern while the dialect is still answering (for lines logged meanwhile). */
  routeSoFar?: () => string;
  userId?: number | null;
}

/** The variable both dialects set once their caller is identified (null: anonymous). */
export interface ViewerEnv {
  Variables: { viewer: { id: number } | null };
}

// Each dialect's own request-id header, which its clients quote in bug reports.
const REQUEST_ID_HEADERS = ["x-request-id", "x-github-request-id"];

/**
 * One log line and one count per request. `observe` wraps the server's fetch and times the
 * whole answer, admission queue included; `admitted` marks the requests let past admission;
 * `dialectMiddleware` runs first in each dialect app and reports the route and the caller
 * back, keyed by the Request object the dialect was handed.
 */
export function createRequestObserver({ logger, metrics }: { logger: Logger; metrics?: Metrics }) {
  const observations = new WeakMap<Request, Observation>();
  const logRequests = logger.isLevelEnabled("info");

  function record(request: Request, seen: Observation, started: number, response: Response | undefined) {
    const seconds = (performance.now() - started) / 1000;
    const dialect = dialectOf(request.url, seen.route !== undefined);
    const route = seen.route ?? unroutedPatternOf(request.url);
    const status = response?.status ?? 500;
    const method = request.method;
    if (metrics) {
      metrics.requests.inc({ dialect, method, route, status: String(status) });
      metrics.duration.observe({ dialect, method, route }, seconds);
      if (!seen.admitted && status === 503) metrics.admissionRefusals.inc({ dialect });
      if (
        dialect === "github" &&
        (status === 403 || status === 429) &&
        response?.headers.get("x-ratelimit-remaining") === "0"
      )
        metrics.rateLimitRefusals.inc({ route });
    }
    if (!logRequests) return;
    let requestId: string | null = null;
    for (const name of REQUEST_ID_HEADERS) requestId ??= response?.headers.get(name) ?? null;
    logger.info(
      {
        requestId,
        dialect,
        method,
        route,
        status,
        durationMs: Math.round(seconds * 10_000) / 10,
        userId: seen.userId ?? null,
      },
      "request",
    );
  }

  return {
    observe<Rest extends unknown[]>(fetch: Fetch<Rest>): Fetch<Rest> {
      return (request, ...rest) => {
        const started = performance.now();
        const seen: Observation = {};
        observations.set(request, seen);
        let answer: Response | Promise<Response>;
        const context = { method: request.method, route: () => seen.route ?? seen.routeSoFar?.() };
        try {
          answer = withRequestContext(context, () => fetch(request, ...rest));
        } catch (error) {
          record(request, seen, started, undefined);
          throw error;
        }
        if (!(answer instanceof Promise)) {
          record(request, seen, started, answer);
          return answer;
        }
        return answer.then(
          (response) => {
            record(request, seen, started, response);
            return response;
          },
          (error: unknown) => {
            record(request, seen, started, undefined);
            throw error;
          },
        );
      };
    },

    admitted<Rest extends unknown[]>(fetch: Fetch<Rest>): Fetch<Rest> {
      return (request, ...rest) => {
        const seen = observations.get(request);
        if (seen) seen.admitted = true;
        return fetch(request, ...rest);
      };
    },

    /** The middleware each dialect app runs first, typed for that app's context. */
    dialectMiddleware<E extends ViewerEnv>(): MiddlewareHandler<E> {
      return async (c, next) => {
        const during = observations.get(c.req.raw);
        if (during) during.routeSoFar = () => routePatternOf(c);
        await next();
        const seen = observations.get(c.req.raw);
        if (!seen) return;
        seen.route = routePatternOf(c);
        seen.userId = (c.var as ViewerEnv["Variables"]).viewer?.id ?? null;
      };
    },
  };
}

export type RequestObserver = ReturnType<typeof createRequestObserver>;
