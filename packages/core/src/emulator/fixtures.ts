import * as v from "valibot";
import { USER_STATES } from "../db/schema.ts";
import { describeFieldProblem, isDomainError } from "../errors/domain-error.ts";
import { GITLAB_TOKEN_SCOPES } from "../tokens/scopes.ts";
import type { UserState } from "../users/user.ts";
import { type NewUser, validateUserFields } from "../users/validation.ts";

/**
 * GitHub's classic token scopes, the vocabulary a fixture may write a token's scopes in beside
 * GitLab's (scopes.ts reads each in the other dialect). A name in neither list is a typo the
 * fixture is told about, not a token that silently gets nothing.
 */
const GITHUB_TOKEN_SCOPES = [
  "repo",
  "repo:status",
  "repo_deployment",
  "public_repo",
  "repo:invite",
  "security_events",
  "admin:repo_hook",
  "write:repo_hook",
  "read:repo_hook",
  "admin:org",
  "write:org",
  "read:org",
  "admin:public_key",
  "write:public_key",
  "read:public_key",
  "admin:org_hook",
  "gist",
  "notifications",
  "user",
  "read:user",
  "user:email",
  "user:follow",
  "project",
  "read:project",
  "delete_repo",
  "write:packages",
  "read:packages",
  "delete:packages",
  "admin:gpg_key",
  "write:gpg_key",
  "read:gpg_key",
  "admin:ssh_signing_key",
  "write:ssh_signing_key",
  "read:ssh_signing_key",
  "codespace",
  "workflow",
  "write:discussion",
  "read:discussion",
  "copilot",
  "site_admin",
  "admin:enterprise",
  "manage_runners:enterprise",
  "manage_billing:enterprise",
  "read:enterprise",
  "audit_log",
  "read:audit_log",
];
const KNOWN_SCOPES = new Set<string>([...GITLAB_TOKEN_SCOPES, ...GITHUB_TOKEN_SCOPES]);

/** What a fixture token carries when it names no scopes: enough to follow in both dialects. */
export const DEFAULT_FIXTURE_SCOPES = ["api"];
/** An administrator's default adds `admin_mode`, which GitHub reads (beside `api`) as `site_admin`. */
export const DEFAULT_ADMIN_FIXTURE_SCOPES = ["api", "admin_mode"];

/** The same rule as ROOT_TOKEN's (env.ts): a secret a header carries unchanged. */
const secret = v.pipe(
  v.string(),
  v.regex(/^[\x21-\x7e]{8,255}$/, "must be 8 to 255 printable characters, no spaces"),
);

const tokenSchema = v.strictObject({
  secret,
  name: v.optional(v.pipe(v.string(), v.minLength(1, "must not be empty"), v.maxLength(255))),
  scopes: v.optional(
    v.pipe(
      v.array(
        v.pipe(
          v.string(),
          v.check((s) => KNOWN_SCOPES.has(s), "is not a GitLab or GitHub token scope"),
        ),
      ),
      v.minLength(1, "must list at least one scope"),
    ),
  ),
  expiresAt: v.optional(v.nullable(v.pipe(v.string(), v.isoDate("must be a date, YYYY-MM-DD")))),
});

const userSchema = v.strictObject({
  /** Chosen ids let a suite hard-code GitLab's numeric routes; 1 is root's. */
  id: v.optional(
    v.pipe(
      v.number(),
      v.integer("must be a whole number"),
      v.minValue(2, "must be 2 or more (1 is root)"),
      v.maxValue(Number.MAX_SAFE_INTEGER),
    ),
  ),
  username: v.string(),
  name: v.optional(v.string()),
  email: v.optional(v.string()),
  admin: v.optional(v.boolean()),
  private: v.optional(v.boolean()),
  state: v.optional(v.picklist(USER_STATES, `must be one of ${USER_STATES.join(", ")}`)),
  followingEnabled: v.optional(v.boolean()),
  bio: v.optional(v.string()),
  location: v.optional(v.string()),
  /** Shorthand for `tokens: [{ secret }]`. */
  token: v.optional(secret),
  tokens: v.optional(v.array(tokenSchema)),
});

/** A user, by username (case-insensitively) or by id. */
const userRef = v.union(
  [v.pipe(v.string(), v.minLength(1, "must not be empty")), v.pipe(v.number(), v.integer())],
  "must be a username or a user id",
);
const pairSchema = v.strictTuple([userRef, userRef], "must be a pair [follower, followee]");
const followObjectSchema = v.strictObject({
  follower: userRef,
  followee: userRef,
  createdAt: v.optional(v.pipe(v.string(), v.isoTimestamp("must be an ISO 8601 time with a zone"))),
});

const documentSchema = v.strictObject({
  users: v.optional(v.array(v.unknown())),
  follows: v.optional(v.array(v.unknown())),
});

export type FixtureRef = string | number;

export interface FixtureToken {
  /** `users[3].token` or `users[3].tokens[0]`. */
  path: string;
  secret: string;
  name: string;
  scopes: string[];
  expiresAt: string | null;
}

export interface FixtureUser {
  /** Where the user sits in the document, for problems found later: `users[3]`. */
  path: string;
  id?: number;
  fields: NewUser;
  state: UserState;
  tokens: FixtureToken[];
}

export interface FixtureFollow {
  path: string;
  /** Where each end sits, for "no such user": `follows[2][0]` or `follows[2].follower`. */
  endPaths: [string, string];
  follower: FixtureRef;
  followee: FixtureRef;
  createdAt?: Date;
}

export interface Fixture {
  users: FixtureUser[];
  follows: FixtureFollow[];
}

export type FixtureCheck = { ok: true; fixture: Fixture } | { ok: false; problems: string[] };

/** `users[3].tokens[0].secret` from a valibot issue's path under `prefix`. */
function pathOf(prefix: string, issue: v.BaseIssue<unknown>): string {
  let path = prefix;
  for (const item of issue.path ?? []) {
    const key = item.key as string | number;
    path += typeof key === "number" ? `[${key}]` : path === "" ? key : `.${key}`;
  }
  return path;
}

/** One problem line per issue; an unknown field is named as such (valibot words it "Expected never"). */
function problemsOf(prefix: string, issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.map((issue) => {
    const where = pathOf(prefix, issue) || "(document)";
    if (issue.expected === "never") return `${where}: is not a field a fixture knows`;
    if (issue.kind === "schema" && issue.type !== "union" && !issue.message.startsWith("must"))
      return `${where}: must be ${issue.expected ?? "something else"}, not ${issue.received}`;
    return `${where}: ${issue.message}`;
  });
}

function checkUser(raw: unknown, path: string, problems: string[]): FixtureUser | null {
  const parsed = v.safeParse(userSchema, raw);
  if (!parsed.success) {
    problems.push(...problemsOf(path, parsed.issues));
    return null;
  }
  const u = parsed.output;
  const fields: NewUser = {
    username: u.username,
    name: u.name ?? u.username,
    email: u.email ?? `${u.username}@example.com`,
    ...(u.admin !== undefined ? { isAdmin: u.admin } : {}),
    ...(u.private !== undefined ? { privateProfile: u.private } : {}),
    ...(u.followingEnabled !== undefined ? { followingEnabled: u.followingEnabled } : {}),
    ...(u.bio !== undefined ? { bio: u.bio } : {}),
    ...(u.location !== undefined ? { location: u.location } : {}),
  };
  // The core's own rules for a user's fields, worded as the core words them.
  try {
    validateUserFields(fields);
  } catch (error) {
    if (!isDomainError(error) || error.code !== "invalid_input") throw error;
    const wireNames: Record<string, string> = { isAdmin: "admin", privateProfile: "private" };
    for (const [field, fieldProblems = []] of Object.entries(error.fields ?? {}))
      for (const problem of fieldProblems)
        problems.push(`${path}.${wireNames[field] ?? field}: ${describeFieldProblem(problem)}`);
    return null;
  }
  const scopes = u.admin ? DEFAULT_ADMIN_FIXTURE_SCOPES : DEFAULT_FIXTURE_SCOPES;
  const tokens: FixtureToken[] = [
    ...(u.token !== undefined ? [{ path: `${path}.token`, secret: u.token }] : []),
    ...(u.tokens ?? []).map((t, j) => ({ ...t, path: `${path}.tokens[${j}]` })),
  ].map((t) => ({
    path: t.path,
    secret: t.secret,
    name: ("name" in t && t.name) || "fixture",
    scopes: ("scopes" in t && t.scopes) || scopes,
    expiresAt: ("expiresAt" in t && t.expiresAt) || null,
  }));
  return { path, ...(u.id !== undefined ? { id: u.id } : {}), fields, state: u.state ?? "active", tokens };
}

function checkFollow(raw: unknown, path: string, problems: string[]): FixtureFollow | null {
  if (Array.isArray(raw)) {
    const parsed = v.safeParse(pairSchema, raw);
    if (!parsed.success) {
      problems.push(...problemsOf(path, parsed.issues));
      return null;
    }
    const [follower, followee] = parsed.output;
    return { path, endPaths: [`${path}[0]`, `${path}[1]`], follower, followee };
  }
  const parsed = v.safeParse(followObjectSchema, raw);
  if (!parsed.success) {
    problems.push(...problemsOf(path, parsed.issues));
    return null;
  }
  const { follower, followee, createdAt } = parsed.output;
  return {
    path,
    endPaths: [`${path}.follower`, `${path}.followee`],
    follower,
    followee,
    ...(createdAt !== undefined ? { createdAt: new Date(createdAt) } : {}),
  };
}

/** Flags the second of two entries that share a key (compared case-insensitively if `fold`). */
function flagRepeats<T>(
  items: T[],
  keyOf: (item: T) => string | undefined,
  say: (item: T, first: T) => string,
  fold = true,
) {
  const seen = new Map<string, T>();
  const problems: string[] = [];
  for (const item of items) {
    const key = fold ? keyOf(item)?.toLowerCase() : keyOf(item);
    if (key === undefined) continue;
    const first = seen.get(key);
    if (first) problems.push(say(item, first));
    else seen.set(key, item);
  }
  return problems;
}

/**
 * Checks a fixture document (parsed JSON or YAML) on its own, without the database: its
 * shape, each user's fields by the core's rules, and repeats inside it. Every problem is one
 * line that starts with its path (`users[3].username: is not a valid username`).
 */
export function checkFixture(doc: unknown): FixtureCheck {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    return { ok: false, problems: ["(document): must be an object with users and/or follows"] };
  const top = v.safeParse(documentSchema, doc);
  if (!top.success) return { ok: false, problems: problemsOf("", top.issues) };
  const problems: string[] = [];
  const users = (top.output.users ?? [])
    .map((raw, i) => checkUser(raw, `users[${i}]`, problems))
    .filter((u): u is FixtureUser => u !== null);
  const follows = (top.output.follows ?? [])
    .map((raw, i) => checkFollow(raw, `follows[${i}]`, problems))
    .filter((f): f is FixtureFollow => f !== null);
  problems.push(
    ...flagRepeats(
      users,
      (u) => u.fields.username,
      (u, first) => `${u.path}.username: repeats ${first.path}.username`,
    ),
    ...flagRepeats(
      users,
      (u) => u.fields.email,
      (u, first) => `${u.path}.email: repeats ${first.path}.email`,
    ),
    ...flagRepeats(
      users,
      (u) => (u.id === undefined ? undefined : String(u.id)),
      (u, first) => `${u.path}.id: repeats ${first.path}.id`,
    ),
  );
  problems.push(
    ...flagRepeats(
      users.flatMap((u) => u.tokens),
      (t) => t.secret,
      (t, first) => `${t.path}: repeats the secret of ${first.path}`,
      false,
    ),
  );
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, fixture: { users, follows } };
}
