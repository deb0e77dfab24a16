import type { Db } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { DomainError } from "../errors/domain-error.ts";
import type { UsersRepository } from "../users/repository.ts";
import { isExpired } from "./judge.ts";
import type { Token, TokensRepository } from "./repository.ts";
import { digestSecret, generateSecret } from "./secret.ts";

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
  deps: { db: Db; tokensRepo: TokensRepository; usersRepo: UsersRepository },
  userId: number,
  request: ImpersonationRequest,
): Promise<Impersonation> {
  const scopes = scopeSet(request.scopes);
  return inTransaction(deps.db, async (tx) => {
    if ((await deps.usersRepo.lockUsers(tx, [userId])).length === 0) throw new DomainError("user_not_found");
    const live = await deps.tokensRepo.selectUnrevokedTokensNamed(userId, request.name, tx);
    const same = live.find((token) => !isExpired(token) && sameScopes(token.scopes, scopes));
    if (same) return { token: same, secret: null, created: false };
    const secret = generateSecret(request.prefix ?? "");
    const token = await deps.tokensRepo.insertToken(
      { userId, name: request.name, scopes, digest: digestSecret(secret) },
      tx,
    );
    return { token, secret, created: true };
  });
}
