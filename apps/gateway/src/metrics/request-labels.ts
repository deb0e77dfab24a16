import { mountOf } from "../mounts.ts";
import { isApiDocsPath } from "../openapi/api-docs.ts";
import type { Dialect } from "./metrics.ts";

const CONTROL_PREFIX = "/__follow-graph";

const isControl = (url: string) => {
  const { pathname } = new URL(url);
  return pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`);
};

/**
 * The API a request was for, by its path: GitLab's uploads count as GitLab, both GitHub layouts
 * as GitHub, the control API's paths as control unless a dialect answered them (it is off), and
 * the API documents and their page as docs.
 */
export function dialectOf(url: string, answeredByDialect: boolean): Dialect {
  if (!answeredByDialect && isControl(url)) return "control";
  if (!answeredByDialect && isApiDocsPath(new URL(url).pathname)) return "docs";
  const mount = mountOf(url);
  return mount === "gitlab" || mount === "avatars" ? "gitlab" : "github";
}

/**
 * The pattern of a request no dialect route reported: refused at admission, an avatar upload, a
 * control API call. It names the mount only, so labels stay few whatever paths are asked for.
 */
export function unroutedPatternOf(url: string): string {
  if (isControl(url)) return `${CONTROL_PREFIX}/*`;
  const { pathname } = new URL(url);
  if (pathname.startsWith("/-/openapi/")) return "/-/openapi/*";
  if (isApiDocsPath(pathname)) return pathname === "/-/docs" ? "/-/docs" : "/-/docs/*";
  switch (mountOf(url)) {
    case "gitlab":
      return "/api/v4/*";
    case "avatars":
      return "/uploads/-/system/user/avatar/*";
    case "enterprise":
      return "/api/v3/*";
    default:
      return "/*";
  }
}
