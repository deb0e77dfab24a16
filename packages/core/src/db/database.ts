import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { StartupError } from "../errors/startup-error.ts";
import {
  createDurablePglite,
  type DiskSyncs,
  type Durability,
  RELAXED_START_PARAMS,
} from "./durable-pglite.ts";
import { migrationsFingerprint, type PgliteTemplate, readPgliteTemplate } from "./pglite-template.ts";
import { cachedPgliteTemplate, discardCachedTemplate } from "./pglite-template-cache.ts";
import { withEventLoopTurns } from "./pglite-turns.ts";
import { describeConnectionFailure, postgresAddress, probePostgres, rootCause } from "./postgres-probe.ts";
import { MIGRATION_OPTIONS, OUTAGE_OPTIONS } from "./postgres-timeouts.ts";
import { createReadRouting, type ReadRouting } from "./replicas.ts";
import { type Schema, schema } from "./schema.ts";
import { acquireStoreLock, type StoreLock } from "./store-lock.ts";

/** What both drivers satisfy; the rest of the core sees only this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  driver: "pglite" | "postgres";
  /** Applies every committed migration that has not run yet; a failure is a StartupError. */
  migrate(): Promise<void>;
  /** Flushes to disk the embedded store has made so far (PGlite on a folder; 0 elsewhere). */
  diskSyncs(): number;
  /** Rewrites what the embedded store's lock says holds it (e.g. once the server has its address). */
  describeHolder(holder: string): void;
  /** One trivial statement: resolves once the database answers (readiness probes). */
  ping(): Promise<void>;
  /** With replicas configured (PostgreSQL only): how a request's reads are routed (replicas.ts). */
  reads?: ReadRouting;
  close(): Promise<void>;
}

export type DatabaseConfig =
  | {
      driver: "postgres";
      url: string;
      maxConnections?: number;
      /** Streaming replicas that serve reads (each gets its own pool of maxConnections). */
      replicaUrls?: string[];
    }
  | {
      driver: "pglite";
      /** A folder, or `memory://` for a throw-away database. */
      dataDir: string;
      /** Default `strict`: a write is acknowledged once it is on disk. */
      durability?: Durability;
      /** What the lock on `dataDir` names as its holder, e.g. "pnpm cli seed". */
      holder?: string;
      /** How long PGlite may take to start before the open fails (default 120 s: a fresh directory on a busy machine takes tens of seconds). */
      startTimeoutMs?: number;
    };

/** Set by the gateway's bundle, which carries the migrations beside itself. */
declare const BUNDLED_MIGRATIONS_FOLDER: string | undefined;
/** Set by the follow-graph package's bundle: the base name of its migrated PGlite template. */
declare const BUNDLED_PGLITE_TEMPLATE: string | undefined;

const migrationsFolder = fileURLToPath(
  new URL(
    typeof BUNDLED_MIGRATIONS_FOLDER === "string" ? BUNDLED_MIGRATIONS_FOLDER : "../../drizzle",
    import.meta.url,
  ),
);

/** A migration that fails names the driver's own reason, not drizzle's "Failed query: …". */
async function migrating(apply: () => Promise<void>, address: string | null): Promise<void> {
  try {
    await apply();
  } catch (error) {
    const cause = rootCause(error) as { code?: string; message?: string };
    if (address && /^(E[A-Z]+|CONNECT_TIMEOUT|08\w{3}|28\w{3}|3D000|57P0[1-3])$/.test(cause.code ?? ""))
      throw describeConnectionFailure(error, address);
    const code = cause.code ? ` (${cause.code})` : "";
    throw new StartupError(
      `the migrations could not be applied: ${cause.message ?? String(cause)}${code}`,
      1,
      {
        cause: error,
      },
    );
  }
}

async function openPostgres(config: Extract<DatabaseConfig, { driver: "postgres" }>): Promise<Database> {
  const address = postgresAddress(config.url);
  const client = postgres(config.url, {
    max: config.maxConnections ?? 10,
    onnotice: () => {},
    // Bounded failure while PostgreSQL is away, and a quick recovery once it is back.
    ...OUTAGE_OPTIONS,
    // bigint ids come back as strings from postgres.js; drizzle's number mode converts them.
  });
  try {
    await probePostgres(client, address);
  } catch (error) {
    await client.end({ timeout: 1 }).catch(() => {});
    throw error;
  }
  const replicated = await withReplicas(client, config);
  const db = drizzlePostgres(replicated?.client ?? client, { schema }) as unknown as Db;
  replicated?.shareParsers();
  return {
    db,
    driver: "postgres",
    ...(replicated ? { reads: replicated.routing } : {}),
    migrate: () => migrating(() => migrateOnOwnClient(config.url), address),
    diskSyncs: () => 0,
    describeHolder: () => {},
    async ping() {
      await client`select 1`;
    },
    async close() {
      await replicated?.routing.close();
      await client.end({ timeout: 5 });
    },
  };
}

/**
 * The replicas' clients, connected lazily like the primary's, behind a client that routes
 * statements to them; undefined without replicas. One that is down at start does not stop
 * the start: reads go to the primary until it answers.
 */
async function withReplicas(primary: postgres.Sql, config: Extract<DatabaseConfig, { driver: "postgres" }>) {
  if (!config.replicaUrls?.length) return undefined;
  const replicas = config.replicaUrls.map((url) => ({
    url,
    client: postgres(url, {
      max: config.maxConnections ?? 10,
      onnotice: () => {},
      // The primary's bounds: a replica that does not answer soon is skipped for the primary.
      ...OUTAGE_OPTIONS,
    }),
  }));
  const routed = await createReadRouting({ primary, replicas });
  return {
    ...routed,
    // drizzle sets its parsers on the client it is given, whose options are the primary's:
    // the replicas must decode and encode values the same way.
    shareParsers() {
      for (const { client } of replicas) {
        Object.assign(client.options.parsers, primary.options.parsers);
        Object.assign(client.options.serializers, primary.options.serializers);
      }
    },
  };
}

/** Migrations on a client of their own, free of the requests' statement timeout. */
async function migrateOnOwnClient(url: string): Promise<void> {
  const client = postgres(url, { ...MIGRATION_OPTIONS, onnotice: () => {} });
  try {
    await migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder });
  } finally {
    await client.end({ timeout: 5 });
  }
}

/**
 * Starts PGlite, failing with a StartupError rather than an internal message or a hang.
 * `settled` runs once no PGlite of this attempt has the files open any more: after a timeout,
 * that is only when the late start has finished and been closed again.
 */
async function startPglite(
  config: Extract<DatabaseConfig, { driver: "pglite" }>,
  settled: () => void,
): Promise<{ client: PGlite; syncs: DiskSyncs }> {
  const timeoutMs = config.startTimeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  const starting = createDurablePglite(config.dataDir, config.durability ?? "strict");
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new StartupError(
            `PGlite did not start on ${config.dataDir} within ${timeoutMs / 1000} s: is the directory on a working, local file system?`,
            2,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([starting, timedOut]);
  } catch (error) {
    starting
      .then((late) => late.client.close())
      .catch(() => {})
      .finally(settled);
    if (error instanceof StartupError) throw error;
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    throw new StartupError(`PGlite could not open the data directory ${config.dataDir}: ${message}`, 2, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

async function openPglite(config: Extract<DatabaseConfig, { driver: "pglite" }>): Promise<Database> {
  let client: PGlite;
  let syncs: DiskSyncs = { count: 0 };
  let lock: StoreLock | null = null;
  if (config.dataDir.startsWith("memory://")) {
    client = await openMemoryPglite(config.dataDir);
  } else {
    const held = acquireStoreLock(config.dataDir, config.holder ?? `pid ${process.pid}`);
    ({ client, syncs } = await startPglite(config, () => held.release()));
    lock = held;
  }
  const db = drizzlePglite(withEventLoopTurns(client), { schema }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    migrate: () => migrating(() => migratePglite(db as never, { migrationsFolder }), null),
    diskSyncs: () => syncs.count,
    describeHolder: (holder) => lock?.describe(holder),
    async ping() {
      await client.query("select 1");
    },
    close: async () => {
      try {
        // close() ends with PostgreSQL's shutdown checkpoint: the lock goes only after it.
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/**
 * An in-memory PGlite loaded from a migrated template, which skips initdb and the migrations
 * (migrate() then finds none): the bundle's own, else one cached per migrations fingerprint
 * (what starts from source, i.e. every test file, use). A cached template that fails to load
 * is discarded and the start falls back to a fresh initdb.
 */
async function openMemoryPglite(dataDir: string): Promise<PGlite> {
  const bundled = typeof BUNDLED_PGLITE_TEMPLATE === "string" ? bundledTemplate() : undefined;
  const template = bundled ?? (await cachedPgliteTemplate(migrationsFolder, createPgliteTemplate));
  const fresh = () => PGlite.create({ dataDir, startParams: RELAXED_START_PARAMS });
  if (!template) return fresh();
  try {
    return await PGlite.create({ dataDir, startParams: RELAXED_START_PARAMS, loadDataDir: template });
  } catch (error) {
    if (bundled) throw error;
    discardCachedTemplate(migrationsFolder);
    return fresh();
  }
}

function bundledTemplate(): Blob | undefined {
  const base = fileURLToPath(new URL(BUNDLED_PGLITE_TEMPLATE as string, import.meta.url));
  return readPgliteTemplate(base, migrationsFolder);
}

/** A fresh in-memory PGlite with every migration applied, dumped: what a bundle ships. */
export async function createPgliteTemplate(): Promise<PgliteTemplate> {
  const client = await PGlite.create({ dataDir: "memory://", startParams: RELAXED_START_PARAMS });
  try {
    const db = drizzlePglite(client, { schema });
    await migrating(() => migratePglite(db as never, { migrationsFolder }), null);
    const dump = await client.dumpDataDir("gzip");
    return {
      tarball: new Uint8Array(await dump.arrayBuffer()),
      migrations: migrationsFingerprint(migrationsFolder),
    };
  } finally {
    await client.close();
  }
}

/**
 * Opens the configured store, or throws a StartupError naming why it cannot be used: an
 * unreachable or refusing PostgreSQL (probed before anything else runs), an embedded data
 * directory that is held by another process or cannot be written.
 */
export function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.driver === "postgres" ? openPostgres(config) : openPglite(config);
}
