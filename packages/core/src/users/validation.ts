import * as v from "valibot";
import { DomainError, type FieldErrors } from "../errors/domain-error.ts";

// A username both dialects can route: GitLab's path rule (letters, digits, `_`, `-`, `.`, not
// starting with `-`, not ending with `.` or `.git`/`.atom`). GitHub-only logins are a subset.
const USERNAME = /^[a-zA-Z0-9_.][a-zA-Z0-9_.-]*[a-zA-Z0-9_-]$|^[a-zA-Z0-9_]$/;
const RESERVED_SUFFIX = /\.(git|atom)$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const MIN_PASSWORD_LENGTH = 8;

export interface NewUser {
  username: string;
  name: string;
  email: string;
  publicEmail?: string | null;
  isAdmin?: boolean;
  privateProfile?: boolean;
  followingEnabled?: boolean;
  avatarUrl?: string | null;
  bio?: string;
  location?: string;
  websiteUrl?: string;
  organization?: string;
  jobTitle?: string;
  pronouns?: string | null;
  twitter?: string;
  linkedin?: string;
  discord?: string;
  github?: string;
  note?: string | null;
}

export type UserChanges = Partial<NewUser>;

const text = (max: number) =>
  v.pipe(v.string(), v.maxLength(max, `is too long (maximum is ${max} characters)`));

const fieldSchemas = {
  username: v.pipe(
    v.string(),
    v.minLength(1, "can't be blank"),
    v.maxLength(255, "is too long (maximum is 255 characters)"),
    v.regex(
      USERNAME,
      "can contain only letters, digits, '_', '-' and '.'. Cannot start with '-' or end in '.'",
    ),
    v.check((s) => !RESERVED_SUFFIX.test(s), "cannot end in '.git' or '.atom'"),
  ),
  name: v.pipe(
    v.string(),
    v.minLength(1, "can't be blank"),
    v.maxLength(255, "is too long (maximum is 255 characters)"),
  ),
  email: v.pipe(
    v.string(),
    v.maxLength(255, "is too long (maximum is 255 characters)"),
    v.regex(EMAIL, "is invalid"),
  ),
  publicEmail: v.nullable(
    v.pipe(
      v.string(),
      v.check((s) => s === "" || EMAIL.test(s), "is invalid"),
    ),
  ),
  isAdmin: v.boolean(),
  privateProfile: v.boolean(),
  followingEnabled: v.boolean(),
  avatarUrl: v.nullable(text(2048)),
  bio: text(255),
  location: text(255),
  websiteUrl: text(255),
  organization: text(255),
  jobTitle: text(200),
  pronouns: v.nullable(text(50)),
  twitter: text(500),
  linkedin: text(500),
  discord: text(500),
  github: text(500),
  note: v.nullable(text(1000)),
} satisfies Record<keyof NewUser, v.GenericSchema>;

/** Validates every present field; throws `invalid_input` listing each field's problems. */
export function validateUserFields<T extends UserChanges>(input: T): T {
  const fields: FieldErrors = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    // PostgreSQL text cannot store NUL: refuse it here rather than fail in the driver.
    if (typeof value === "string" && value.includes("\0")) {
      fields[key] = ["cannot contain null bytes"];
      continue;
    }
    const schema = fieldSchemas[key as keyof NewUser];
    if (!schema) continue;
    const result = v.safeParse(schema, value);
    if (!result.success) fields[key] = result.issues.map((issue) => issue.message);
  }
  if (Object.keys(fields).length > 0) throw new DomainError("invalid_input", "Invalid user", fields);
  return input;
}
