import { type ChildProcess, execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const packageDir = fileURLToPath(new URL("..", import.meta.url));

export type Result = { code: number; stdout: string; stderr: string };

/** The follow-graph bin from source, to its end. */
export function runBin(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", `${packageDir}src/bin.ts`, ...args],
      { cwd: options.cwd ?? packageDir, env: { ...process.env, ...options.env }, timeout: 110_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The bin from source, running, with its output gathered. */
export function startBin(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", `${packageDir}src/bin.ts`, ...args],
    {
      cwd: options.cwd ?? packageDir,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk;
  });
  const exited = new Promise<number>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? (signal ? -1 : 1))),
  );
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    /** Resolves with stdout's first line once there is one. */
    async firstLine(): Promise<string> {
      while (!stdout.includes("\n")) {
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return stdout.slice(0, stdout.indexOf("\n"));
    },
  };
}
