import { MIN_PASSWORD_LENGTH, type NewUser, type UserChanges } from "@follow-graph/core";
import { badParams, GitLabError } from "../errors.ts";
import { coerceBoolean, isPresent, type Params } from "../params.ts";

// GitLab wire names of the profile attributes admins may set, and their domain names.
const TEXT_FIELDS = {
  name: "name",
  username: "username",
  email: "email",
  public_email: "publicEmail",
  bio: "bio",
  location: "location",
  website_url: "websiteUrl",
  organization: "organization",
  job_title: "jobTitle",
  pronouns: "pronouns",
  twitter: "twitter",
  linkedin: "linkedin",
  discord: "discord",
  github: "github",
  note: "note",
  avatar_url: "avatarUrl",
} as const satisfies Record<string, keyof NewUser>;

const BOOLEAN_FIELDS = {
  private_profile: "privateProfile",
  admin: "isAdmin",
  // Not settable through GitLab's REST API (only its web UI); accepted here so test suites
  // can seed the opt-out. Real GitLab ignores the unknown parameter.
  enabled_following: "followingEnabled",
} as const satisfies Record<string, keyof NewUser>;

/** Reads the profile attributes present in `params`, with Grape's type errors. */
export function readUserChanges(params: Params): UserChanges {
  const changes: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [wire, field] of Object.entries(TEXT_FIELDS)) {
    const value = params[wire];
    if (value === undefined) continue;
    if (value !== null && typeof value !== "string") problems.push(`${wire} is invalid`);
    else changes[field] = value;
  }
  for (const [wire, field] of Object.entries(BOOLEAN_FIELDS)) {
    const value = params[wire];
    if (value === undefined || value === null) continue;
    const parsed = coerceBoolean(value);
    if (parsed === undefined) problems.push(`${wire} is invalid`);
    else changes[field] = parsed;
  }
  // Grape types `avatar` as a File: only a multipart body's file part can be one.
  if (params.avatar !== undefined && !(params.avatar instanceof File)) problems.push("avatar is invalid");
  if (problems.length) throw badParams(problems);
  return changes as UserChanges;
}

/** The bytes of the `avatar` file part, if one was sent (`readUserChanges` has checked its type). */
export async function readAvatarUpload(params: Params): Promise<Uint8Array | undefined> {
  const avatar = params.avatar;
  return avatar instanceof File ? new Uint8Array(await avatar.arrayBuffer()) : undefined;
}

/**
 * `POST /users`: email, name and username are required, plus one of password,
 * reset_password or force_random_password. Passwords are checked but not stored: nothing
 * here signs in with one (both dialects authenticate API calls with tokens).
 */
export function readNewUser(params: Params): NewUser {
  const missing = ["email", "name", "username"].filter((key) => !isPresent(params[key]));
  if (missing.length) throw badParams(missing.map((key) => `${key} is missing`));
  const passwordKeys = ["password", "reset_password", "force_random_password"];
  if (!passwordKeys.some((key) => isPresent(params[key])))
    throw badParams([`${passwordKeys.join(", ")} are missing, at least one parameter must be provided`]);
  const password = params.password;
  if (password !== undefined && (typeof password !== "string" || password.length < MIN_PASSWORD_LENGTH))
    throw new GitLabError(400, {
      message: { password: [`is too short (minimum is ${MIN_PASSWORD_LENGTH} characters)`] },
    });
  return readUserChanges(params) as NewUser;
}
