import { runToEnd } from "./processes.ts";
import type { SeedReport } from "./types.ts";

export interface SeedSize {
  users: number;
  edges: number;
  popular: number;
}

/** Reads the one JSON line `pnpm cli seed --json` prints; pnpm's own lines may surround it. */
export function parseSeedOutput(stdout: string): Omit<SeedReport, "wallSeconds"> {
  const line = stdout
    .split("\n")
    .map((l) => l.trim())
    .reverse()
    .find((l) => l.startsWith("{") && l.endsWith("}"));
  if (!line) throw new Error(`pnpm cli seed --json printed no JSON line:\n${stdout}`);
  const parsed = JSON.parse(line) as Partial<SeedReport>;
  for (const key of ["users", "edges", "firstUserId", "lastUserId", "seconds"] as const)
    if (typeof parsed[key] !== "number") throw new Error(`pnpm cli seed --json: '${key}' missing in ${line}`);
  return {
    users: parsed.users!,
    edges: parsed.edges!,
    firstUserId: parsed.firstUserId!,
    lastUserId: parsed.lastUserId!,
    popular: parsed.popular ?? null,
    seconds: parsed.seconds!,
  };
}

/** Seeds the engine's store with the gateway's CLI (`pnpm cli seed … --json`), bounded in time. */
export async function seedWithCli(
  repoRoot: string,
  env: NodeJS.ProcessEnv,
  size: SeedSize,
  log: (line: string) => void,
): Promise<SeedReport> {
  const args = ["--silent", "cli", "seed", "--users", String(size.users), "--edges", String(size.edges)];
  args.push("--popular", String(size.popular), "--json");
  const started = performance.now();
  const { code, stdout, stderr } = await runToEnd("pnpm cli seed", "pnpm", args, {
    cwd: repoRoot,
    env,
    timeoutMs: 30 * 60_000,
    onStderr: (line) => log(`  seed: ${line}`),
  });
  if (code !== 0) throw new Error(`pnpm cli seed failed (exit ${code}):\n${stderr}${stdout}`);
  return { ...parseSeedOutput(stdout), wallSeconds: (performance.now() - started) / 1000 };
}
