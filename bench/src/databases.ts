import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { defer } from "./cleanup.ts";
import type { Engine } from "./types.ts";

export const BENCH_DATABASE = "follow_graph_bench";

/** The environment that points the gateway and the CLI at one engine's fresh, empty store. */
export interface Store {
  env: Record<string, string>;
  /** Drops the database or removes the directory. */
  remove(): Promise<void>;
}

const admin = (serverUrl: string) => postgres(serverUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });

/** A fresh `follow_graph_bench` database on the server (dropped first if a run left one). */
async function createPostgresStore(serverUrl: string): Promise<Store> {
  const sql = admin(serverUrl);
  try {
    await sql.unsafe(`drop database if exists ${BENCH_DATABASE} with (force)`);
    await sql.unsafe(`create database ${BENCH_DATABASE}`);
  } finally {
    await sql.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${BENCH_DATABASE}`;
  const remove = defer(`drop database ${BENCH_DATABASE}`, async () => {
    const sql = admin(serverUrl);
    try {
      await sql.unsafe(`drop database if exists ${BENCH_DATABASE} with (force)`);
    } finally {
      await sql.end();
    }
  });
  return { env: { DATABASE_URL: url.toString() }, remove };
}

async function createPgliteStore(): Promise<Store> {
  const dir = await mkdtemp(join(tmpdir(), "follow-graph-bench-"));
  const remove = defer(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
  return { env: { PGLITE_DATA_DIR: join(dir, "pglite") }, remove };
}

export function createStore(engine: Engine, serverUrl: string): Promise<Store> {
  return engine === "postgres" ? createPostgresStore(serverUrl) : createPgliteStore();
}

/** `select version()` of the server, or null when it cannot be reached. */
export async function postgresVersion(serverUrl: string): Promise<string | null> {
  const sql = admin(serverUrl);
  try {
    const [row] = await sql<{ version: string }[]>`select version()`;
    return row?.version ?? null;
  } catch {
    return null;
  } finally {
    await sql.end({ timeout: 1 });
  }
}
