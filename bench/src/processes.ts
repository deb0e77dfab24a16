import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { defer, trackGroup } from "./cleanup.ts";

export interface Child {
  pid: number;
  process: ChildProcess;
  /** The last lines the child wrote, for error messages. */
  tail(): string;
  /** Resolves with the first output line matching `pattern`; rejects if the child exits first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  exited: Promise<number | null>;
  /** SIGTERM to its group, SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a process in its own process group (so stopping it stops whatever it started too),
 * registered with the cleanup stack until it is stopped.
 */
export function startChild(
  label: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Child {
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid === undefined) throw new Error(`${label}: could not start ${command}`);
  const pid = child.pid;
  const untrack = trackGroup(pid);
  const lines: string[] = [];
  const watchers = new Set<(line: string) => void>();
  let partial = "";
  const onData = (chunk: Buffer) => {
    const text = partial + chunk.toString("utf8");
    const parts = text.split("\n");
    partial = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      if (lines.length > 40) lines.shift();
      for (const watch of watchers) watch(line);
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      untrack();
      resolve(code);
    });
  });

  const stopNow = async (graceMs = 5_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // gone in the meantime
      }
    }, graceMs);
    await exited;
    clearTimeout(timer);
  };
  const forget = defer(`stop ${label}`, () => stopNow());

  return {
    pid,
    process: child,
    exited,
    tail: () => lines.join("\n"),
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const found = lines.find((l) => pattern.test(l));
        if (found) return resolve(found);
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(
            new Error(`${label}: no line matching ${pattern} within ${timeoutMs} ms\n${lines.join("\n")}`),
          );
        }, timeoutMs);
        const watch = (line: string) => {
          if (!pattern.test(line)) return;
          clearTimeout(timer);
          watchers.delete(watch);
          resolve(line);
        };
        watchers.add(watch);
        exited.then((code) => {
          clearTimeout(timer);
          if (watchers.delete(watch)) reject(new Error(`${label} exited (${code}):\n${lines.join("\n")}`));
        });
      });
    },
    async stop(graceMs) {
      await stopNow(graceMs);
      await forget();
    },
  };
}

/** Runs a command to completion (bounded), returning its output. */
export async function runToEnd(
  label: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; onStderr?: (line: string) => void },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`${label}: could not start ${command}`);
  const pid = child.pid;
  const untrack = trackGroup(pid);
  let finished = false;
  const kill = () => {
    if (finished) return;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // gone
    }
  };
  const forget = defer(`stop ${label}`, kill);
  const timer = setTimeout(kill, options.timeoutMs);
  let stdout = "";
  let stderr = "";
  let partial = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
    if (!options.onStderr) return;
    const parts = (partial + chunk.toString("utf8")).split(/\r?\n|\r/);
    partial = parts.pop() ?? "";
    for (const line of parts) if (line.trim()) options.onStderr(line);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (c) => resolve(c));
  }).finally(() => {
    finished = true;
    clearTimeout(timer);
    untrack();
  });
  await forget();
  return { code, stdout, stderr };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The resident set of a process from /proc, in MB. */
export function readRssMb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time a process has used so far, in clock ticks (user + system), from /proc/<pid>/stat. */
export function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces; the fields after it are space-separated.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/**
 * Waits until the process has (nearly) stopped using CPU: when wrk stops, a server may still be
 * working off the requests in flight, and that backlog must not leak into the next scenario.
 */
export async function waitForIdle(pid: number, maxMs = 30_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = cpuTicks(pid);
  while (last !== undefined && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = cpuTicks(pid);
    if (now === undefined || now - last <= 2) return;
    last = now;
  }
}
