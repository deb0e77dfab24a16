import type { Context } from "hono";
import { matchedRoutes } from "hono/route";

// `:id{[0-9]+}` names the parameter and constrains it; the pattern keeps the name only.
const CONSTRAINT = /(:[A-Za-z0-9_]+)\{(?:[^{}]|\{[^{}]*\})*\}/g;

/**
 * The pattern of the route that matched, e.g. `/api/v4/users/:id/follow`, never the raw path:
 * metric labels and log lines must not grow with every id asked for. Middleware registered with
 * `use` and the dialects' catch-alls end in `*`; a request no route matched gets the catch-all's
 * pattern (`/api/v4/*`, `/*`).
 */
export function routePatternOf(c: Context): string {
  const paths = matchedRoutes(c).map((route) => route.path);
  const route = paths.find((path) => !path.endsWith("*")) ?? paths.at(-1) ?? "*";
  return route.replace(CONSTRAINT, "$1");
}
