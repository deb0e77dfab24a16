/** What the Octokit suites share: a quiet log that keeps warnings, and the two GitHub layouts. */

/**
 * Octokit logs every failed request with console.error; the expected 404s and 422s would only
 * be noise. Warnings (a `deprecation` header, for one) are kept in `warnings`, which a suite
 * insists stays empty.
 */
export function quietLog() {
  const warnings: unknown[][] = [];
  const log = {
    debug: () => {},
    info: () => {},
    warn: (...args: unknown[]) => {
      warnings.push(args);
    },
    error: () => {},
  };
  return { log, warnings };
}

/** What `await promise` threw, or a marker when it did not throw at all. */
export const rejectionOf = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ threw: false }),
    (error: unknown) => error,
  );

/** Both GitHub layouts, each with a tag that keeps the users a suite creates on it apart. */
export const githubMounts = (tagPrefix = "") =>
  [
    { layout: "api.github.com layout at the root", prefix: "", tag: `${tagPrefix}root` },
    { layout: "GHES layout under /api/v3", prefix: "/api/v3", tag: `${tagPrefix}ghes` },
  ] as const;
