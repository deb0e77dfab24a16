// Whether a list read failed because the forge no longer has the user (404): a user renamed
// or deleted between a list naming it and the walk reaching it. Octokit's RequestError carries
// the status itself; @gitbeaker/rest's error carries the response as its cause.
export function answeredNotFound(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { status, cause } = error as { status?: unknown; cause?: { response?: { status?: unknown } } };
  return status === 404 || cause?.response?.status === 404;
}
