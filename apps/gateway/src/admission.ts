import { unavailableResponse } from "./unavailable.ts";

type Fetch<Rest extends unknown[]> = (request: Request, ...rest: Rest) => Response | Promise<Response>;

export interface AdmissionOptions {
  /**
   * The most requests let in at once; one more is answered 503 at once instead of waiting.
   * Unset, every request is let in (PostgreSQL's pool queues fairly on its own).
   */
  limit?: number;
  /** What Retry-After says on a refusal, in seconds. */
  retryAfterSeconds?: number;
}

export interface Admission<Rest extends unknown[]> {
  fetch: Fetch<Rest>;
  /** Requests let in and not answered yet. */
  inFlight(): number;
  /** From now on every request is refused, as a server that is going away refuses new work. */
  refuseAll(): void;
}

/**
 * The gateway's front door. PGlite runs one statement at a time, so every request let in past
 * what it can finish soon only waits longer, holding its memory, while its client times out;
 * a 503 with Retry-After sends the client back at once. A request that needs no data counts
 * too: the bound is on work in the process, which is what a refusal protects.
 */
export function createAdmission<Rest extends unknown[]>(
  inner: Fetch<Rest>,
  { limit = Number.POSITIVE_INFINITY, retryAfterSeconds = 1 }: AdmissionOptions = {},
): Admission<Rest> {
  let inFlight = 0;
  let refusing = false;
  const leave = () => {
    inFlight--;
  };
  return {
    fetch(request, ...rest) {
      if (refusing || inFlight >= limit) return unavailableResponse(request.url, retryAfterSeconds);
      inFlight++;
      let answer: Response | Promise<Response>;
      try {
        answer = inner(request, ...rest);
      } catch (error) {
        leave();
        throw error;
      }
      if (answer instanceof Promise) return answer.finally(leave);
      leave();
      return answer;
    },
    inFlight: () => inFlight,
    refuseAll() {
      refusing = true;
    },
  };
}
