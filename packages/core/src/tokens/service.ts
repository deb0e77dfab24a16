import type { Db } from "../db/database.ts";
import { sqlState, UNIQUE_VIOLATION } from "../db/sql-state.ts";
import { DomainError } from "../errors/domain-error.ts";
import type { UsersRepository } from "../users/repository.ts";
import type { Viewer } from "../users/user.ts";
import { type Caller, type Identified, identifyIn, isSecretCaller, judge } from "./caller.ts";
import { type Impersonation, type ImpersonationRequest, impersonate } from "./impersonation.ts";
import { isExpired, resolveFound, type StampUse, type TokenResolution, touchIfStale } from "./judge.ts";
import type { Token, TokensRepository } from "./repository.ts";
import { digestSecret, generateSecret } from "./secret.ts";

export type { Impersonation, ImpersonationRequest, Token, TokenResolution };
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
}

/** Who asks for a token to be revoked (a known caller): its owner may, and so may an administrator. */
export type Revoker = NonNullable<Viewer>;

const tokenNotFound = () => new DomainError("token_not_found", "Token Not Found");

export function createTokensService(
  db: Db,
  tokensRepo: TokensRepository,
  usersRepo: UsersRepository,
  stamp: StampUse,
) {
  return {
    /** Mints a token; the secret is returned here once and only its digest is stored. */
    async createToken(userId: number, input: NewToken): Promise<{ token: Token; secret: string }> {
      if (!(await usersRepo.selectUserById(userId)))
        throw new DomainError("user_not_found", "User Not Found");
      const secret = input.secret ?? generateSecret(input.prefix ?? "");
      try {
        const token = await tokensRepo.insertToken({
          userId,
          name: input.name,
          description: input.description ?? null,
          scopes: input.scopes,
          expiresAt: input.expiresAt ?? null,
          digest: digestSecret(secret),
        });
        return { token, secret };
      } catch (error) {
        if (sqlState(error) === UNIQUE_VIOLATION)
          throw new DomainError("invalid_input", { fields: { token: [{ problem: "taken" }] } });
        throw error;
      }
    },

    /** What a secret is worth, judged by no route's policy: for the CLI, bootstrap and tests. */
    async resolveToken(secret: string, now = new Date()): Promise<TokenResolution> {
      const resolution = resolveFound(await tokensRepo.selectTokenByDigest(digestSecret(secret)), now);
      if (resolution.status === "valid" && touchIfStale(resolution.token, now)) stamp(resolution.token, now);
      return resolution;
    },

    /**
     * The caller identified on its own, for routes that need it before anything else: a
     * secret costs one statement, a caller already known none. Null for nobody; a caller the
     * route's policy refuses is `caller_refused`.
     */
    async identify(caller: Caller): Promise<Identified | null> {
      if (!isSecretCaller(caller)) return identifyIn(caller, null, stamp).identified;
      return judge(await tokensRepo.selectTokenByDigest(digestSecret(caller.secret)), caller.policy, stamp);
    },

    getToken: (id: number) => tokensRepo.selectTokenById(id),

    countTokens: (userId: number) => tokensRepo.countTokensOfUser(userId),

    /** The user's tokens called `name` that still work (unrevoked, unexpired), oldest first. */
    async liveTokensNamed(userId: number, name: string, now = new Date()): Promise<Token[]> {
      const found = await tokensRepo.selectUnrevokedTokensNamed(userId, name);
      return found.filter((token) => !isExpired(token, now));
    },

    /** Revokes every unrevoked token of the user called `name`; returns how many. */
    revokeTokensNamed: (userId: number, name: string) => tokensRepo.revokeTokensNamed(userId, name),

    /** Revokes the user's tokens called any of `names` but the one `keepId` names; returns how many. */
    revokeTokensNamedExcept: (userId: number, names: string[], keepId: number | null = null) =>
      tokensRepo.revokeTokensNamedExcept(userId, names, keepId),

    /** The user's token for these scopes, minted only if it has none: see impersonation.ts. */
    impersonate: (userId: number, request: ImpersonationRequest) =>
      impersonate({ db, tokensRepo, usersRepo }, userId, request),

    /**
     * Revokes a token. With `by`, only its owner or an administrator may; to anyone else the
     * token does not exist (token_not_found, as for an unknown id), so ids cannot be probed.
     * Without `by` the caller is trusted (the CLI, bootstrap, tests). Revoking twice succeeds.
     */
    async revokeToken(id: number, { by }: { by?: Revoker } = {}): Promise<void> {
      if (!(await tokensRepo.revokeToken(id, by ?? null))) throw tokenNotFound();
    },
  };
}

export type TokensService = ReturnType<typeof createTokensService>;
