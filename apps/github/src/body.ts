import type { Context } from "hono";
import type { GitHubEnv } from "./context.ts";
import { GitHubError } from "./errors.ts";
import { readBodyText } from "./request-limits.ts";

/**
 * The JSON object a body-taking route was sent, on a null prototype so that a key such as
 * `constructor` or `__proto__` is only ever a field. An empty body (whatever its Content-Type)
 * is `{}`; anything that is not JSON, or JSON that is not an object, is GitHub's 400; a body
 * over the size limit is a 413, and reading it starts only when a route asks (after its
 * caller was refused or let through).
 */
export async function readJsonObject(c: Context<GitHubEnv>): Promise<Record<string, unknown>> {
  const text = await readBodyText(c);
  const fields: Record<string, unknown> = Object.create(null);
  if (text.trim() === "") return fields;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new GitHubError(400, "Problems parsing JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw new GitHubError(400, "Body should be a JSON object");
  return Object.assign(fields, parsed);
}
