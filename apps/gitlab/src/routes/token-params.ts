import { couldBeText, isExpired, type NewToken } from "@follow-graph/core";
import { KNOWN_SCOPES } from "../auth.ts";
import { badParams, GitLabError } from "../errors.ts";
import { isPresent, type Params } from "../params.ts";

const TOKEN_PREFIX = "glpat-";
const MAX_TOKEN_LIFETIME_DAYS = 365;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const validDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(s)) && isoDate(new Date(s)) === s;

/** `scopes` as an array, or GitLab's comma-separated string coerced to one. */
function readScopes(value: unknown): string[] | undefined {
  if (typeof value === "string")
    return value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(value) && value.every((s) => typeof s === "string")) return value;
  return undefined;
}

/**
 * The token an administrator asks to mint for a user (a personal access token or an
 * impersonation token: GitLab checks both the same way), or GitLab's 400 or 422.
 */
export function readNewToken(params: Params) {
  const missing = ["name", "scopes"].filter((key) => !isPresent(params[key]));
  if (missing.length) throw badParams(missing.map((key) => `${key} is missing`));
  // Text the database cannot hold is refused here, in GitLab's words, before it reaches the driver.
  if (typeof params.name !== "string" || !couldBeText(params.name)) throw badParams(["name is invalid"]);
  if (typeof params.description === "string" && !couldBeText(params.description))
    throw badParams(["description is invalid"]);
  const scopes = readScopes(params.scopes);
  if (!scopes) throw badParams(["scopes is invalid"]);
  if (scopes.length === 0 || !scopes.every((s) => (KNOWN_SCOPES as readonly string[]).includes(s)))
    throw badParams(["scopes does not have a valid value"]);
  const expiresAt = params.expires_at;
  if (isPresent(expiresAt) && (typeof expiresAt !== "string" || !validDate(expiresAt)))
    throw badParams(["expires_at is invalid"]);
  // A date the core would already treat as expired cannot be chosen.
  if (typeof expiresAt === "string" && expiresAt !== "" && isExpired({ expiresAt }))
    throw new GitLabError(422, { message: "Expiration date must be in the future" });
  return {
    name: params.name,
    scopes: [...new Set(scopes)],
    description: typeof params.description === "string" ? params.description : null,
    // Without a date GitLab applies the longest lifetime it allows.
    expiresAt: isPresent(expiresAt)
      ? (expiresAt as string)
      : isoDate(new Date(Date.now() + MAX_TOKEN_LIFETIME_DAYS * 86_400_000)),
    prefix: TOKEN_PREFIX,
  } satisfies NewToken;
}
