/** Where a scrape's text comes from: a registry, or (with WORKERS) every worker's together. */
export interface MetricsSource {
  readonly contentType: string;
  metrics(): Promise<string>;
}

/**
 * Prometheus' text exposition of `source`, never cached. Figures that cannot be gathered (a
 * worker's registry did not come back in time) are a 503 that says why, never a partial sum:
 * a scraper keeps the last good scrape rather than storing a counter that seems to go down.
 */
export async function metricsResponse(source: MetricsSource): Promise<Response> {
  let text: string;
  try {
    text = await source.metrics();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return new Response(`Metrics unavailable: ${reason}\n`, {
      status: 503,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  return new Response(text, {
    headers: { "content-type": source.contentType, "cache-control": "no-store" },
  });
}

/**
 * `GET /metrics` answered from `source`, or undefined for any other request: on the main
 * port it is answered ahead of admission, like the probes, so a full queue never hides it.
 */
export function serveMetrics(source: MetricsSource) {
  return (request: Request): Promise<Response> | undefined => {
    if (request.method !== "GET" && request.method !== "HEAD") return undefined;
    return new URL(request.url).pathname === "/metrics" ? metricsResponse(source) : undefined;
  };
}
