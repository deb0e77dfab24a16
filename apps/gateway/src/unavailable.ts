import { mountOf } from "./mounts.ts";

/**
 * A 503 that the gateway answers before any dialect has seen the request (the embedded store's
 * queue is full, or the server is stopping), worded as each dialect words its own: GitLab's
 * `render_api_error!` body, GitHub's `basic-error`. `Retry-After` tells a client when to ask again.
 */
export function unavailableResponse(url: string, retryAfterSeconds: number): Response {
  const retryAfter = String(retryAfterSeconds);
  if (mountOf(url) === "gitlab")
    return Response.json(
      { message: "503 Service Unavailable" },
      { status: 503, headers: { "Retry-After": retryAfter } },
    );
  return new Response(
    JSON.stringify({
      message: "Service Unavailable",
      documentation_url: "https://docs.github.com/rest",
      status: "503",
    }),
    {
      status: 503,
      headers: { "Content-Type": "application/json; charset=utf-8", "Retry-After": retryAfter },
    },
  );
}
