import * as v from "valibot";
import { couldBeText } from "../db/stored-values.ts";
import {
  DomainError,
  type FieldProblem,
  type FieldProblemCode,
  type FieldProblems,
} from "../errors/domain-error.ts";

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

// Each check's message is the problem's code; `problemOf` turns a failed check back into data.
const problem = (code: Exclude<FieldProblemCode, "too_long">) => code;
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

const fieldSchemas = {
  username: v.pipe(
    v.string(),
    v.minLength(1, problem("blank")),
    v.maxLength(255),
    v.regex(USERNAME, problem("not_a_username")),
    v.check((s) => !RESERVED_SUFFIX.test(s), problem("reserved_suffix")),
  ),
  name: v.pipe(v.string(), v.minLength(1, problem("blank")), v.maxLength(255)),
  email: v.pipe(v.string(), v.maxLength(255), v.regex(EMAIL, problem("not_an_email"))),
  publicEmail: v.nullable(
    v.pipe(
      v.string(),
      v.check((s) => s === "" || EMAIL.test(s), problem("not_an_email")),
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

/** A failed check as data: its limit for a length, its code (the message) for the rest. */
function problemOf(issue: v.BaseIssue<unknown>): FieldProblem {
  if (issue.type === "max_length") return { problem: "too_long", max: Number(issue.requirement) };
  if (issue.kind === "schema") return { problem: "wrong_type" };
  return { problem: issue.message as Exclude<FieldProblemCode, "too_long"> };
}

/** Validates every present field; throws `invalid_input` listing each field's problems. */
export function validateUserFields<T extends UserChanges>(input: T): T {
  const fields: FieldProblems = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    // Refused here rather than failing in the driver.
    if (typeof value === "string" && !couldBeText(value)) {
      fields[key] = [{ problem: "null_byte" }];
      continue;
    }
    const schema = fieldSchemas[key as keyof NewUser];
    if (!schema) continue;
    const result = v.safeParse(schema, value);
    if (!result.success) fields[key] = result.issues.map(problemOf);
  }
  if (Object.keys(fields).length > 0) throw new DomainError("invalid_input", { fields });
  return input;
}
