import type { Registry } from "prom-client";

/** Prometheus' text exposition of `registry`, never cached. */
export async function metricsResponse(registry: Registry): Promise<Response> {
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
}

/**
 * `GET /metrics` answered from `registry`, or undefined for any other request: on the main
 * port it is answered ahead of admission, like the probes, so a full queue never hides it.
 */
export function serveMetrics(registry: Registry) {
  return (request: Request): Promise<Response> | undefined => {
    if (request.method !== "GET" && request.method !== "HEAD") return undefined;
    return new URL(request.url).pathname === "/metrics" ? metricsResponse(registry) : undefined;
  };
}
