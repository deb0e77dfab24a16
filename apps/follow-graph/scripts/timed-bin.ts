// The follow-graph bin from source as its own process, timed, with that process's own peak
// resident set (reported as it exits), for the migration benches.
import { execFile } from "node:child_process";

const bin = new URL("../src/bin.ts", import.meta.url).pathname;
const PEAK_RSS = `data:text/javascript,process.on("exit",()=>process.stderr.write("peak-rss-kb="+process.resourceUsage().maxRSS+"\\n"))`;

export interface TimedRun {
  seconds: number;
  peakMb: number;
  stdout: string;
  stderr: string;
}

export function timedBin(args: string[]): Promise<TimedRun> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ["--import", "tsx", "--import", PEAK_RSS, bin, ...args],
      { maxBuffer: 1 << 30 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${args.join(" ")}: ${stderr}`));
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const kb = Number(stderr.match(/peak-rss-kb=(\d+)/)?.[1] ?? Number.NaN);
        resolve({ seconds, peakMb: kb / 1024, stdout, stderr });
      },
    ),
  );
}
