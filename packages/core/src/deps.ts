import type { Db } from "./db/database.ts";
import { type Cursors, createCursors } from "./follows/cursor.ts";
import { createFollowReads, type FollowReads } from "./follows/reads.ts";
import { createFollowsRepository, type FollowsRepository } from "./follows/repository.ts";
import { createKeysRepository } from "./keys/repository.ts";
import { createRateWindowsRepository, type RateWindowsRepository } from "./rate-windows/rate-windows.ts";
import { type StampUse, stampUse } from "./tokens/judge.ts";
import { createTokensRepository, type TokensRepository } from "./tokens/repository.ts";
import { createUserReads, type UserReads } from "./users/reads.ts";
import { createUsersRepository, type UsersRepository } from "./users/repository.ts";

/**
 * Everything the core's operations run on. Each operation names the part it needs
 * (`Pick<CoreDeps, …>`), so its signature says which statements it can reach.
 */
export interface CoreDeps {
  db: Db;
  usersRepo: UsersRepository;
  followsRepo: FollowsRepository;
  tokensRepo: TokensRepository;
  /** The hot reads: one statement each, caller included. */
  followReads: FollowReads;
  userReads: UserReads;
  cursors: Cursors;
  /** Records a token's use without waiting for it. */
  stamp: StampUse;
  /** GitHub's rate-limit windows, for processes that share this database. */
  rateWindows: RateWindowsRepository;
}

/** Builds the deps once per database: the prepared statements live as long as the core. */
export function createDeps(db: Db): CoreDeps {
  const tokensRepo = createTokensRepository(db);
  return {
    db,
    usersRepo: createUsersRepository(db),
    followsRepo: createFollowsRepository(db),
    tokensRepo,
    followReads: createFollowReads(db),
    userReads: createUserReads(db),
    cursors: createCursors(createKeysRepository(db)),
    stamp: stampUse(tokensRepo),
    rateWindows: createRateWindowsRepository(db),
  };
}
