import { NOBODY, parseUserRef, type UserRef } from "@follow-graph/core";
import type { Context, MiddlewareHandler } from "hono";
import type { GitHubEnv } from "./context.ts";
import type { UrlContext } from "./serializers.ts";

/** Names the operation a route serves, so its errors point at its documentation page. */
export const operation =
  (docs: string): MiddlewareHandler<GitHubEnv> =>
  async (c, next) => {
    c.set("docs", docs);
    await next();
  };

// Hot helpers read variables with c.get: hono's c.var copies every variable into a new
// object on each read.
export const urlContext = (c: Context<GitHubEnv>): UrlContext => ({
  origin: c.get("origin"),
  apiBase: c.get("apiBase"),
});

/** This request's URL on the external origin, which Link headers are built from. */
export function externalUrl(c: Context<GitHubEnv>): URL {
  const url = new URL(c.req.url);
  return new URL(`${c.get("origin")}${url.pathname}${url.search}`);
}

/** A bodiless 204: no Content-Type, as GitHub sends it. */
export const noContent = (c: Context<GitHubEnv>) => c.body(null, 204);

/** A `{username}` segment: GitHub names users by login. */
export const loginParam = (c: Context<GitHubEnv>, name = "username"): UserRef =>
  parseUserRef(c.req.param(name) ?? "", "username");

/**
 * The `{id}` of `/user/{id}`, GitHub's canonical id form. Digits no id can be still go to the
 * core, which identifies the caller first and then answers 404, as for any unknown id.
 */
export const userIdParam = (c: Context<GitHubEnv>): UserRef =>
  parseUserRef(c.req.param("id") ?? "", "id") ?? NOBODY;
