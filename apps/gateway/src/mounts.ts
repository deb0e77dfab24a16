import { requestTargetOf } from "@follow-graph/http";

/** Which dialect a request is for, by its path: what the gateway routes on and answers in. */
export type Mount = "gitlab" | "enterprise" | "dotcom" | "avatars";

// Only whole path segments select a mount; a query may follow the mount root at once.
const under = (target: string, prefix: string) =>
  target.startsWith(prefix) && (target.length === prefix.length || "/?".includes(target[prefix.length]!));

/**
 * GitLab under /api/v4, GitHub Enterprise's layout under /api/v3, uploaded avatars at GitLab's
 * upload path, api.github.com's layout elsewhere.
 */
export function mountOf(url: string): Mount {
  const target = requestTargetOf(url);
  if (under(target, "/api/v4")) return "gitlab";
  if (under(target, "/uploads/-/system/user/avatar")) return "avatars";
  return under(target, "/api/v3") ? "enterprise" : "dotcom";
}
