import { DomainError } from "../errors/domain-error.ts";
import type { User, UserState, Viewer } from "../users/user.ts";
import { isExpired, touchIfStale } from "./judge.ts";
import type { Token } from "./repository.ts";
import { type Dialect, scopesIn } from "./scopes.ts";
import { digestSecret } from "./secret.ts";

/** A token the core has identified: the token, its owner, and whom the request acts as. */
export interface Identified {
  token: Token;
  /** The token's owner: the account the policy's account and admin checks look at. */
  owner: User;
  /** Whom the request acts as: the owner, or the user a GitLab administrator's Sudo names. */
  viewer: User;
}

/** The account states a route refuses, every one but active. */
export type RefusedState = Exclude<UserState, "active">;

/** One check a route makes of a valid token and its owner, as data. */
export type CallerCheck =
  /** The owner's account is in none of these states. */
  | { check: "account"; refused: readonly RefusedState[] }
  /** The token carries one of these scopes, read in the policy's dialect (`scopesIn`). */
  | { check: "scope"; anyOf: readonly string[] }
  /** The owner is an administrator. */
  | { check: "admin" };

/**
 * What a route demands of whoever calls it: the vocabulary its scopes are written in and the
 * checks a valid token goes through, in the order the dialect makes them (GitHub refuses a
 * suspended account before it looks at scopes; GitLab the other way round).
 */
export interface CallerPolicy {
  dialect: Dialect;
  checks: readonly CallerCheck[];
}

/**
 * Who is asking. A trusted caller (the CLI, seeding, tests) is a `Viewer` (a user, or null for
 * nobody); a write may also name its user by id. A caller off the wire is the secret it
 * presented, which the core identifies in the same statement as the read it asks for, or a
 * caller identified earlier in the same request; either comes with the route's policy.
 */
export type Caller =
  | Viewer
  | { secret: string; policy: CallerPolicy }
  | { identified: Identified; policy: CallerPolicy };

/** Why a caller is refused, with what each dialect needs to word it. */
export type CallerRefusal =
  | { reason: "unknown_token" | "expired" | "revoked" }
  | { reason: `account_${RefusedState}`; token: Token }
  | { reason: "not_admin"; token: Token }
  | { reason: "insufficient_scope"; anyOf: readonly string[]; token: Token };

export type CallerRefusalReason = CallerRefusal["reason"];

const refused = (refusal: CallerRefusal) => new DomainError("caller_refused", refusal);

export const isSecretCaller = (caller: Caller): caller is { secret: string; policy: CallerPolicy } =>
  caller !== null && "secret" in caller;

/** The digest a hot read identifies its caller by, or null when the caller is known already. */
export const digestFor = (caller: Caller): Uint8Array | null =>
  isSecretCaller(caller) ? digestSecret(caller.secret) : null;

/** The viewer of a caller known before any read (trusted, or identified earlier), else null. */
export function knownViewer(caller: Caller): Viewer {
  if (caller === null || isSecretCaller(caller)) return null;
  return "identified" in caller ? caller.identified.viewer : caller;
}

function check(rule: CallerCheck, policy: CallerPolicy, token: Token, owner: User): CallerRefusal | null {
  switch (rule.check) {
    case "account":
      return owner.state !== "active" && rule.refused.includes(owner.state)
        ? { reason: `account_${owner.state}`, token }
        : null;
    case "admin":
      return owner.isAdmin ? null : { reason: "not_admin", token };
    case "scope": {
      const held = scopesIn(policy.dialect, token.scopes);
      return rule.anyOf.some((scope) => held.includes(scope))
        ? null
        : { reason: "insufficient_scope", anyOf: rule.anyOf, token };
    }
  }
}

/** The caller `policy` admits, or `caller_refused` with the first check it fails. */
export function admit(identified: Identified, policy: CallerPolicy): Identified {
  for (const rule of policy.checks) {
    const refusal = check(rule, policy, identified.token, identified.owner);
    if (refusal) throw refused(refusal);
  }
  return identified;
}

/**
 * Judges the token a secret's digest found (or nothing) under `policy`: the identified caller,
 * or `caller_refused`. A valid token's use is stamped on the way.
 */
export function judge(
  found: { token: Token; user: User } | null,
  policy: CallerPolicy,
  stamp: (token: Token) => void,
  now = new Date(),
): Identified {
  if (!found) throw refused({ reason: "unknown_token" });
  const { token, user } = found;
  if (token.revokedAt) throw refused({ reason: "revoked" });
  if (isExpired(token, now)) throw refused({ reason: "expired" });
  const identified = admit({ token, owner: user, viewer: user }, policy);
  if (touchIfStale(token, now)) stamp(token);
  return identified;
}

/**
 * Who a read is for once its statement has found the caller's token (`found`): a trusted
 * viewer as given, a caller identified earlier re-checked under its route's policy, or the
 * secret's token judged. Returns the viewer and, for callers off the wire, their identity.
 */
export function identifyIn(
  caller: Caller,
  found: { token: Token; user: User } | null,
  stamp: (token: Token) => void,
): { viewer: Viewer; identified: Identified | null } {
  if (caller === null || !("policy" in caller)) return { viewer: caller, identified: null };
  const identified =
    "identified" in caller ? admit(caller.identified, caller.policy) : judge(found, caller.policy, stamp);
  return { viewer: identified.viewer, identified };
}
