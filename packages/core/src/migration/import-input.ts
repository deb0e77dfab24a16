import { DomainError, describeFieldProblem, type FieldProblems } from "../errors/domain-error.ts";
import { validateUserFields } from "../users/validation.ts";
import type { ImportBatch, ImportIdentities } from "./types.ts";

/** One user of a batch, merged from every mention of its login (case-insensitively). */
export interface BatchUser {
  /** Where it first appears in the batch: new users are created in this order. */
  n: number;
  key: string;
  login: string;
  name: string | null;
  identities: ImportIdentities;
}

export interface CheckedBatch {
  users: BatchUser[];
  /** Each end by its user's `n`; `at` only when the input gave one. */
  edges: { n: number; follower: number; followee: number; at?: string }[];
  /** Whose lists an overwrite replaces, by key, and which list. */
  replaces: { list: "following" | "followers"; owners: string[] };
}

const keyOf = (login: string) => login.toLowerCase();

/** validateUserFields' problems with one field, as the problems of the batch's place `path`. */
function refuse(path: string, fields: FieldProblems, what: string): never {
  const problems = Object.values(fields).flatMap((p) => p ?? []);
  const words = problems.map(describeFieldProblem).join(", ");
  throw new DomainError("invalid_input", { fields: { [path]: problems } }, `${path} ${what} ${words}`);
}

/** The login is one this server can hold as a username (the rule createUser applies). */
function checkLogin(path: string, login: unknown): string {
  if (typeof login !== "string")
    throw new DomainError(
      "invalid_input",
      { fields: { [path]: [{ problem: "wrong_type" }] } },
      `${path} is not a login`,
    );
  try {
    validateUserFields({ username: login });
  } catch (error) {
    if (error instanceof DomainError && error.fields) refuse(path, error.fields, `'${login}'`);
    throw error;
  }
  return login;
}

function checkExternalId(path: string, id: unknown): void {
  if (id !== undefined && !(Number.isSafeInteger(id) && (id as number) > 0))
    throw new DomainError(
      "invalid_input",
      { fields: { [path]: [{ problem: "wrong_type" }] } },
      `${path} must be a positive whole number`,
    );
}

/**
 * Checks a batch before anything is written, refusing it whole (invalid_input naming the first
 * bad place, e.g. `edges[3].followee`) when a login is no username here, an edge is a
 * self-follow, a time is not a time, or two logins claim one forge id; and merges the
 * mentions of each user.
 */
export function checkBatch(batch: ImportBatch): CheckedBatch {
  const users = new Map<string, BatchUser>();
  // A login is checked at its first mention only (a batch of 5,000 edges names each end many
  // times): the same string again is the user met before.
  const mention = (path: string, login: unknown): BatchUser => {
    const known = typeof login === "string" ? users.get(keyOf(login)) : undefined;
    if (known && known.login === login) return known;
    const checked = checkLogin(path, login);
    const key = keyOf(checked);
    let user = users.get(key);
    if (!user) {
      user = { n: users.size + 1, key, login: checked, name: null, identities: {} };
      users.set(key, user);
    }
    return user;
  };

  batch.users.forEach((given, i) => {
    const path = `users[${i}]`;
    const user = mention(`${path}.login`, given.login);
    if (given.name !== undefined && given.name !== "") {
      try {
        validateUserFields({ name: given.name });
      } catch (error) {
        if (error instanceof DomainError && error.fields) refuse(path, error.fields, "name");
        throw error;
      }
      user.name ??= given.name;
    }
    const { github, gitlab } = given.identities ?? {};
    if (github) {
      checkLogin(`${path}.identities.github.login`, github.login);
      checkExternalId(`${path}.identities.github.id`, github.id);
      user.identities.github = github;
    }
    if (gitlab) {
      checkLogin(`${path}.identities.gitlab.username`, gitlab.username);
      checkExternalId(`${path}.identities.gitlab.id`, gitlab.id);
      user.identities.gitlab = gitlab;
    }
  });

  const edges = batch.edges.map((edge, i) => {
    const follower = mention(`edges[${i}].follower`, edge.follower);
    const followee = mention(`edges[${i}].followee`, edge.followee);
    if (follower === followee)
      throw new DomainError(
        "invalid_input",
        { fields: {} },
        `edges[${i}]: '${edge.follower}' cannot follow itself`,
      );
    if (edge.at !== undefined && !(edge.at instanceof Date && !Number.isNaN(edge.at.getTime())))
      throw new DomainError(
        "invalid_input",
        { fields: { [`edges[${i}].at`]: [{ problem: "wrong_type" }] } },
        `edges[${i}].at is not a time`,
      );
    return {
      n: i + 1,
      follower: follower.n,
      followee: followee.n,
      ...(edge.at ? { at: edge.at.toISOString() } : {}),
    };
  });

  const list = batch.replaces?.list ?? "following";
  const owners = batch.replaces
    ? batch.replaces.owners.map((login, i) => mention(`replaces.owners[${i}]`, login).key)
    : [...new Set(batch.edges.map((edge) => keyOf(edge.follower)))];

  // A forge's id names one user: two logins claiming one would make the batch contradict itself.
  const claimed = new Map<string, string>();
  for (const user of users.values())
    for (const [forge, identity] of Object.entries(user.identities)) {
      if (identity?.id === undefined) continue;
      const claim = `${forge}:${identity.id}`;
      const other = claimed.get(claim);
      if (other !== undefined && other !== user.key)
        throw new DomainError(
          "invalid_input",
          { fields: {} },
          `'${other}' and '${user.login}' both claim ${forge} id ${identity.id}`,
        );
      claimed.set(claim, user.key);
    }

  return { users: [...users.values()], edges, replaces: { list, owners: [...new Set(owners)] } };
}
