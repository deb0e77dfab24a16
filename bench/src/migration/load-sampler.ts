// The machine's 1-minute load average over a run: on a shared machine it says how much the
// figures were competing with (the preamble asks every benchmark to report it).
import { loadavg } from "node:os";

export function sampleLoad(everyMs = 10_000) {
  const samples: number[] = [loadavg()[0]!];
  const timer = setInterval(() => samples.push(loadavg()[0]!), everyMs);
  timer.unref();
  return {
    first: samples[0]!.toFixed(2),
    /** "min–max" of the samples so far, and stops sampling. */
    stop(): string {
      clearInterval(timer);
      samples.push(loadavg()[0]!);
      return `${Math.min(...samples).toFixed(2)}–${Math.max(...samples).toFixed(2)}`;
    },
  };
}
