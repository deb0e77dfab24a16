import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runToEnd } from "./processes.ts";
import type { RunResult } from "./types.ts";

interface BenchLine {
  requests: number;
  duration_us: number;
  socket_errors: number;
  non_2xx_3xx: number;
  unexpected: number;
  noops: number;
  shed?: number;
  timeouts?: number;
  p50_us: number;
  p99_us: number;
}

/** Reads the `BENCH {…}` line our scripts' done() prints into one run's figures. */
export function parseWrkOutput(stdout: string): RunResult {
  const line = stdout.split("\n").find((l) => l.startsWith("BENCH {"));
  if (!line) throw new Error(`wrk printed no BENCH line:\n${stdout}`);
  const b = JSON.parse(line.slice("BENCH ".length)) as BenchLine;
  const seconds = b.duration_us / 1e6;
  return {
    requests: b.requests,
    seconds,
    requestsPerSecond: seconds > 0 ? b.requests / seconds : 0,
    p50Ms: b.p50_us / 1000,
    p99Ms: b.p99_us / 1000,
    errors: b.socket_errors + b.unexpected,
    noops: b.noops,
    shed: b.shed ?? 0,
    timeouts: b.timeouts ?? 0,
  };
}

/** `wrk -v` names its version on its first line ("wrk debian/4.1.0-3+b2 [epoll] …"). */
export function parseWrkVersion(output: string): string {
  return /^wrk (\S+(?: \[\w+\])?)/m.exec(output)?.[1] ?? "unknown";
}

export async function wrkVersion(): Promise<string> {
  const { stdout, stderr } = await runToEnd("wrk -v", "wrk", ["-v"], {
    cwd: process.cwd(),
    env: process.env,
    timeoutMs: 10_000,
  }).catch(() => ({ stdout: "", stderr: "" }));
  return parseWrkVersion(stdout + stderr);
}

export interface WrkRun {
  url: string;
  script: string;
  duration: number;
  connections: number;
  threads: number;
  /** A directory for the script file. */
  workDir: string;
  name: string;
}

/**
 * One wrk run (no pipelining, bounded by its duration plus a margin), parsed. wrk's timeout
 * stays its default 2 s: a response slower than that is counted as a timeout, which is how the
 * report counts "requests slower than 2 s".
 */
export async function runWrk(run: WrkRun): Promise<RunResult> {
  const scriptPath = join(run.workDir, `${run.name}.lua`);
  await writeFile(scriptPath, run.script);
  const args = [
    `-t${run.threads}`,
    `-c${run.connections}`,
    `-d${run.duration}s`,
    "--latency",
    "-s",
    scriptPath,
  ];
  const { code, stdout, stderr } = await runToEnd("wrk", "wrk", [...args, run.url], {
    cwd: run.workDir,
    env: process.env,
    timeoutMs: (run.duration + 30) * 1000,
  });
  if (code !== 0) throw new Error(`wrk exited ${code} on ${run.url}:\n${stderr}${stdout}`);
  return parseWrkOutput(stdout);
}
