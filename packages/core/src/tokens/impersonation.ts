import { couldBeId } from "../db/stored-values.ts";
import { inTransaction } from "../db/transaction.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors/domain-error.ts";
import { isExpired } from "./judge.ts";
import type { Token, TokenFilter } from "./repository.ts";
import { digestSecret, generateSecret } from "./secret.ts";

// Impersonation tokens are minted by an administrator to act as a user (GitLab's impersonation
// tokens, GitHub Enterprise's impersonation authorizations); the token row says it is one, so
// both dialects find the same tokens whatever they are called.

/** Which of a user's impersonation tokens a list shows: GitLab's `state`. */
export type ImpersonationTokenState = TokenFilter["state"];

/** The day `isExpired` judges by: a token stops working at the start of its expiry day (UTC). */
const dayOf = (now: Date) => now.toISOString().slice(0, 10);

/** An administrator's routes name any account, whatever its state; nobody is `user_not_found`. */
async function requireUser(deps: Pick<CoreDeps, "usersRepo">, userId: number) {
  if (!(await deps.usersRepo.selectUserById(userId))) throw new DomainError("user_not_found");
}

/** A token kept for a user under one name and handed out again to whoever asks for its scopes. */
export interface ImpersonationRequest {
  /** What the dialect files these tokens under, so it can find them again. */
  name: string;
  scopes: string[];
  /** Printed before the generated secret, as for `NewToken`. */
  prefix?: string;
}

/** The token for the scopes asked for: just minted with its secret, or already there without. */
export type Impersonation =
  | { token: Token; secret: string; created: true }
  | { token: Token; secret: null; created: false };

/** Scopes as a set in one spelling: order and repeats do not make another token. */
const scopeSet = (scopes: string[]) => [...new Set(scopes)].sort();
const sameScopes = (a: string[], b: string[]) => scopeSet(a).join(" ") === scopeSet(b).join(" ");

/**
 * The user's live token called `name` with exactly these scopes, or a new one when it has
 * none. Each set of scopes keeps its own token until revoked, so asking for other scopes
 * leaves the earlier tokens working.
 *
 * Race-free: the user's row lock, taken first, makes a concurrent request for the same user
 * wait, and then (read committed: each statement sees what committed before it) find the token
 * this one minted instead of minting its own. It locks {user} as its only lock statement, as a
 * profile change does (LOCK ORDER in users/repository.ts), and the token insert after it waits
 * for nothing else, so it adds no deadlock.
 */
export function impersonate(
  deps: Pick<CoreDeps, "db" | "tokensRepo" | "usersRepo">,
  userId: number,
  request: ImpersonationRequest,
): Promise<Impersonation> {
  const scopes = scopeSet(request.scopes);
  return inTransaction(deps.db, async (tx) => {
    if ((await deps.usersRepo.lockUsers(tx, [userId])).length === 0) throw new DomainError("user_not_found");
    const live = await deps.tokensRepo.selectUnrevokedTokensNamed(userId, request.name, tx);
    const same = live.find(
      (token) => token.impersonation && !isExpired(token) && sameScopes(token.scopes, scopes),
    );
    if (same) return { token: same, secret: null, created: false };
    const secret = generateSecret(request.prefix ?? "");
    const token = await deps.tokensRepo.insertToken(
      { userId, name: request.name, scopes, impersonation: true, digest: digestSecret(secret) },
      tx,
    );
    return { token, secret, created: true };
  });
}

/** A page of the user's impersonation tokens in `state`, oldest first, and how many (up to `countLimit`). */
export async function listImpersonationTokens(
  deps: Pick<CoreDeps, "tokensRepo" | "usersRepo">,
  userId: number,
  state: ImpersonationTokenState,
  page: { limit: number; offset: number },
  countLimit: number,
  now = new Date(),
): Promise<{ tokens: Token[]; total: number }> {
  await requireUser(deps, userId);
  return deps.tokensRepo.selectImpersonationTokens(userId, { state, today: dayOf(now) }, page, countLimit);
}

/**
 * The user's impersonation token `tokenId` (null: an id no token can have), revoked or not;
 * null when the user has no such impersonation token, whoever else's token that id is.
 */
export async function getImpersonationToken(
  deps: Pick<CoreDeps, "tokensRepo" | "usersRepo">,
  userId: number,
  tokenId: number | null,
): Promise<Token | null> {
  await requireUser(deps, userId);
  if (tokenId === null || !couldBeId(tokenId)) return null;
  return deps.tokensRepo.selectImpersonationToken(userId, tokenId);
}

/**
 * Revokes the user's impersonation token `tokenId`, as `getImpersonationToken` finds it;
 * false when there is none. Revoking one already revoked succeeds and keeps its first time.
 */
export async function revokeImpersonationToken(
  deps: Pick<CoreDeps, "tokensRepo" | "usersRepo">,
  userId: number,
  tokenId: number | null,
): Promise<boolean> {
  await requireUser(deps, userId);
  if (tokenId === null || !couldBeId(tokenId)) return false;
  return (await deps.tokensRepo.revokeImpersonationTokens(userId, tokenId)).length > 0;
}

/** Revokes every impersonation token of the user still unrevoked, whoever minted it; returns how many. */
export const revokeImpersonationTokens = async (deps: Pick<CoreDeps, "tokensRepo">, userId: number) =>
  (await deps.tokensRepo.revokeImpersonationTokens(userId)).length;
