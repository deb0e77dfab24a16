import { parseArgs } from "node:util";
import type { Engine, Settings } from "./types.ts";

export const USAGE = `usage: pnpm bench [options]

Seeds a graph on each engine, starts the gateway and the plain reference server on it,
drives both with wrk in alternating runs, then times the emulator (the built follow-graph
package: start, exec -- true, reset, snapshot, restore; 5 runs each, 3 with --quick), and
writes docs/benchmarks.md and docs/benchmarks.svg.
A full run of both engines takes 20-25 minutes (15 scenarios x 3 runs x 2 servers x 5 s
per engine, plus seeding, warm-ups, ceilings and walks; PostgreSQL alone took 12 min); --quick about three.
Needs wrk (scripts/setup.sh installs it) and, for the PostgreSQL engine, a server at
--pg-url where it may create a database.

  --engines postgres,pglite   engines to run, in order (default: both)
  --users N                   users to seed (default 20001)
  --edges N                   random follow edges to seed (default 200000)
  --popular N                 followers of the one popular account (default 20000)
  --duration S                seconds per wrk run (default 5)
  --runs N                    wrk runs per scenario; the median is reported (default 3)
  --connections N             wrk connections (default 64)
  --quick                     a smoke run: 3,001 users, 20,000 edges, 2,000 followers, 1 s × 1, no warm-up
  --pg-url URL                PostgreSQL server to create the bench database in
                              (default $BENCH_PG_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --out DIR                   where benchmarks.md and benchmarks.svg go (default docs)
  --only migration            instead of all the above, issue 16's migration figures alone:
                              seed and export, import, and a live import (GitHub and GitLab
                              dialects) of one account's followers from a local instance, on
                              each engine; rewrites only the Migration section of benchmarks.md.
                              About 30 minutes at the full sizes on an idle 2-core machine (55 loaded),
                              which is why the default run leaves it out; --quick: 100,000
                              edges and 10,000 followers, a few minutes
  --migration-edges N         edges exported and imported (default 1000000)
  --migration-followers N     followers of the live import's account (default 100000)
  --migration-parts LIST      which of export,import,live to measure (default all three)
  --help`;

/** Parts of the bench that run only when asked for by name. */
export const OPT_IN_PARTS = ["migration"] as const;
export const MIGRATION_PARTS = ["export", "import", "live"] as const;
export type MigrationPart = (typeof MIGRATION_PARTS)[number];
export type OptInPart = (typeof OPT_IN_PARTS)[number];

export interface Options extends Settings {
  /** An opt-in part to run instead of the default run, or null for the default run. */
  only: OptInPart | null;
  /** The migration part's sizes. */
  migration: { edges: number; users: number; followers: number; parts: MigrationPart[] };
  engines: Engine[];
  pgUrl: string;
  outDir: string;
}

const FULL = { users: 20_001, edges: 200_000, popular: 20_000, duration: 5, runs: 3 };
const QUICK = { users: 3_001, edges: 20_000, popular: 2_000, duration: 1, runs: 1 };
// Issue 16's sizes: 1,000,000 edges (among 100,000 users, ten each on average) and an account
// with 100,000 followers, about 1,000 pages of 100.
const MIGRATION_FULL = { edges: 1_000_000, followers: 100_000 };
const MIGRATION_QUICK = { edges: 100_000, followers: 10_000 };

/** Toggle actors per run and dialect: 64 tokens, two wrk threads of 32. */
export const ACTORS_PER_RUN = 64;
/** Toggle targets; GitLab caps an account's followees at 300. */
export const TOGGLE_TARGETS = 200;

export class UsageError extends Error {}

function whole(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min)
    throw new UsageError(`--${name} must be a whole number ≥ ${min}`);
  return Number(value);
}

/** Reads the command line; throws UsageError with the reason when it makes no sense. */
export function parseOptions(args: string[], env: NodeJS.ProcessEnv): Options | "help" {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      engines: { type: "string" },
      users: { type: "string" },
      edges: { type: "string" },
      popular: { type: "string" },
      duration: { type: "string" },
      runs: { type: "string" },
      connections: { type: "string" },
      quick: { type: "boolean", default: false },
      "pg-url": { type: "string" },
      out: { type: "string" },
      only: { type: "string" },
      "migration-edges": { type: "string" },
      "migration-followers": { type: "string" },
      "migration-parts": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return "help";
  const base = values.quick ? QUICK : FULL;
  const only = values.only ?? null;
  if (only !== null && !(OPT_IN_PARTS as readonly string[]).includes(only))
    throw new UsageError(`--only takes ${OPT_IN_PARTS.join(" or ")}, not '${only}'`);
  const migrationBase = values.quick ? MIGRATION_QUICK : MIGRATION_FULL;
  const parts = (values["migration-parts"] ?? MIGRATION_PARTS.join(",")).split(",").map((p) => p.trim());
  for (const part of parts)
    if (!(MIGRATION_PARTS as readonly string[]).includes(part))
      throw new UsageError(`--migration-parts takes ${MIGRATION_PARTS.join(", ")}, not '${part}'`);
  const migrationEdges = whole("migration-edges", values["migration-edges"], migrationBase.edges, 1);
  const engines = (values.engines ?? "postgres,pglite").split(",").map((e) => e.trim());
  for (const engine of engines)
    if (engine !== "postgres" && engine !== "pglite")
      throw new UsageError(`--engines takes postgres and/or pglite, not '${engine}'`);
  const users = whole("users", values.users, base.users, 3);
  const popular = whole("popular", values.popular, base.popular, 200);
  if (popular >= users)
    throw new UsageError("--popular must be less than --users (the account cannot follow itself)");
  const runs = whole("runs", values.runs, base.runs, 1);
  // The popular account, a reader, fresh toggle actors for every run of both dialects on both
  // servers (gateway and reference), and targets.
  const needed = 2 + 2 * 2 * runs * ACTORS_PER_RUN + TOGGLE_TARGETS;
  if (users < needed) throw new UsageError(`--users must be at least ${needed} for ${runs} runs`);
  return {
    only: only as OptInPart | null,
    migration: {
      edges: migrationEdges,
      // Ten edges a user on average, as the export and import figures were first taken.
      users: Math.max(1_000, Math.ceil(migrationEdges / 10)),
      followers: whole("migration-followers", values["migration-followers"], migrationBase.followers, 1),
      parts: [...new Set(parts)] as MigrationPart[],
    },
    engines: [...new Set(engines)] as Engine[],
    users,
    edges: whole("edges", values.edges, base.edges, 0),
    popular,
    duration: whole("duration", values.duration, base.duration, 1),
    runs,
    connections: whole("connections", values.connections, 64, 2),
    threads: 2,
    quick: values.quick,
    pgUrl: values["pg-url"] ?? env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    outDir: values.out ?? "docs",
  };
}
