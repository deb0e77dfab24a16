import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const gatewayDir = fileURLToPath(new URL("..", import.meta.url));

export interface GatewayProcess {
  child: ChildProcess;
  /** The exit code once the process has exited (null if a signal ended it). */
  exited: Promise<number | null>;
  /** The URL of its "Listening on" line; rejects if it exits without printing one. */
  listening: Promise<string>;
  /** The first match of `pattern` in what it printed, once it is there; rejects if it exits first. */
  line(pattern: RegExp): Promise<RegExpExecArray>;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
}

/**
 * The gateway as `pnpm start` runs it, in its own process on an ephemeral port of 127.0.0.1,
 * with `env` over this process's environment (the store: PGLITE_DATA_DIR, DATABASE_URL).
 * `wrapper` runs it through another program, e.g. strace and its options.
 */
export function spawnGateway(env: Record<string, string>, wrapper: string[] = []): GatewayProcess {
  const [program, ...args] = [...wrapper, process.execPath, "--import", "tsx", "src/main.ts"];
  const child = spawn(program as string, args, {
    cwd: gatewayDir,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ...env },
  });
  let output = "";
  const watchers = new Set<() => void>();
  const onOutput = (chunk: Buffer) => {
    output += chunk;
    for (const watch of watchers) watch();
  };
  child.stdout.on("data", onOutput);
  child.stderr.on("data", onOutput);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const line = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const watch = () => {
        const match = pattern.exec(output);
        if (!match) return;
        watchers.delete(watch);
        resolve(match);
      };
      watchers.add(watch);
      watch();
      exited.then(() => {
        if (watchers.delete(watch)) reject(new Error(`exited without printing ${pattern}:\n${output}`));
      });
    });
  const listening = line(/Listening on (http:\/\/\S+)/).then((match) => match[1]!);
  listening.catch(() => {}); // a start that is meant to fail never waits for it
  return { child, exited, listening, line, output: () => output };
}
