import { existsSync, fdatasyncSync, fsyncSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

/**
 * `strict`: a commit returns once its WAL is on disk. `relaxed`: once the OS has it (it survives
 * the process being killed, not the machine losing power).
 */
export type Durability = "strict" | "relaxed";

/*
 * Why PGlite alone acknowledges before anything reaches the disk, and how strict mode fixes it.
 *
 * PGlite is PostgreSQL compiled to WebAssembly, reaching the real files through Emscripten's
 * NODEFS. Two things keep every write in the page cache only:
 *  1. PGlite starts PostgreSQL with `-F` (fsync = off), so PostgreSQL never asks for a flush:
 *     not of the WAL at commit, not of the data files at a checkpoint.
 *  2. Even if asked, Emscripten drops it: `fdatasync()` is a no-op syscall, and `fsync()`
 *     (WASI fd_sync) calls the file system's `stream_ops.fsync`, which NODEFS does not have.
 *
 * Strict mode removes both: PostgreSQL runs with fsync on and `wal_sync_method = fsync` (the one
 * method that reaches fd_sync rather than the dead fdatasync), and NODEFS gets a
 * `stream_ops.fsync` that flushes the real file. PostgreSQL's own rules then decide what is on
 * disk when, as in any PostgreSQL server:
 *  - a commit returns only after its WAL records are flushed (one flush of the current WAL
 *    segment per committed write transaction; a read-only statement flushes nothing);
 *  - a checkpoint (PGlite runs none on its own: a single-user backend has no checkpointer, so
 *    only CHECKPOINT, a few DDL commands and close() make one) flushes every data file it wrote
 *    and the directories it changed before it records the new redo point in pg_control, and
 *    only then removes or recycles the WAL the checkpoint made unnecessary. So a crash at any
 *    moment finds either the old redo point with all its WAL, or the new one with its data on
 *    disk;
 *  - after a crash, recovery first flushes the whole directory, since it cannot know what an
 *    earlier run left unflushed.
 * WAL segment files get fdatasync, not fsync: PostgreSQL zero-fills and flushes a segment
 * when it creates one, so later writes never change its size, and fdatasync skips the
 * needless mtime journal commit (Linux PostgreSQL's default wal_sync_method is fdatasync too).
 * What PostgreSQL never flushed is the directory as PGlite first lays it out (initdb runs in
 * memory and is unpacked with plain writes) or as a relaxed run left it, so a strict open of
 * such a directory flushes all of it once, before any write is acknowledged.
 */

/** How many flushes the store has made: what tests and figures read. */
export interface DiskSyncs {
  count: number;
}

/** A WAL segment file: 24 hex digits (timeline, log, segment) under pg_wal/. */
const WAL_SEGMENT = /\/pg_wal\/[0-9A-F]{24}$/;

/** NODEFS with a real fsync; counts the flushes it makes. */
class DurableNodeFS extends NodeFS {
  constructor(
    dataDir: string,
    private readonly syncs: DiskSyncs,
  ) {
    super(dataDir);
  }

  override async init(...args: Parameters<NodeFS["init"]>) {
    const result = await super.init(...args);
    const preRun = result.emscriptenOpts.preRun ?? [];
    result.emscriptenOpts.preRun = [
      ...preRun,
      (mod) => {
        // Emscripten's module types do not describe NODEFS; this is the shape it has.
        const nodefs = (mod as unknown as { NODEFS: NodeFsInternals }).NODEFS;
        nodefs.stream_ops.fsync = (stream) =>
          nodefs.tryFSOperation(() => {
            if (WAL_SEGMENT.test(stream.path)) fdatasyncSync(stream.nfd);
            else fsyncSync(stream.nfd);
            this.syncs.count++;
            return 0;
          });
      },
    ];
    return result;
  }
}

interface NodeFsInternals {
  stream_ops: { fsync?: (stream: { path: string; nfd: number }) => number };
  /** Turns a Node error into the errno the WebAssembly side expects (PostgreSQL then PANICs, as it must). */
  tryFSOperation<T>(operation: () => T): T;
}

/** Every file and directory under `dir`, the directories after what they hold. */
function treeOf(dir: string, paths: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) treeOf(path, paths);
    else if (entry.isFile()) paths.push(path);
  }
  paths.push(dir);
  return paths;
}

/**
 * Flushes the whole directory. The flushes run side by side (libuv's threads), so the file
 * system commits them together: a fresh directory's thousand files took 20 s one by one.
 */
async function syncTree(dir: string, syncs: DiskSyncs): Promise<void> {
  const paths = treeOf(dir);
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const file = await open(paths[next++] as string, "r");
      try {
        await file.sync();
        syncs.count++;
      } finally {
        await file.close();
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/**
 * Marks a directory a relaxed run has written: a strict open after it flushes it all, since
 * PostgreSQL cannot know what was left unflushed while fsync was off.
 */
const UNFLUSHED_MARK = "follow-graph.unflushed";

/**
 * PGlite's start parameters without flushes. PostgreSQL's default 128 MB of shared buffers
 * was most of the process's memory under load: at 64 connections on a 200,000-edge graph the
 * gateway peaked at 434 MB with it and at 364 MB with 64 MB, serving as fast (the OS page cache
 * still holds the files). 32 MB saved 30 MB more but slowed anonymous pages by a seventh.
 */
export const RELAXED_START_PARAMS = [...PGlite.defaultStartParams, "-c", "shared_buffers=64MB"];

/** With PostgreSQL's own flushes: fsync on, through the one method that reaches fd_sync. */
const STRICT_START_PARAMS = [
  ...RELAXED_START_PARAMS.filter((param) => param !== "-F"),
  "-c",
  "wal_sync_method=fsync",
];

/** PGlite on `dataDir` (a folder) with the durability asked for. */
export async function createDurablePglite(
  dataDir: string,
  durability: Durability,
): Promise<{ client: PGlite; syncs: DiskSyncs }> {
  const syncs: DiskSyncs = { count: 0 };
  const mark = join(dataDir, UNFLUSHED_MARK);
  if (durability === "relaxed") {
    writeFileSync(mark, "written with PGLITE_DURABILITY=relaxed\n");
    return { client: await PGlite.create({ dataDir, startParams: RELAXED_START_PARAMS }), syncs };
  }
  const unflushed = !existsSync(join(dataDir, "PG_VERSION")) || existsSync(mark);
  const client = await PGlite.create({
    fs: new DurableNodeFS(dataDir, syncs),
    startParams: STRICT_START_PARAMS,
  });
  try {
    if (unflushed) {
      await syncTree(dataDir, syncs);
      rmSync(mark, { force: true });
    }
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
  return { client, syncs };
}
