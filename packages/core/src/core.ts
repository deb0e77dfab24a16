import type { Db } from "./db/database.ts";
import { isDatabaseUnreachable } from "./db/unreachable.ts";
import { type CoreDeps, createDeps } from "./deps.ts";
import { loadFixtures } from "./emulator/load-fixtures.ts";
import { resetGraph } from "./emulator/reset.ts";
import { restoreGraph, snapshotGraph } from "./emulator/snapshots.ts";
import { graphState } from "./emulator/state.ts";
import { DomainError, isDomainError } from "./errors/domain-error.ts";
import { block, isBlocking, listBlocked, unblock } from "./follows/blocks.ts";
import { follow, unfollow } from "./follows/following.ts";
import { followsAsListed, list } from "./follows/listing.ts";
import { selectEdgePage, selectUserPage } from "./migration/graph-pages.ts";
import { importGraphBatch } from "./migration/import-batch.ts";
import { refreshGraphStatistics } from "./migration/statistics.ts";
import { peekRateWindow, refundRateWindow, takeRateWindow } from "./rate-windows/rate-windows.ts";
import {
  getImpersonationToken,
  impersonate,
  listImpersonationTokens,
  revokeImpersonationToken,
  revokeImpersonationTokens,
} from "./tokens/impersonation.ts";
import {
  countTokens,
  createToken,
  getToken,
  identify,
  liveTokensNamed,
  resolveToken,
  revokeToken,
  revokeTokensNamedExcept,
} from "./tokens/service.ts";
import { readAvatar, setAvatar } from "./users/avatars.ts";
import {
  createUser,
  deleteUser,
  ensureRoot,
  findUser,
  listUsers,
  moderate,
  profile,
  setAdmin,
  updateUser,
} from "./users/service.ts";

export interface CoreOptions {
  db: Db;
  /** Where unexpected failures are reported before they become `unavailable` or `internal`. */
  onUnexpectedError?: (error: unknown) => void;
}

/** An operation of the core: its dependencies first, then what its callers pass. */
type Operation = (deps: CoreDeps, ...args: never[]) => Promise<unknown>;

/** The operations as their callers see them: the dependencies already supplied. */
type Bound<Ops extends Record<string, Operation>> = {
  [Name in keyof Ops]: Ops[Name] extends (deps: CoreDeps, ...args: infer Args) => infer Result
    ? (...args: Args) => Result
    : never;
};

/**
 * Supplies `deps` to each operation and guards it, so that nothing but a DomainError leaves
 * the core: after being reported, a database that cannot be used at the moment (lost
 * connection, timeout, disk full) becomes `unavailable`, which clients may retry, and anything
 * else (a bug) `internal`, which they should not.
 */
function bind<Ops extends Record<string, Operation>>(
  deps: CoreDeps,
  operations: Ops,
  report: (error: unknown) => void,
): Bound<Ops> {
  const bound: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const [name, operation] of Object.entries(operations)) {
    bound[name] = async (...args) => {
      try {
        return await operation(deps, ...args);
      } catch (error) {
        if (isDomainError(error)) throw error;
        report(error);
        if (isDatabaseUnreachable(error))
          throw new DomainError("unavailable", "The database could not complete the request");
        throw new DomainError("internal", "The server could not complete the request");
      }
    };
  }
  return bound as Bound<Ops>;
}

export function createCore({ db, onUnexpectedError = (e) => console.error(e) }: CoreOptions) {
  const deps = createDeps(db);
  return {
    users: bind(
      deps,
      { profile, createUser, ensureRoot, findUser, listUsers, updateUser, deleteUser, setAdmin, moderate },
      onUnexpectedError,
    ),
    avatars: bind(deps, { setAvatar, readAvatar }, onUnexpectedError),
    follows: bind(deps, { follow, unfollow, followsAsListed, list }, onUnexpectedError),
    blocks: bind(deps, { block, unblock, isBlocking, listBlocked }, onUnexpectedError),
    tokens: bind(
      deps,
      {
        createToken,
        resolveToken,
        identify,
        getToken,
        countTokens,
        liveTokensNamed,
        revokeTokensNamedExcept,
        impersonate,
        listImpersonationTokens,
        getImpersonationToken,
        revokeImpersonationToken,
        revokeImpersonationTokens,
        revokeToken,
      },
      onUnexpectedError,
    ),
    /** Whole-graph operations for the emulator's control API (reset, fixtures, snapshots). */
    emulator: bind(
      deps,
      { resetGraph, loadFixtures, snapshotGraph, restoreGraph, graphState },
      onUnexpectedError,
    ),
    /** Bulk imports and whole-graph pages for the migration commands (import, export). */
    migration: bind(
      deps,
      { importGraphBatch, selectEdgePage, selectUserPage, refreshGraphStatistics },
      onUnexpectedError,
    ),
    /** Rate-limit windows in the database, shared by every process on it (GitHub's primary limit). */
    rateWindows: bind(
      deps,
      { take: takeRateWindow, refund: refundRateWindow, peek: peekRateWindow },
      onUnexpectedError,
    ),
  };
}

export type Core = ReturnType<typeof createCore>;
