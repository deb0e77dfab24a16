import type { User } from "../users/user.ts";
import type { Token, TokensRepository } from "./repository.ts";

/** What a presented secret turns out to be. Each dialect words the failures its own way. */
export type TokenResolution =
  | { status: "valid"; token: Token; user: User }
  | { status: "unknown" }
  | { status: "expired"; token: Token }
  | { status: "revoked"; token: Token };

const LAST_USED_GRANULARITY_MS = 10 * 60 * 1000;
const today = (now: Date) => now.toISOString().slice(0, 10);

export const isExpired = (token: Pick<Token, "expiresAt">, now = new Date()) =>
  token.expiresAt !== null && token.expiresAt <= today(now);

/**
 * Judges the token row a secret's digest found (or nothing), and stamps a valid token's use.
 * Every look-up shares this, whether the token was read alone or inside a hot read.
 */
export function createTokenJudge(tokensRepo: TokensRepository) {
  return (found: { token: Token; user: User } | null, now = new Date()): TokenResolution => {
    if (!found) return { status: "unknown" };
    const { token, user } = found;
    if (token.revokedAt) return { status: "revoked", token };
    if (isExpired(token, now)) return { status: "expired", token };
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
      // Bookkeeping only: a failure here must never fail the request it rides on.
      tokensRepo.touchToken(token.id, now, LAST_USED_GRANULARITY_MS).catch(() => {});
    }
    return { status: "valid", token, user };
  };
}

export type TokenJudge = ReturnType<typeof createTokenJudge>;
