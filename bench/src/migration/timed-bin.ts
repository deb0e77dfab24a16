// The follow-graph bin from source as its own process, timed, with that process's own peak
// resident set (reported as it exits): how the migration figures are taken.
import { fileURLToPath } from "node:url";
import { log } from "../log.ts";
import { runToEnd } from "../processes.ts";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const bin = fileURLToPath(new URL("../../../apps/follow-graph/src/bin.ts", import.meta.url));
// maxRSS is the whole life's peak, read at exit: /proc sampling could miss a short peak.
const PEAK_RSS = `data:text/javascript,process.on("exit",()=>process.stderr.write("peak-rss-kb="+process.resourceUsage().maxRSS+"\\n"))`;

export interface TimedRun {
  seconds: number;
  peakMb: number;
  stdout: string;
  stderr: string;
}

/** Runs `follow-graph ARGS` from the repository root; a non-zero exit is an error with its stderr. */
export async function timedBin(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<TimedRun> {
  const started = process.hrtime.bigint();
  const { code, stdout, stderr } = await runToEnd(
    `follow-graph ${args[0]}`,
    process.execPath,
    ["--import", "tsx", "--import", PEAK_RSS, bin, ...args],
    { cwd: repoRoot, env: options.env ?? process.env, timeoutMs: options.timeoutMs ?? 30 * 60_000 },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`follow-graph ${args.join(" ")} exited ${code}:\n${stderr.slice(-4000)}`);
  const kb = Number(stderr.match(/peak-rss-kb=(\d+)/)?.[1] ?? Number.NaN);
  // Each figure as soon as it is taken, so a run stopped part-way still shows what it measured.
  // The summary ("… in 12.3 s") over the last progress line: stderr's progress follows stdout's summary.
  const lines = `${stdout}\n${stderr}`.split("\n");
  const summary =
    lines.filter((l) => / in \d+(\.\d+)? s$/.test(l)).at(-1) ??
    lines.filter((l) => /edges added/.test(l)).at(-1);
  log(
    `  ${args[0]} ${args[1] ?? ""}: ${seconds.toFixed(1)} s wall, peak RSS ${(kb / 1024).toFixed(0)} MB${summary ? `; ${summary.trim()}` : ""}`,
  );
  return { seconds, peakMb: kb / 1024, stdout, stderr };
}
