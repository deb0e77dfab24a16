/** A synthetic follow graph among new users. */
export interface SeedOptions {
  /** How many new active users (N). */
  users: number;
  /** How many distinct follows among them (M), the popular user's included. */
  edges: number;
  /** When set, the first new user gets exactly this many followers (K) from among the new users. */
  popular?: number | null;
  /** The same seed gives the same graph, up to the ids the users get. */
  randomSeed?: number | null;
}

export type SeedStep = "users" | "edges" | "counters" | "vacuum analyze";

/** Called with `done = 0` when a step starts and with `done = total` when it ends. */
export type SeedProgress = (step: SeedStep, done: number, total: number) => void;

export interface SeedResult {
  users: number;
  edges: number;
  firstUserId: number;
  lastUserId: number;
  popular: { id: number; username: string; followers: number } | null;
}

// User ordinals, edge numbers and the random seed are int4 in SQL; edge numbers times the
// follow-time stride must fit in int8.
const INT4_MAX = 2 ** 31 - 1;

/** Why the options cannot be seeded, or null when they can. */
export function seedOptionsProblem({
  users: n,
  edges: m,
  popular: k,
  randomSeed,
}: SeedOptions): string | null {
  if (!Number.isSafeInteger(n) || n < 1 || n > INT4_MAX)
    return `users must be a whole number from 1 to ${INT4_MAX}`;
  if (!Number.isSafeInteger(m) || m < 0 || m > INT4_MAX)
    return `edges must be a whole number from 0 to ${INT4_MAX}`;
  if (m > n * (n - 1)) return `edges must be at most users × (users - 1) = ${n * (n - 1)}`;
  if (randomSeed != null && !(Number.isSafeInteger(randomSeed) && randomSeed >= 0 && randomSeed <= INT4_MAX))
    return `random seed must be a whole number from 0 to ${INT4_MAX}`;
  if (k == null) return null;
  if (!Number.isSafeInteger(k) || k < 0) return "popular must be a whole number";
  if (k > n - 1) return `popular must be at most users - 1 = ${n - 1}`;
  if (m < k) return `edges must be at least popular = ${k}`;
  // Nobody else may follow the popular user, or it would have more than K followers.
  const most = k + (n - 1) ** 2;
  if (m > most)
    return `edges must be at most popular + (users - 1)² = ${most}, as only K users follow the popular one`;
  return null;
}
