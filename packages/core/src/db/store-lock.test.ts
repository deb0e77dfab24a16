import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isStartupError, type StartupError } from "../errors/startup-error.ts";
import { openDatabase } from "./database.ts";
import { acquireStoreLock, LOCK_FILE } from "./store-lock.ts";

const root = mkdtempSync(join(tmpdir(), "follow-graph-lock-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(root, `store-${dirs++}`);

/** The StartupError `attempt` throws. */
function refusal(attempt: () => unknown): StartupError {
  try {
    attempt();
  } catch (error) {
    if (isStartupError(error)) return error;
    throw error;
  }
  throw new Error("expected a StartupError");
}

/** A pid that ran and is gone. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

const hasProc = existsSync("/proc/self/stat");

// The lock concerns the embedded store only: it runs once, on the PGlite pass.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("the embedded store's lock", () => {
  it("lets one opener at a time hold a data directory, and the next after it closed", async () => {
    const dir = freshDir();
    const first = await openDatabase({
      driver: "pglite",
      dataDir: dir,
      durability: "relaxed",
      holder: "the first opener",
    });
    const error = await openDatabase({ driver: "pglite", dataDir: dir }).then(
      () => {
        throw new Error("a second open succeeded");
      },
      (e: unknown) => e as StartupError,
    );
    expect(isStartupError(error)).toBe(true);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(
      new RegExp(
        `^the PGlite data directory ${dir} is in use by the first opener \\(this same process, since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\): stop it, use the running server's API instead, or set PGLITE_DATA_DIR to another directory$`,
      ),
    );
    await first.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const next = await openDatabase({ driver: "pglite", dataDir: dir, durability: "relaxed" });
    await next.close();
  });

  it("names the holder another process wrote, with its pid", () => {
    const dir = freshDir();
    acquireStoreLock(dir, "x").release();
    // The parent of this test process is alive for as long as the test runs.
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({
        pid: process.ppid,
        startTicks: null,
        since: "2026-01-01T00:00:00.000Z",
        holder: "pnpm cli seed",
      }),
    );
    expect(refusal(() => acquireStoreLock(dir, "me")).message).toContain(
      `is in use by pnpm cli seed (pid ${process.ppid}, since 2026-01-01T00:00:00.000Z)`,
    );
  });

  it("takes over a lock whose process is gone", () => {
    const dir = freshDir();
    acquireStoreLock(dir, "x").release();
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({
        pid: deadPid(),
        startTicks: null,
        since: "2026-01-01T00:00:00.000Z",
        holder: "killed",
      }),
    );
    const lock = acquireStoreLock(dir, "the next opener");
    expect(JSON.parse(readFileSync(lock.path, "utf8"))).toMatchObject({
      pid: process.pid,
      holder: "the next opener",
    });
    lock.release();
  });

  it.runIf(hasProc)("takes over a lock whose pid now belongs to another process", () => {
    const dir = freshDir();
    acquireStoreLock(dir, "x").release();
    // The pid is alive, but it started at another time than the holder did: it was reused.
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({
        pid: process.ppid,
        startTicks: "1",
        since: "2026-01-01T00:00:00.000Z",
        holder: "gone",
      }),
    );
    const lock = acquireStoreLock(dir, "the next opener");
    expect(JSON.parse(readFileSync(lock.path, "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("takes over a lock file that is not a lock record", () => {
    const dir = freshDir();
    acquireStoreLock(dir, "x").release();
    writeFileSync(join(dir, LOCK_FILE), "");
    acquireStoreLock(dir, "me").release();
  });

  it("rewrites its holder's description, and releases only its own lock", () => {
    const dir = freshDir();
    const lock = acquireStoreLock(dir, "the follow-graph server");
    lock.describe("the follow-graph server on http://127.0.0.1:3000");
    expect(refusal(() => acquireStoreLock(dir, "me")).message).toContain(
      "in use by the follow-graph server on http://127.0.0.1:3000 (",
    );
    lock.release();
    const next = acquireStoreLock(dir, "next");
    lock.release(); // a second release of the old lock leaves the new holder's file alone
    expect(existsSync(next.path)).toBe(true);
    next.release();
  });

  it.each([
    ["/proc/nope", "no such file or directory, and it cannot be created there"],
    ["/proc/nope/deeper", "no such file or directory, and it cannot be created there"],
    ["/etc/hostname", "it, or a folder on its path, is a file"],
    ["/etc/hostname/pglite", "it, or a folder on its path, is a file"],
  ])("refuses an unusable directory %s at once, exit 2", async (dir, why) => {
    const error = (await openDatabase({ driver: "pglite", dataDir: dir }).catch(
      (e: unknown) => e,
    )) as StartupError;
    expect(isStartupError(error)).toBe(true);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      `the PGlite data directory ${dir} is not usable (${why}): set PGLITE_DATA_DIR to a writable directory`,
    );
  });

  it("bounds PGlite's start, and keeps the lock until the late start has let go", async () => {
    const dir = freshDir();
    const error = (await openDatabase({ driver: "pglite", dataDir: dir, startTimeoutMs: 1 }).catch(
      (e: unknown) => e,
    )) as StartupError;
    expect(isStartupError(error)).toBe(true);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      `PGlite did not start on ${dir} within 0.001 s: is the directory on a working, local file system?`,
    );
    while (existsSync(join(dir, LOCK_FILE))) await new Promise((resolve) => setTimeout(resolve, 100));
    const next = await openDatabase({ driver: "pglite", dataDir: dir, durability: "relaxed" });
    await next.close();
  });
});
