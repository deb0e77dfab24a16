import { describe, expect, it } from "vitest";
import { medianRun } from "./measure.ts";
import type { RunResult } from "./types.ts";

const run = (requestsPerSecond: number): RunResult => ({
  requests: requestsPerSecond * 8,
  seconds: 8,
  requestsPerSecond,
  p50Ms: 1000 / requestsPerSecond,
  p99Ms: 2,
  errors: 0,
  noops: 0,
  shed: 0,
  timeouts: 0,
});

describe("medianRun", () => {
  it("is the middle run by requests/s, the lower middle for an even count", () => {
    expect(medianRun([run(300), run(100), run(200)]).requestsPerSecond).toBe(200);
    expect(medianRun([run(400), run(100), run(300), run(200)]).requestsPerSecond).toBe(200);
    expect(() => medianRun([])).toThrow();
  });
});
