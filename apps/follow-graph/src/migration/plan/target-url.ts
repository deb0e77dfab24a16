import type { Dialect } from "./plan-model.ts";

/** A target the command line names that cannot be used; the command prints it as one line. */
export class TargetError extends Error {}

/**
 * The base a dialect's client wants: GitLab's instance root (gitbeaker adds /api/v4), GitHub
 * Enterprise's API base (…/api/v3). api.github.com is refused: it has no admin routes, so
 * apply could neither create placeholders nor act as each follower.
 */
export function targetBase(dialect: Dialect, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TargetError(`--url '${url}' is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new TargetError(`--url '${url}' is not an http(s) URL`);
  const path = parsed.pathname.replace(/\/+$/, "");
  if (dialect === "gitlab") return `${parsed.origin}${path.replace(/\/api\/v4$/, "")}`;
  if (/^(api\.)?github\.com$/i.test(parsed.hostname))
    throw new TargetError(
      "api.github.com cannot be a target: it has no admin routes to create placeholders or act as each follower (use GitHub Enterprise Server)",
    );
  return `${parsed.origin}${path.endsWith("/api/v3") ? path : `${path}/api/v3`}`;
}
