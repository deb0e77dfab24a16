import { sqlState, UNIQUE_VIOLATION } from "../db/sql-state.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors/domain-error.ts";
import type { Viewer } from "../users/user.ts";
import { type Caller, type Identified, identifyIn, isSecretCaller, judge } from "./caller.ts";
import { isExpired, resolveFound, type TokenResolution, touchIfStale } from "./judge.ts";
import type { Token } from "./repository.ts";
import { digestSecret, generateSecret } from "./secret.ts";

export type { Token, TokenResolution };
export { isExpired };

export interface NewToken {
  name: string;
  scopes: string[];
  /** `YYYY-MM-DD`; the token stops working at the start of that day (UTC). */
  expiresAt?: string | null;
  description?: string | null;
  /** A caller-chosen secret (ROOT_TOKEN); otherwise one is generated. */
  secret?: string;
  /** Printed before generated secrets, e.g. `glpat-`, so people can tell what a string is. */
  prefix?: string;
  /** Minted by an administrator to act as the user (GitLab's impersonation tokens), not by the user. */
  impersonation?: boolean;
}

/** Who asks for a token to be revoked (a known caller): its owner may, and so may an administrator. */
export type Revoker = NonNullable<Viewer>;

const tokenNotFound = () => new DomainError("token_not_found");

/** Mints a token; the secret is returned here once and only its digest is stored. */
export async function createToken(
  deps: Pick<CoreDeps, "tokensRepo" | "usersRepo">,
  userId: number,
  input: NewToken,
): Promise<{ token: Token; secret: string }> {
  if (!(await deps.usersRepo.selectUserById(userId))) throw new DomainError("user_not_found");
  const secret = input.secret ?? generateSecret(input.prefix ?? "");
  try {
    const token = await deps.tokensRepo.insertToken({
      userId,
      name: input.name,
      description: input.description ?? null,
      scopes: input.scopes,
      expiresAt: input.expiresAt ?? null,
      impersonation: input.impersonation ?? false,
      digest: digestSecret(secret),
    });
    return { token, secret };
  } catch (error) {
    if (sqlState(error) === UNIQUE_VIOLATION)
      throw new DomainError("invalid_input", { fields: { token: [{ problem: "taken" }] } });
    throw error;
  }
}

/** What a secret is worth, judged by no route's policy: for the CLI, bootstrap and tests. */
export async function resolveToken(
  deps: Pick<CoreDeps, "tokensRepo" | "stamp">,
  secret: string,
  now = new Date(),
): Promise<TokenResolution> {
  const resolution = resolveFound(await deps.tokensRepo.selectTokenByDigest(digestSecret(secret)), now);
  if (resolution.status === "valid" && touchIfStale(resolution.token, now)) deps.stamp(resolution.token, now);
  return resolution;
}

/**
 * The caller identified on its own, for routes that need it before anything else: a
 * secret costs one statement, a caller already known none. Null for nobody; a caller the
 * route's policy refuses is `caller_refused`.
 */
export async function identify(
  deps: Pick<CoreDeps, "tokensRepo" | "stamp">,
  caller: Caller,
): Promise<Identified | null> {
  if (!isSecretCaller(caller)) return identifyIn(caller, null, deps.stamp).identified;
  return judge(
    await deps.tokensRepo.selectTokenByDigest(digestSecret(caller.secret)),
    caller.policy,
    deps.stamp,
  );
}

export const getToken = (deps: Pick<CoreDeps, "tokensRepo">, id: number) =>
  deps.tokensRepo.selectTokenById(id);

export const countTokens = (deps: Pick<CoreDeps, "tokensRepo">, userId: number) =>
  deps.tokensRepo.countTokensOfUser(userId);

/** The user's tokens called `name` that still work (unrevoked, unexpired), oldest first. */
export async function liveTokensNamed(
  deps: Pick<CoreDeps, "tokensRepo">,
  userId: number,
  name: string,
  now = new Date(),
): Promise<Token[]> {
  const found = await deps.tokensRepo.selectUnrevokedTokensNamed(userId, name);
  return found.filter((token) => !isExpired(token, now));
}

/** Revokes the user's tokens called any of `names` but the one `keepId` names; returns how many. */
export const revokeTokensNamedExcept = (
  deps: Pick<CoreDeps, "tokensRepo">,
  userId: number,
  names: string[],
  keepId: number | null = null,
) => deps.tokensRepo.revokeTokensNamedExcept(userId, names, keepId);

/**
 * Revokes a token. With `by`, only its owner or an administrator may; to anyone else the
 * token does not exist (token_not_found, as for an unknown id), so ids cannot be probed.
 * Without `by` the caller is trusted (the CLI, bootstrap, tests). Revoking twice succeeds.
 */
export async function revokeToken(
  deps: Pick<CoreDeps, "tokensRepo">,
  id: number,
  { by }: { by?: Revoker } = {},
): Promise<void> {
  if (!(await deps.tokensRepo.revokeToken(id, by ?? null))) throw tokenNotFound();
}
