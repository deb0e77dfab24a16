import type { User } from "@follow-graph/core";
import type { Context } from "hono";
import type { GitLabEnv } from "./context.ts";
import { forbidden, notFound, unauthorized } from "./errors.ts";
import type { ViewContext } from "./serializers.ts";

/**
 * A string of digits as a stored id (user or token), or undefined when it is too large to be
 * one: ids beyond what is ever assigned name nothing, exactly like an id never assigned.
 */
export function toId(digits: string): number | undefined {
  const id = BigInt(digits);
  return id > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(id);
}

/** The numeric `:id` of a route (the route pattern already admits digits only). */
export function userIdParam(c: Context, name = "id"): number {
  const id = toId(c.req.param(name) ?? "0");
  if (id === undefined) throw notFound("User");
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

export const viewContext = (c: Context<GitLabEnv>, publicEmailInBasic: boolean): ViewContext => ({
  viewer: c.var.viewer,
  origin: c.var.origin,
  publicEmailInBasic,
});

/** The URL Link headers point back to: this request, on the external origin. */
export function externalUrl(c: Context<GitLabEnv>): string {
  const url = new URL(c.req.url);
  return `${c.var.origin}${url.pathname}${url.search}`;
}
