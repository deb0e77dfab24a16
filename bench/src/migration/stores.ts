// A fresh, empty store for one migration measurement, named as the bin's flags name it, and
// removed when the measurement is done (or when the bench is stopped).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchDatabase } from "../../../packages/core/src/testing/index.ts";
import { defer } from "../cleanup.ts";
import type { Engine } from "../types.ts";

export interface ScratchStore {
  engine: Engine;
  /** `--database-url URL` or `--data-dir DIR`, for any follow-graph command. */
  flags: string[];
  /** The emulator's option for the same store (PostgreSQL only: PGlite's is in memory). */
  databaseUrl?: string;
  remove(): Promise<void>;
}

export async function createScratchStore(engine: Engine, pgUrl: string): Promise<ScratchStore> {
  if (engine === "postgres") {
    const scratch = await createScratchDatabase(pgUrl);
    const remove = defer(`drop ${scratch.url}`, () => scratch.drop());
    return { engine, flags: ["--database-url", scratch.url], databaseUrl: scratch.url, remove };
  }
  const dir = await mkdtemp(join(tmpdir(), "follow-graph-bench-migration-"));
  const remove = defer(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
  return { engine, flags: ["--data-dir", join(dir, "pglite")], remove };
}

/** Runs `measure` on a fresh store, and removes the store whatever happens. */
export async function withScratchStore<T>(
  engine: Engine,
  pgUrl: string,
  measure: (store: ScratchStore) => Promise<T>,
): Promise<T> {
  const store = await createScratchStore(engine, pgUrl);
  try {
    return await measure(store);
  } finally {
    await store.remove();
  }
}
