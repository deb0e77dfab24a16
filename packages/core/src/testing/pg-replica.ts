import { execFile } from "node:child_process";
import { promisify } from "node:util";
import postgres from "postgres";
import { createPgCluster, type PgCluster, pgClusterUnavailable } from "./pg-cluster.ts";

const run = promisify(execFile);

/** A primary cluster of a test's own and a hot standby streaming from it, each on its own port. */
export interface PgReplicaPair {
  primary: PgCluster;
  replica: PgCluster;
  /** Stops applying the WAL the replica receives (pg_wal_replay_pause): its reads turn stale. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Resolves once the replica has replayed everything the primary had written when called. */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Drops both clusters. Idempotent. */
  drop(): Promise<void>;
}

/** Why this machine cannot make a replica pair (the skip message), or undefined when it can. */
export function pgReplicaUnavailable(): string | undefined {
  return pgClusterUnavailable() ?? (process.getuid?.() === 0 ? undefined : "runuser needs root");
}

/**
 * A primary (wal_level replica; pg_createcluster's trust authentication admits the postgres
 * user for replication from 127.0.0.1) and a replica made from it with `pg_basebackup -R` into
 * a second cluster's data directory, started as a hot standby.
 */
export async function createPgReplicaPair(): Promise<PgReplicaPair> {
  // Both initdbs at once (the slow part); the replica's own data is then replaced by the copy.
  const [made, other] = await Promise.allSettled([
    createPgCluster({ settings: { wal_level: "replica", max_wal_senders: "4" } }),
    createPgCluster({ settings: { hot_standby: "on" } }),
  ]);
  if (made.status === "rejected" || other.status === "rejected") {
    if (made.status === "fulfilled") await made.value.drop();
    if (other.status === "fulfilled") await other.value.drop();
    throw made.status === "rejected" ? made.reason : (other as PromiseRejectedResult).reason;
  }
  const primary = made.value;
  const replica = other.value;
  try {
    await replica.stop("fast");
    const dataDir = await dataDirectoryOf(replica);
    // As postgres, so that the copy belongs to the user the cluster runs as.
    await run("runuser", ["-u", "postgres", "--", "find", dataDir, "-mindepth", "1", "-delete"]);
    await run("runuser", [
      "-u",
      "postgres",
      "--",
      "pg_basebackup",
      "-h",
      "127.0.0.1",
      "-p",
      String(primary.port),
      "-U",
      "postgres",
      "-D",
      dataDir,
      "-R",
      "-X",
      "stream",
      "--checkpoint=fast",
      "--no-sync",
    ]);
    await replica.start();
  } catch (error) {
    await replica.drop();
    await primary.drop();
    throw error;
  }
  const standby = replica;
  const onReplica = async <T>(statement: string): Promise<T> => {
    const client = postgres(standby.url, { max: 1, onnotice: () => {} });
    try {
      return (await client.unsafe(statement)) as T;
    } finally {
      await client.end({ timeout: 1 });
    }
  };
  return {
    primary,
    replica: standby,
    pauseReplay: () => onReplica("select pg_wal_replay_pause()"),
    resumeReplay: () => onReplica("select pg_wal_replay_resume()"),
    async caughtUp(timeoutMs = 10_000) {
      const client = postgres(primary.url, { max: 1, onnotice: () => {} });
      const [{ lsn }] = (await client.unsafe("select pg_current_wal_insert_lsn()::text as lsn")) as [
        { lsn: string },
      ];
      await client.end({ timeout: 1 });
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [{ behind }] = await onReplica<[{ behind: boolean }]>(
          `select coalesce(pg_last_wal_replay_lsn() < '${lsn}'::pg_lsn, true) as behind`,
        );
        if (!behind) return;
        if (Date.now() > deadline)
          throw new Error(`the replica did not replay up to ${lsn} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async drop() {
      await standby.drop();
      await primary.drop();
    },
  };
}

async function dataDirectoryOf(cluster: PgCluster): Promise<string> {
  const { stdout } = await run("pg_lsclusters", ["--no-header", cluster.version, cluster.name]);
  const dataDir = stdout.trim().split(/\s+/)[5];
  if (!dataDir?.startsWith("/")) throw new Error(`no data directory for cluster ${cluster.name}: ${stdout}`);
  return dataDir;
}
