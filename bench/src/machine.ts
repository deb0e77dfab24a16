import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { postgresVersion } from "./databases.ts";
import type { Machine } from "./types.ts";
import { wrkVersion } from "./wrk.ts";

function git(repoRoot: string, args: string[]): string {
  try {
    return execFileSync("git", args, {
      cwd: repoRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "";
  }
}

/** The short commit, with "dirty" when the working tree has changes. */
export function describeCommit(repoRoot: string): string {
  const head = git(repoRoot, ["rev-parse", "--short", "HEAD"]) || "unknown";
  return git(repoRoot, ["status", "--porcelain"]) ? `${head} (dirty)` : head;
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (match) return match[1]!.trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? "unknown";
}

export async function describeMachine(repoRoot: string, pgUrl: string | null): Promise<Machine> {
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    memoryGb: totalmem() / 2 ** 30,
    node: process.version,
    // "PostgreSQL 15.20 (Debian 15.20-0+deb12u1) on x86_64-pc-linux-gnu, compiled by …": up to " on".
    postgres: pgUrl ? ((await postgresVersion(pgUrl))?.split(" on ")[0] ?? null) : null,
    wrk: await wrkVersion(),
    commit: describeCommit(repoRoot),
  };
}
