import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of a test's own (Debian's postgresql-common tools), so that a test can
 * really stop and start a server, which the shared one on 5432 must never be.
 */
export interface PgCluster {
  /** The cluster's name, `fgtest_<pid>_<hex>`: the pid says whether a leftover one is stale. */
  name: string;
  version: string;
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust auth). */
  url: string;
  /** `immediate` is what a crash or a pulled cable looks like to clients: no goodbye to anyone. */
  stop(mode?: "immediate" | "fast" | "smart"): Promise<void>;
  /** Resolves once the server accepts connections. */
  start(): Promise<void>;
  /** Stops and deletes the cluster (data directory, configuration, log). Idempotent. */
  drop(): Promise<void>;
}

export interface PgClusterOptions {
  /** postgresql.conf settings on top of the test defaults (e.g. `wal_level`); plain words and numbers only (pg_createcluster writes them unquoted). */
  settings?: Record<string, string>;
}

const PREFIX = "fgtest_";
const TOOLS = ["/usr/bin/pg_createcluster", "/usr/bin/pg_ctlcluster", "/usr/bin/pg_dropcluster"];

/** Why this machine cannot make clusters (the skip message), or undefined when it can. */
export function pgClusterUnavailable(): string | undefined {
  const missing = TOOLS.filter((tool) => !existsSync(tool));
  if (missing.length > 0) return `postgresql-common's ${missing.join(", ")} missing: no cluster of our own`;
  if (process.getuid?.() !== 0) return "pg_createcluster needs root here (clusters run as postgres)";
  if (!installedVersion()) return "no PostgreSQL server under /usr/lib/postgresql";
  return undefined;
}

function installedVersion(): string | undefined {
  const preferred = process.env.PG_CLUSTER_VERSION ?? "15";
  if (existsSync(`/usr/lib/postgresql/${preferred}/bin/postgres`)) return preferred;
  return undefined;
}

// Test settings: small, quick to start; fsync off is safe since only the server, never the
// machine, is stopped (what the kernel has is what a restart finds).
const DEFAULT_SETTINGS: Record<string, string> = {
  shared_buffers: "16MB",
  max_connections: "60",
  fsync: "off",
  full_page_writes: "off",
};

/** A new, started cluster on a free port; dropped on `drop()` or, failing that, at exit. */
export async function createPgCluster(options: PgClusterOptions = {}): Promise<PgCluster> {
  const unavailable = pgClusterUnavailable();
  if (unavailable) throw new Error(unavailable);
  const version = installedVersion() as string;
  dropStaleClusters();
  const name = `${PREFIX}${process.pid}_${randomBytes(4).toString("hex")}`;
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    const gucs = Object.entries(settings).flatMap(([key, value]) => ["-o", `${key}=${value}`]);
    try {
      // start-conf manual: a leftover cluster never comes up on its own at boot.
      await run("pg_createcluster", [
        version,
        name,
        "-p",
        String(port),
        "--start-conf=manual",
        ...gucs,
        "--",
        "--auth=trust",
        "--no-sync",
      ]);
      break;
    } catch (error) {
      await dropCluster(version, name);
      // Another cluster may have claimed the port between our probe and its creation.
      if (attempt >= 2 || !/port/i.test(String((error as { stderr?: string }).stderr))) throw error;
    }
  }
  live.add(`${version}/${name}`);
  const ctl = (...args: string[]) =>
    run("pg_ctlcluster", ["--skip-systemctl-redirect", version, name, ...args]);
  try {
    await ctl("start");
  } catch (error) {
    await dropCluster(version, name);
    throw error;
  }
  return {
    name,
    version,
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop(mode = "immediate") {
      await ctl("stop", "-m", mode);
    },
    async start() {
      await ctl("start");
    },
    async drop() {
      await dropCluster(version, name);
    },
  };
}

const live = new Set<string>();

async function dropCluster(version: string, name: string): Promise<void> {
  live.delete(`${version}/${name}`);
  await run("pg_dropcluster", ["--stop", version, name]).catch(() => {});
}

// A test that crashes or is killed cannot drop its cluster: the next one to start does, when
// the pid in the name is gone. At a normal exit, what the test forgot is dropped here.
process.on("exit", () => {
  for (const cluster of live) {
    const [version, name] = cluster.split("/") as [string, string];
    try {
      execFileSync("pg_dropcluster", ["--stop", version, name], { stdio: "ignore" });
    } catch {}
  }
});

function dropStaleClusters(): void {
  let listing = "";
  try {
    listing = execFileSync("pg_lsclusters", ["--no-header"], { encoding: "utf8" });
  } catch {
    return;
  }
  for (const line of listing.split("\n")) {
    const [version, name] = line.trim().split(/\s+/);
    const pid = Number(name?.startsWith(PREFIX) ? name.slice(PREFIX.length).split("_")[0] : Number.NaN);
    if (!version || !name || !Number.isInteger(pid) || processAlive(pid)) continue;
    try {
      execFileSync("pg_dropcluster", ["--stop", version, name], { stdio: "ignore" });
    } catch {}
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A port nothing listens on now, and no other cluster is configured for. */
async function freePort(): Promise<number> {
  const taken = clusterPorts();
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    if (port >= 1024 && !taken.has(port)) return port;
  }
}

function clusterPorts(): Set<number> {
  try {
    const listing = execFileSync("pg_lsclusters", ["--no-header"], { encoding: "utf8" });
    return new Set(listing.split("\n").map((line) => Number(line.trim().split(/\s+/)[2])));
  } catch {
    return new Set();
  }
}
