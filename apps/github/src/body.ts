import type { Context } from "hono";
import type { GitHubEnv } from "./context.ts";
import { GitHubError } from "./errors.ts";

/**
 * The JSON object a body-taking route was sent. An empty body (whatever its Content-Type)
 * is `{}`; anything that is not JSON, or JSON that is not an object, is GitHub's 400.
 */
export async function readJsonObject(c: Context<GitHubEnv>): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new GitHubError(400, "Problems parsing JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw new GitHubError(400, "Body should be a JSON object");
  return parsed as Record<string, unknown>;
}
