import type { User } from "../users/user.ts";
import type { Token, TokensRepository } from "./repository.ts";

/** What a presented secret turns out to be, for callers that ask without a route's policy. */
export type TokenResolution =
  | { status: "valid"; token: Token; user: User }
  | { status: "unknown" }
  | { status: "expired"; token: Token }
  | { status: "revoked"; token: Token };

const LAST_USED_GRANULARITY_MS = 10 * 60 * 1000;
const today = (now: Date) => now.toISOString().slice(0, 10);

export const isExpired = (token: Pick<Token, "expiresAt">, now = new Date()) =>
  token.expiresAt !== null && token.expiresAt <= today(now);

/** What the token row a secret's digest found (or nothing) is worth. */
export function resolveFound(found: { token: Token; user: User } | null, now = new Date()): TokenResolution {
  if (!found) return { status: "unknown" };
  const { token, user } = found;
  if (token.revokedAt) return { status: "revoked", token };
  if (isExpired(token, now)) return { status: "expired", token };
  return { status: "valid", token, user };
}

/** Whether a valid token's recorded last use is old enough to be stamped again. */
export const touchIfStale = (token: Pick<Token, "lastUsedAt">, now = new Date()) =>
  !token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS;

/** Stamps a valid token's use: bookkeeping only, so a failure never fails the request it rides on. */
export const stampUse =
  (tokensRepo: TokensRepository) =>
  (token: Token, now = new Date()): void => {
    tokensRepo.touchToken(token.id, now, LAST_USED_GRANULARITY_MS).catch(() => {});
  };

export type StampUse = ReturnType<typeof stampUse>;
