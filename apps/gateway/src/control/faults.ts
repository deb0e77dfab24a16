import * as v from "valibot";

/** What a suite asks to go wrong: a status instead of the answer, added latency, or both. */
export const FaultSpecSchema = v.pipe(
  v.strictObject({
    /** Answered instead of the request, in the matched dialect's error shape. */
    status: v.optional(
      v.pipe(
        v.number(),
        v.integer(),
        v.minValue(400, "status must be 400 to 599"),
        v.maxValue(599, "status must be 400 to 599"),
      ),
    ),
    /** Waited before answering (or before passing the request on, without a status). */
    latencyMs: v.optional(
      v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(60_000, "latencyMs must be at most 60000")),
    ),
    /** Applies to the next N matching requests, then goes away; unset, until cleared. */
    count: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, "count must be 1 or more"))),
    /** The share of matching requests it applies to, 0 to 1; unset, every one. */
    rate: v.optional(
      v.pipe(v.number(), v.minValue(0, "rate must be 0 to 1"), v.maxValue(1, "rate must be 0 to 1")),
    ),
    dialect: v.optional(v.picklist(["gitlab", "github"], "dialect must be gitlab or github")),
    /** `/api/v4/users/*\/follow` or `POST /api/v4/users/*\/follow`: `*` one path segment, `**` any. */
    route: v.optional(
      v.pipe(
        v.string(),
        v.regex(
          /^(?:[A-Za-z]+ )?\/\S*$/,
          "route must be a path pattern, optionally after a method: POST /api/v4/users/*/follow",
        ),
      ),
    ),
    /** Seconds for Retry-After on a 429 or 503 (default 1). */
    retryAfter: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  }),
  v.check(
    (f) => f.status !== undefined || f.latencyMs !== undefined,
    "a fault needs a status, a latencyMs or both",
  ),
);

export type FaultSpec = v.InferInput<typeof FaultSpecSchema>;

interface Fault {
  id: string;
  spec: FaultSpec;
  method: string | null;
  path: RegExp | null;
  left: number | null;
}

/** A route pattern as a regular expression over the path: `*` one segment, `**` any number. */
function patternOf(route: string): { method: string | null; path: RegExp } {
  const [first, second] = route.split(" ");
  const pattern = second ?? first!;
  const body = pattern
    .split(/(\*\*|\*)/)
    .map((part) =>
      part === "**" ? ".*" : part === "*" ? "[^/]+" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("");
  return { method: second ? first!.toUpperCase() : null, path: new RegExp(`^${body}/?$`) };
}

export interface FaultMatch {
  spec: FaultSpec;
}

/** The faults injected and not yet used up, first injected first tried. */
export function createFaults(random: () => number = Math.random) {
  let faults: Fault[] = [];
  let issued = 0;
  return {
    inject(spec: FaultSpec): { id: string } {
      const id = `fault-${++issued}`;
      const route = spec.route ? patternOf(spec.route) : null;
      faults.push({
        id,
        spec,
        method: route?.method ?? null,
        path: route?.path ?? null,
        left: spec.count ?? null,
      });
      return { id };
    },
    list: () =>
      faults.map(({ id, spec, left }) => ({ id, ...spec, ...(left !== null ? { count: left } : {}) })),
    remove(id: string): boolean {
      const before = faults.length;
      faults = faults.filter((f) => f.id !== id);
      return faults.length < before;
    },
    clear() {
      faults = [];
    },
    /** The fault that applies to this request, if any, counted as used. */
    take(method: string, path: string, dialect: "gitlab" | "github"): FaultSpec | null {
      for (const fault of faults) {
        if (fault.spec.dialect && fault.spec.dialect !== dialect) continue;
        if (fault.method && fault.method !== method) continue;
        if (fault.path && !fault.path.test(path)) continue;
        if (fault.spec.rate !== undefined && random() >= fault.spec.rate) continue;
        if (fault.left !== null && --fault.left === 0) faults = faults.filter((f) => f !== fault);
        return fault.spec;
      }
      return null;
    },
  };
}

export type Faults = ReturnType<typeof createFaults>;

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  409: "Conflict",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/**
 * An injected status as the dialect answers it: GitLab's `{"message":"503 Service Unavailable"}`
 * (its 429 is Rack::Attack's plain `Retry later`), GitHub's basic-error; Retry-After on 429 and
 * 503, and on GitHub's 429 the x-ratelimit headers of a spent limit.
 */
export function faultResponse(spec: FaultSpec & { status: number }, dialect: "gitlab" | "github"): Response {
  const { status } = spec;
  const reason = REASONS[status] ?? "Error";
  const headers = new Headers();
  if (status === 429 || status === 503) headers.set("Retry-After", String(spec.retryAfter ?? 1));
  if (dialect === "gitlab") {
    if (status === 429) {
      headers.set("Content-Type", "text/plain");
      return new Response("Retry later\n", { status, headers });
    }
    headers.set("Content-Type", "application/json");
    return new Response(JSON.stringify({ message: `${status} ${reason}` }), { status, headers });
  }
  if (status === 429) {
    const reset = Math.ceil(Date.now() / 1000) + (spec.retryAfter ?? 1);
    headers.set("x-ratelimit-limit", "5000");
    headers.set("x-ratelimit-remaining", "0");
    headers.set("x-ratelimit-used", "5000");
    headers.set("x-ratelimit-reset", String(reset));
    headers.set("x-ratelimit-resource", "core");
  }
  headers.set("Content-Type", "application/json; charset=utf-8");
  const message = status === 429 ? "API rate limit exceeded" : reason;
  return new Response(
    JSON.stringify({ message, documentation_url: "https://docs.github.com/rest", status: String(status) }),
    { status, headers },
  );
}
