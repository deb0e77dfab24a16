import { parseUserRef, type User } from "@follow-graph/core";
import type { Context } from "hono";
import type { GitLabEnv } from "./context.ts";
import { forbidden, notFound, unauthorized } from "./errors.ts";
import type { ViewContext } from "./serializers.ts";

/**
 * The numeric `:id` of a user route (its pattern admits digits only). GitLab's routes take
 * users by id alone; digits no id can be are 404 at once.
 */
export function userIdParam(c: Context, name = "id"): number {
  const id = parseUserRef(c.req.param(name) ?? "", "id");
  if (id === null) throw notFound("User");
  return id;
}

/** The caller, or GitLab's answer for anonymous requests on this route. */
export function requireViewer(c: Context<GitLabEnv>, anonymous: "unauthorized" | "forbidden"): User {
  const viewer = c.var.viewer;
  if (viewer) return viewer;
  throw anonymous === "unauthorized" ? unauthorized() : forbidden("Not authorized!");
}

/** `authenticated_as_admin!`: 401 without credentials, 403 for non-admins. */
export function requireAdmin(c: Context<GitLabEnv>): User {
  const viewer = requireViewer(c, "unauthorized");
  if (!viewer.isAdmin) throw forbidden();
  return viewer;
}

// Hot helpers read variables with c.get: hono's c.var copies every variable into a new
// object on each read.
export const viewContext = (c: Context<GitLabEnv>, publicEmailInBasic: boolean): ViewContext => ({
  viewer: c.get("viewer"),
  origin: c.get("origin"),
  publicEmailInBasic,
});

/** The URL Link headers point back to: this request, on the external origin. */
export function externalUrl(c: Context<GitLabEnv>): string {
  const url = new URL(c.req.url);
  return `${c.get("origin")}${url.pathname}${url.search}`;
}
