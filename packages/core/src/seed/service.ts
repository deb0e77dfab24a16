import type { Db } from "../db/database.ts";
import { constraintName, sqlState, UNIQUE_VIOLATION } from "../db/sql-state.ts";
import { inTransaction, type Tx } from "../db/transaction.ts";
import { DomainError, isDomainError } from "../errors/domain-error.ts";
import { type SeedOptions, type SeedProgress, type SeedResult, seedOptionsProblem } from "./options.ts";
import {
  type FollowTimes,
  insertBlockFollows,
  insertPopularFollows,
  insertSeedCounters,
  insertSeedIds,
  insertSeedUsers,
  setSeedSession,
  vacuumAnalyzeGraph,
} from "./repository.ts";

export { type SeedOptions, type SeedProgress, type SeedResult, seedOptionsProblem };

const YEAR_MICROS = 365 * 24 * 3600 * 1_000_000;
// Follows per statement: small enough for the progress to move, large enough that
// per-statement costs vanish.
const CHUNK = 100_000;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

function followTimes(edges: number): FollowTimes {
  let stride = Math.max(1, Math.round(edges * 0.618));
  while (gcd(stride, edges) > 1) stride++;
  return { edges, stride, stepMicros: Math.max(1, Math.floor(YEAR_MICROS / Math.max(edges, 1))) };
}

interface RandomFollows {
  n: number;
  /** Follows wanted beside the popular user's. */
  wanted: number;
  popular: boolean;
  /** Edges written before these. */
  firstEdge: number;
  times: FollowTimes;
}

/**
 * Exactly `wanted` random follows, block of followers by block. Each block gets a share in
 * proportion to the pairs its followers can make, so no block is asked for more than it has.
 */
async function addRandomFollows(tx: Tx, o: RandomFollows, progress: (added: number) => void): Promise<void> {
  const lowestFollowee = o.popular ? 2 : 1;
  // Pairs open to followers 1..f: each can follow every eligible followee but itself.
  const pairsUpTo = (f: number) => f * (o.n - lowestFollowee + 1) - Math.max(0, f - lowestFollowee + 1);
  const pairs = pairsUpTo(o.n);
  const share = (f: number) => Math.floor((o.wanted * pairsUpTo(f)) / pairs);
  const blocks = Math.min(o.n, Math.ceil(o.wanted / CHUNK));
  let added = 0;
  for (let b = 0; b < blocks; b++) {
    const firstFollower = 1 + Math.floor((b * o.n) / blocks);
    const lastFollower = Math.floor(((b + 1) * o.n) / blocks);
    const wanted = share(lastFollower) - share(firstFollower - 1);
    const blockPairs = pairsUpTo(lastFollower) - pairsUpTo(firstFollower - 1);
    for (let got = 0; got < wanted; ) {
      const limit = wanted - got;
      // Past half the free pairs, random draws mostly hit taken ones: draw from all of them.
      const dense = 2 * limit > blockPairs - got;
      const fresh = (blockPairs - got - limit) / blockPairs;
      got += await insertBlockFollows(tx, {
        n: o.n,
        lowestFollowee,
        firstFollower,
        lastFollower,
        limit,
        draws: dense ? "all" : Math.ceil((limit * 1.05) / Math.max(fresh, 0.5)) + 64,
        hasFollows: got > 0,
        firstEdge: o.firstEdge + added + got,
        times: o.times,
      });
    }
    added += wanted;
    progress(added);
  }
}

async function writeSeed(tx: Tx, options: SeedOptions, onProgress: SeedProgress): Promise<SeedResult> {
  const { users: n, edges: m } = options;
  const k = options.popular ?? null;
  await setSeedSession(tx, options.randomSeed ?? null);

  onProgress("users", 0, n);
  const { firstUserId, lastUserId } = await insertSeedIds(tx, n);
  await insertSeedUsers(tx, n);
  onProgress("users", n, n);

  onProgress("edges", 0, m);
  const times = followTimes(m);
  const popularFollows = k ? await insertPopularFollows(tx, k, times) : 0;
  if (m > popularFollows) onProgress("edges", popularFollows, m);
  await addRandomFollows(
    tx,
    { n, wanted: m - popularFollows, popular: k !== null, firstEdge: popularFollows, times },
    (added) => onProgress("edges", popularFollows + added, m),
  );
  if (m > 0 && m === popularFollows) onProgress("edges", m, m);

  onProgress("counters", 0, n);
  await insertSeedCounters(tx);
  onProgress("counters", n, n);

  const popular = k === null ? null : { id: firstUserId, username: `seed-${firstUserId}`, followers: k };
  return { users: n, edges: m, firstUserId, lastUserId, popular };
}

/** The driver's own words, without the query or the stack, as a domain error callers know. */
function toDomainError(error: unknown, stage: string): DomainError {
  if (isDomainError(error)) return error;
  let cause = error as { cause?: unknown; detail?: string; message?: string };
  while (cause.cause) cause = cause.cause as typeof cause;
  const detail = cause.detail ?? cause.message ?? String(cause);
  if (sqlState(error) === UNIQUE_VIOLATION) {
    const code = constraintName(error)?.includes("email") ? "email_taken" : "username_taken";
    return new DomainError(
      code,
      `A seeded username or email is already taken (${detail}); nothing was written`,
    );
  }
  return new DomainError("unavailable", `Seeding failed ${stage}: ${detail}`);
}

/**
 * Adds N active users and M random follows among them in one transaction, counters
 * included, then refreshes statistics. All of it or nothing is written, vacuum aside.
 */
export async function seedGraph(
  db: Db,
  options: SeedOptions,
  onProgress: SeedProgress = () => {},
): Promise<SeedResult> {
  const problem = seedOptionsProblem(options);
  if (problem) throw new DomainError("invalid_input", { fields: {} }, problem);
  const result = await inTransaction(db, (tx) => writeSeed(tx, options, onProgress)).catch((error) => {
    throw toDomainError(error, "(nothing was written)");
  });
  onProgress("vacuum analyze", 0, 1);
  await vacuumAnalyzeGraph(db).catch((error) => {
    throw toDomainError(error, "after committing the graph, in VACUUM ANALYZE");
  });
  onProgress("vacuum analyze", 1, 1);
  return result;
}
