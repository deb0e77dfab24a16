import type { Db } from "./db/database.ts";
import { DomainError, isDomainError } from "./errors/domain-error.ts";
import { createCursors } from "./follows/cursor.ts";
import { createFollowReads } from "./follows/reads.ts";
import { createFollowsRepository } from "./follows/repository.ts";
import { createFollowsService } from "./follows/service.ts";
import { createKeysRepository } from "./keys/repository.ts";
import { stampUse } from "./tokens/judge.ts";
import { createTokensRepository } from "./tokens/repository.ts";
import { createTokensService } from "./tokens/service.ts";
import { createUserReads } from "./users/reads.ts";
import { createUsersRepository } from "./users/repository.ts";
import { createUsersService } from "./users/service.ts";

export interface CoreOptions {
  db: Db;
  /** Where unexpected failures are reported before they become `unavailable`. */
  onUnexpectedError?: (error: unknown) => void;
}

/**
 * Wraps every method so that nothing but a DomainError leaves the core: a driver error
 * (lost connection, disk full, a bug) becomes `unavailable` after being reported.
 */
function guard<T extends Record<string, unknown>>(service: T, report: (error: unknown) => void): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(service)) {
    guarded[name] =
      typeof method !== "function"
        ? method
        : async (...args: unknown[]) => {
            try {
              return await method.apply(service, args);
            } catch (error) {
              if (isDomainError(error)) throw error;
              report(error);
              throw new DomainError("unavailable", "The database could not complete the request");
            }
          };
  }
  return guarded as T;
}

export function createCore({ db, onUnexpectedError = (e) => console.error(e) }: CoreOptions) {
  const usersRepo = createUsersRepository(db);
  const followsRepo = createFollowsRepository();
  const tokensRepo = createTokensRepository(db);
  const stamp = stampUse(tokensRepo);
  const cursors = createCursors(createKeysRepository(db));
  return {
    users: guard(
      createUsersService(db, usersRepo, followsRepo, createUserReads(db), stamp),
      onUnexpectedError,
    ),
    follows: guard(
      createFollowsService(db, usersRepo, followsRepo, createFollowReads(db), cursors, stamp),
      onUnexpectedError,
    ),
    tokens: guard(createTokensService(db, tokensRepo, usersRepo, stamp), onUnexpectedError),
  };
}

export type Core = ReturnType<typeof createCore>;
