/**
 * Every route both dialects serve, as the fuzzer addresses them: a method and a path whose
 * `{placeholders}` are filled per request. Read from apps/gitlab/src/routes/*.ts and
 * apps/github/src/routes/*.ts (and the GitHub app's own `/rate_limit`); the fuzz test checks
 * that each of them answers something other than the catch-all 404, so a route renamed in
 * an app without this list following fails loudly instead of going unfuzzed.
 */

export type Dialect = "gitlab" | "github";

/** What a placeholder stands for: it decides which fixtures and junk fill it. */
export type Placeholder = "id" | "token_id" | "username" | "target" | "gh_id";

export interface Route {
  dialect: Dialect;
  /** `/api/v4`, `/api/v3` or `""` (api.github.com's layout at the root). */
  mount: string;
  method: string;
  /** The path under the mount, e.g. `/users/{id}/followers`. */
  template: string;
}

const MODERATION_ACTIONS = ["block", "unblock", "ban", "unban", "deactivate", "activate"];

const GITLAB: [string, string][] = [
  ["GET", "/user"],
  ["GET", "/users"],
  ["GET", "/users/{id}"],
  ["POST", "/users"],
  ["PUT", "/users/{id}"],
  ["DELETE", "/users/{id}"],
  ...MODERATION_ACTIONS.map((action): [string, string] => ["POST", `/users/{id}/${action}`]),
  ["POST", "/users/{id}/personal_access_tokens"],
  ["DELETE", "/personal_access_tokens/{token_id}"],
  ["POST", "/users/{id}/follow"],
  ["POST", "/users/{id}/unfollow"],
  ["GET", "/users/{id}/followers"],
  ["GET", "/users/{id}/following"],
];

const GITHUB: [string, string][] = [
  ["GET", ""],
  ["GET", "/rate_limit"],
  ["GET", "/user"],
  ["GET", "/users/{username}"],
  ["GET", "/user/{gh_id}"],
  ["GET", "/user/followers"],
  ["GET", "/user/following"],
  ["GET", "/user/following/{username}"],
  ["PUT", "/user/following/{username}"],
  ["DELETE", "/user/following/{username}"],
  ["GET", "/users/{username}/followers"],
  ["GET", "/users/{username}/following"],
  ["GET", "/users/{username}/following/{target}"],
  ["GET", "/user/{gh_id}/followers"],
  ["GET", "/user/{gh_id}/following"],
  ["POST", "/admin/users"],
  ["PATCH", "/admin/users/{username}"],
  ["DELETE", "/admin/users/{username}"],
  ["POST", "/admin/users/{username}/authorizations"],
  ["DELETE", "/admin/users/{username}/authorizations"],
  ["PUT", "/users/{username}/suspended"],
  ["DELETE", "/users/{username}/suspended"],
  ["PUT", "/users/{username}/site_admin"],
  ["DELETE", "/users/{username}/site_admin"],
];

export const ROUTES: readonly Route[] = [
  ...GITLAB.map(([method, template]) => ({ dialect: "gitlab" as const, mount: "/api/v4", method, template })),
  ...["/api/v3", ""].flatMap((mount) =>
    GITHUB.map(([method, template]) => ({ dialect: "github" as const, mount, method, template })),
  ),
];

/** The placeholders of a template, in order. */
export const placeholdersOf = (template: string): Placeholder[] =>
  [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as Placeholder);

/** Which dialect answers a path: the gateway's own rule (whole segments select a mount). */
export function dialectOf(path: string): Dialect {
  return path === "/api/v4" || path.startsWith("/api/v4/") || path.startsWith("/api/v4?")
    ? "gitlab"
    : "github";
}

/** Which layout a GitHub path is in: GHES under /api/v3, api.github.com's at the root. */
export const isEnterprisePath = (path: string) =>
  path === "/api/v3" || path.startsWith("/api/v3/") || path.startsWith("/api/v3?");
