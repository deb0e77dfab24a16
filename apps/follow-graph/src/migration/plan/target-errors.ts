// Any failure talking to the target as one line: the status and the target's own message for
// an HTTP refusal, the network's reason when the target cannot be reached.

interface WithStatus {
  status?: number;
  message?: string;
  cause?: unknown;
  request?: { method?: string; url?: string };
  response?: { status?: number; url?: string; data?: unknown };
}

function networkReason(error: unknown): string | undefined {
  let current = error as WithStatus | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: string }).code;
    if (code && /^E[A-Z]+/.test(code)) return code;
    current = current.cause as WithStatus | undefined;
  }
  return undefined;
}

/** The HTTP status an Octokit or gitbeaker error carries, if it came from an answer. */
export function statusOf(error: unknown): number | undefined {
  const e = error as WithStatus;
  if (typeof e?.status === "number" && e.status > 0) return e.status;
  const cause = e?.cause as { response?: Response } | undefined;
  if (cause?.response && typeof cause.response.status === "number") return cause.response.status;
  return undefined;
}

/** One line for a failed call to the target at `where`. */
export function describeTargetError(error: unknown, where: string): string {
  const status = statusOf(error);
  // Octokit ends a message with the documentation's address, which says nothing here.
  const message = ((error as Error)?.message ?? String(error))
    .split("\n")[0]!
    .replace(/ - https?:\/\/\S+$/, "")
    .trim();
  // Octokit reports a refused connection as a 500 whose cause carries the network's code.
  const reason = networkReason(error);
  if (reason) return `cannot reach ${where}: ${reason}`;
  if (status === 401) return `${where} refused the token (401 Unauthorized)`;
  // Octokit's throttling gave up: the wait until the window resets is longer than --max-wait.
  const headers = (error as { response?: { headers?: Record<string, string> } }).response?.headers;
  if ((status === 403 || status === 429) && headers?.["x-ratelimit-remaining"] === "0") {
    const reset = Number(headers["x-ratelimit-reset"]);
    const until = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : "";
    return `${where}: the rate limit is spent${until}, longer than --max-wait`;
  }
  if (status !== undefined) return `${where} answered ${status}${message ? `: ${message}` : ""}`;
  return `${where}: ${message}`;
}
