import { bootstrapRoot, type Core, type Database, isStartupError, StartupError } from "@follow-graph/core";
import { type Env, openGraph } from "@follow-graph/gateway";
import type { GraphTarget, ImportedUser } from "./contracts.ts";

/** Rows per page when a store is read whole: big enough that per-statement costs vanish. */
const PAGE = 5000;

/** Where the store is, for messages; never the password. */
function describeStore(env: Env): string {
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    return `PostgreSQL ${decodeURIComponent(url.pathname.slice(1)) || "postgres"} on ${url.host}`;
  }
  return env.PGLITE_DATA_DIR.startsWith("memory://")
    ? "an in-memory PGlite store"
    : `the PGlite store in ${env.PGLITE_DATA_DIR}`;
}

/**
 * A lock held by a running server gets the flags that reach the same graph through it:
 * writing beside the server would corrupt the store.
 */
function throughServerInstead(error: unknown): unknown {
  if (!isStartupError(error) || !/ is in use by /.test(error.message)) return error;
  const message = error.message.replace(/: stop it, .*$/, "");
  return new StartupError(
    `${message}: stop it, or reach the graph through it with --url and --root-token`,
    2,
  );
}

/** Pages of a keyset read, until the core says there is no next one. */
async function* pages<T, R>(
  read: (after: string | null) => Promise<{ rows: T[]; next: string | null }>,
  map: (row: T) => R,
): AsyncIterable<R[]> {
  let after: string | null = null;
  do {
    const page = await read(after);
    if (page.rows.length) yield page.rows.map(map);
    after = page.next;
  } while (after);
}

/** A GraphTarget on an opened store: each batch is one call of the core's set-based import. */
export function storeTarget(core: Core, database: Database, description: string): GraphTarget {
  let changed = false;
  return {
    description,
    async importBatch(batch, mode) {
      const result = await core.migration.importGraphBatch(batch, mode);
      changed ||= result.usersCreated + result.edgesAdded + result.edgesRemoved > 0;
      return result;
    },
    readEdges: (options = {}) =>
      pages(
        (after) => core.migration.selectEdgePage({ after, limit: PAGE, ...options }),
        (edge) => edge,
      ),
    readUsers: (options = {}) =>
      pages(
        (after) => core.migration.selectUserPage({ after, limit: PAGE, ...options }),
        ({ login, name, identities }): ImportedUser => ({ login, name, identities }),
      ),
    async close() {
      try {
        // As after a seed: the store's plans suit the graph it now holds from the first request.
        if (changed) await core.migration.refreshGraphStatistics();
      } finally {
        await database.close();
      }
    },
  };
}

/** An opened store: its core (for what needs more than a GraphTarget) and how to name it. */
export interface OpenedStore {
  core: Core;
  database: Database;
  description: string;
}

/**
 * Opens the store `env` names (DATABASE_URL, else the PGlite directory), migrated, as the
 * store commands do, with root settled as `serve` would (a generated token is shown once, on
 * stderr). `holder` is what the embedded store's lock names to a second process; a lock a
 * running server holds is refused naming the flags that reach the graph through it.
 */
export async function openStore(env: Env, holder: string): Promise<OpenedStore> {
  const graph = await openGraph(env, holder).catch((error: unknown) => {
    throw throughServerInstead(error);
  });
  try {
    const { createdSecret } = await bootstrapRoot(graph.core, env.ROOT_TOKEN);
    if (createdSecret)
      console.error(`Created the token of the administrator 'root' (shown once): ${createdSecret}`);
  } catch (error) {
    await graph.database.close().catch(() => {});
    throw error;
  }
  return { ...graph, description: describeStore(env) };
}

/** openStore's store as a GraphTarget. */
export async function openStoreTarget(env: Env, holder: string): Promise<GraphTarget> {
  const { core, database, description } = await openStore(env, holder);
  return storeTarget(core, database, description);
}
