import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { StartupError } from "../errors/startup-error.ts";

/**
 * One process at a time opens an embedded data directory. PGlite is a single PostgreSQL backend
 * with its shared memory inside the process: a second process on the same files runs a second,
 * unaware PostgreSQL, and the two overwrite each other's pages and WAL (lost rows, then a
 * directory PGlite can no longer start on). So the opener creates this file atomically
 * (a hard link fails if the name exists) and removes it when it closes or exits; a file whose process is gone is stale.
 */
export const LOCK_FILE = "follow-graph.lock";

/** What a lock file records about its holder. */
interface LockRecord {
  pid: number;
  /** The holder's start time in clock ticks since boot (/proc/<pid>/stat), so a reused pid is not it. */
  startTicks: string | null;
  since: string;
  holder: string;
}

export interface StoreLock {
  readonly path: string;
  /** Rewrites what the lock says holds it, e.g. once the server knows its address. */
  describe(holder: string): void;
  release(): void;
}

/** The start time of a process, or null where there is no /proc (or the process is gone). */
function startTicksOf(pid: number | "self"): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name in parentheses may itself hold spaces and parentheses: count after the last.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function isRunning(record: LockRecord): boolean {
  if (record.pid <= 0) return false;
  try {
    process.kill(record.pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (record.startTicks === null) return true;
  const ticks = startTicksOf(record.pid);
  return ticks === null || ticks === record.startTicks;
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const what: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "read-only file system",
    ENOTDIR: "it, or a folder on its path, is a file",
    EEXIST: "it, or a folder on its path, is a file",
    ENOENT: "no such file or directory, and it cannot be created there",
    ENOSPC: "no space left on the device",
  };
  return (e.code && what[e.code]) ?? e.message;
}

function unusable(dataDir: string, error: unknown): StartupError {
  return new StartupError(
    `the PGlite data directory ${dataDir} is not usable (${reason(error)}): set PGLITE_DATA_DIR to a writable directory`,
    2,
    { cause: error },
  );
}

/**
 * Creates the directory and its missing parents one level at a time. Node's own recursive
 * mkdir retries for ever where mkdir answers ENOENT under an existing parent (/proc/nope),
 * which is how a bad PGLITE_DATA_DIR used to hang the start.
 */
function makeDirectory(dataDir: string): void {
  const missing: string[] = [];
  for (let dir = resolve(dataDir); ; dir = dirname(dir)) {
    try {
      if (!statSync(dir).isDirectory()) throw Object.assign(new Error(dir), { code: "ENOTDIR" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || dirname(dir) === dir) throw error;
      missing.unshift(dir);
    }
  }
  for (const dir of missing) mkdirSync(dir);
}

function readRecord(path: string): LockRecord | null {
  try {
    const record = JSON.parse(readFileSync(path, "utf8")) as LockRecord;
    return Number.isSafeInteger(record.pid) ? record : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    // Not a record (lock files appear whole, see createRecord): nobody holds it.
    return { pid: 0, startTicks: null, since: "", holder: "" };
  }
}

/** Writes the record beside `path`, whole, and returns where. */
function writeRecord(path: string, record: LockRecord): string {
  const draft = `${path}.${process.pid}`;
  const fd = openSync(draft, "w", 0o644);
  try {
    writeSync(fd, `${JSON.stringify(record)}\n`);
  } finally {
    closeSync(fd);
  }
  return draft;
}

/**
 * Creates `path` holding the record, failing with EEXIST if it exists. A hard link is created
 * atomically with its content, so no reader ever sees a lock file half-written (and takes it
 * for stale), as it could between an O_EXCL open and the write.
 */
function createRecord(path: string, record: LockRecord): void {
  const draft = writeRecord(path, record);
  try {
    linkSync(draft, path);
  } finally {
    unlinkSync(draft);
  }
}

/**
 * Removes a stale lock file. Two processes may find the same stale file at once; the takeover
 * directory (mkdir is atomic) lets one at a time re-read and remove it, so the second one
 * cannot remove the lock the first has just created. A takeover left by a process that died
 * inside these few lines is itself stale after a few seconds.
 */
function removeStale(path: string, stale: LockRecord): void {
  const guard = `${path}.takeover`;
  try {
    mkdirSync(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    if (Date.now() - statSync(guard).mtimeMs > 5000) rmdirSync(guard);
    return;
  }
  try {
    const now = readRecord(path);
    if (now && now.pid === stale.pid && now.startTicks === stale.startTicks && now.since === stale.since)
      unlinkSync(path);
  } finally {
    rmdirSync(guard);
  }
}

function heldBy(dataDir: string, record: LockRecord): StartupError {
  const who = record.pid === process.pid ? "this same process" : `pid ${record.pid}`;
  return new StartupError(
    `the PGlite data directory ${dataDir} is in use by ${record.holder || "another process"} (${who}, since ${record.since}): stop it, use the running server's API instead, or set PGLITE_DATA_DIR to another directory`,
    2,
  );
}

/**
 * Makes `dataDir` usable (created, writable) and takes its lock for this process, or throws a
 * StartupError (exit 2) saying who holds it or why the directory cannot be used. Never waits.
 */
export function acquireStoreLock(dataDir: string, holder: string): StoreLock {
  try {
    makeDirectory(dataDir);
  } catch (error) {
    throw unusable(dataDir, error);
  }
  const path = join(dataDir, LOCK_FILE);
  const mine: LockRecord = {
    pid: process.pid,
    startTicks: startTicksOf("self"),
    since: new Date().toISOString(),
    holder,
  };
  for (let attempt = 0; ; attempt++) {
    try {
      createRecord(path, mine);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw unusable(dataDir, error);
    }
    const record = readRecord(path);
    if (record && isRunning(record)) throw heldBy(dataDir, record);
    if (attempt >= 5) throw heldBy(dataDir, record ?? mine);
    try {
      if (record) removeStale(path, record);
    } catch (error) {
      throw unusable(dataDir, error);
    }
  }

  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off("exit", release);
    const record = readRecord(path);
    if (record?.pid === mine.pid && record.since === mine.since) unlinkSync(path);
  };
  // A process that exits without closing (process.exit, an uncaught error) still lets go;
  // SIGKILL cannot be caught, which is what the staleness check is for.
  process.on("exit", release);
  return {
    path,
    describe(description) {
      if (!held) return;
      mine.holder = description;
      // Rename over the lock so a reader never sees it half-written.
      renameSync(writeRecord(path, mine), path);
    },
    release,
  };
}
