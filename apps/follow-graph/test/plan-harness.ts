// What the plan and apply tests share: a local graph in a store of the engine under test (a
// PGlite directory, or a scratch PostgreSQL database when TEST_DATABASE_URL is set), an
// identity map file, and the bin run from source.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchDatabase, type ScratchDatabase } from "@follow-graph/core/testing";
import type { ImportedEdge, ImportedUser } from "../src/migration/contracts.ts";
import { formatIdentityMap } from "../src/migration/identity/identity-map.ts";
import { openTarget } from "../src/migration/open-target.ts";
import { runBin } from "./run-bin.ts";

export interface LocalGraph {
  /** The flags naming the store to plan. */
  flags: string[];
  dir: string;
  seed(users: ImportedUser[], edges: ImportedEdge[]): Promise<void>;
  cleanup(): Promise<void>;
}

export async function createLocalGraph(prefix: string): Promise<LocalGraph> {
  const dir = mkdtempSync(join(tmpdir(), `follow-graph-${prefix}-`));
  const serverUrl = process.env.TEST_DATABASE_URL;
  const scratch: ScratchDatabase | undefined = serverUrl ? await createScratchDatabase(serverUrl) : undefined;
  const store = scratch ? { databaseUrl: scratch.url } : { dataDir: join(dir, "store") };
  return {
    flags: scratch ? ["--database-url", scratch.url] : ["--data-dir", join(dir, "store")],
    dir,
    async seed(users, edges) {
      const graph = await openTarget(store, { holder: "the plan tests", env: {} });
      try {
        await graph.importBatch({ users, edges }, "merge");
      } finally {
        await graph.close();
      }
    },
    async cleanup() {
      await scratch?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An identity map file in `dir`. */
export function writeIdentityMap(
  dir: string,
  rows: Parameters<typeof formatIdentityMap>[0],
  name = "map.csv",
) {
  const path = join(dir, name);
  writeFileSync(path, formatIdentityMap(rows));
  return path;
}

export const follow = (follower: string, followee: string): ImportedEdge => ({ follower, followee });

/** The bin's `plan` or `apply`, to its end. */
export const runMigration = (args: string[]) => runBin(args, { env: { FOLLOW_GRAPH_TARGET_TOKEN: "" } });
