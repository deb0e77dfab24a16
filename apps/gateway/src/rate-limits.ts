import { RateLimiter, type RateLimits, type WindowStore } from "@follow-graph/github";

/** GitHub's primary rate limit per layout, each its own budget; a layout left out has it off. */
export interface RateLimitsByLayout {
  dotcom?: RateLimits | undefined;
  enterprise?: RateLimits | undefined;
}

/** Limits for both GitHub layouts (one budget per caller across them), or per layout. */
export type GitHubRateLimits = RateLimits | RateLimitsByLayout;

const LIMITS = /^(\d{1,9})(?:,(\d{1,9}))?$/;
/** The names GITHUB_RATE_LIMIT gives the layouts: where they are mounted. */
const LAYOUTS = { root: "dotcom", v3: "enterprise" } as const;

/** `5000` or `5000,60`: per signed-in user, and per address of anonymous callers (60 unless given). */
function limitsOf(text: string): RateLimits | undefined {
  const match = LIMITS.exec(text);
  return match ? { authenticated: Number(match[1]), anonymous: Number(match[2] ?? "60") } : undefined;
}

/**
 * GITHUB_RATE_LIMIT's value, or undefined if it is not one: `5000` or `5000,60` for both
 * layouts, `off` for neither, or `root=5000,60;v3=off`, where each layout named gets its own
 * budget (or none) and one not named is off.
 */
export function readGitHubRateLimit(text: string): GitHubRateLimits | undefined {
  if (text === "off") return {};
  if (!text.includes("=")) return limitsOf(text);
  const byLayout: RateLimitsByLayout = {};
  for (const entry of text.split(";")) {
    const match = /^(root|v3)=(.+)$/.exec(entry);
    if (!match) return undefined;
    const [, name, value] = match as unknown as [string, keyof typeof LAYOUTS, string];
    const layout = LAYOUTS[name];
    const limits = value === "off" ? undefined : limitsOf(value);
    if (layout in byLayout || (value !== "off" && !limits)) return undefined;
    byLayout[layout] = limits;
  }
  return byLayout;
}

/**
 * One limiter shared by both layouts for limits given once, else one per layout named. Its
 * windows are in this process unless `windowsFor` gives each limiter a shared store (by the
 * name of its budget: `github` for the shared one, `root` and `v3` for a layout's own).
 */
export function rateLimitersOf(
  limits: GitHubRateLimits | undefined,
  windowsFor?: (scope: "github" | "root" | "v3") => WindowStore,
): Record<"dotcom" | "enterprise", RateLimiter | undefined> {
  const limiter = (of: RateLimits, scope: "github" | "root" | "v3") =>
    new RateLimiter(of, Date.now, windowsFor?.(scope));
  if (limits && "authenticated" in limits) {
    const shared = limiter(limits, "github");
    return { dotcom: shared, enterprise: shared };
  }
  return {
    dotcom: limits?.dotcom && limiter(limits.dotcom, "root"),
    enterprise: limits?.enterprise && limiter(limits.enterprise, "v3"),
  };
}
