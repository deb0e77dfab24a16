import { createRequesterFn, type RequestOptions } from "@gitbeaker/requester-utils";
import { GitbeakerRequestError } from "@gitbeaker/rest";
import { resetSeconds, retryAfterSeconds, sleep, type WaitPolicy } from "./rate-wait.ts";

// @gitbeaker/rest retries a 429 or 502 ten times within a quarter of a second and never reads
// Retry-After, which a rate-limited GitLab (Rack::Attack, the users API limits) answers with.
// This handler is gitbeaker's own plumbing (createRequesterFn builds the options, the headers
// and the query) around one fetch that waits as the server says: Retry-After, else the
// RateLimit-Reset of a spent RateLimit-Remaining, else a growing backoff.

const RETRIED = new Set([429, 502, 503, 504]);

/** One request's bound (gitbeaker's default query timeout), each attempt its own. */
const ATTEMPT_TIMEOUT_MS = 300_000;

async function bodyOf(response: Response): Promise<unknown> {
  if (response.status === 204) return null;
  const type = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
  if (type === "application/json") return (await response.json()) ?? {};
  if (type.startsWith("text/")) return response.text();
  return response.blob();
}

/** The error gitbeaker throws for a refused request, so callers read it the same way. */
async function refusal(request: Request, response: Response): Promise<never> {
  const content = await response.text();
  let description = content;
  if (response.headers.get("content-type")?.includes("application/json")) {
    try {
      const parsed = JSON.parse(content) as { error?: unknown; message?: unknown };
      const found = parsed?.error ?? parsed?.message ?? "";
      description = typeof found === "string" ? found : JSON.stringify(found);
    } catch {
      // Not JSON after all: the text is the description.
    }
  }
  throw new GitbeakerRequestError(description, { cause: { description, request, response } });
}

/** How long the answer asks to wait, or the backoff for this attempt. */
function waitFor(response: Response, attempt: number): number {
  const asked = retryAfterSeconds(response.headers.get("retry-after"));
  if (asked !== undefined) return asked;
  if (response.headers.get("ratelimit-remaining") === "0") {
    const reset = resetSeconds(response.headers.get("ratelimit-reset"));
    if (reset !== undefined) return reset;
  }
  return Math.min(2 ** (attempt - 1), 60);
}

export function createWaitingRequester(policy: WaitPolicy) {
  const handle = async (endpoint: string, given?: Record<string, unknown>) => {
    const { prefixUrl, searchParams, method, headers, body, signal } = (given ?? {}) as RequestOptions;
    const base = prefixUrl && !prefixUrl.endsWith("/") ? `${prefixUrl}/` : prefixUrl;
    const url = new URL(endpoint, base);
    url.search = searchParams ?? "";
    for (let attempt = 1; ; attempt++) {
      const attemptTimeout = AbortSignal.timeout(ATTEMPT_TIMEOUT_MS);
      const request = new Request(url, {
        method,
        headers,
        body: body ?? null,
        signal: signal ? AbortSignal.any([signal, attemptTimeout]) : attemptTimeout,
      });
      const response = await fetch(request);
      if (response.ok) {
        return {
          body: (await bodyOf(response)) as never,
          headers: Object.fromEntries(response.headers.entries()),
          status: response.status,
        };
      }
      const seconds = waitFor(response, attempt);
      if (!RETRIED.has(response.status) || attempt > policy.maxRetries || seconds > policy.maxWaitSeconds)
        return refusal(request, response);
      await response.body?.cancel();
      policy.onWait?.({ seconds, reason: `${response.status} on ${method} ${url.pathname}`, attempt });
      await sleep(seconds);
    }
  };
  return createRequesterFn((_, options) => Promise.resolve(options), handle);
}
