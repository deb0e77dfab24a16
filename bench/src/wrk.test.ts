import { describe, expect, it } from "vitest";
import { parseWrkOutput, parseWrkVersion } from "./wrk.ts";

const OUTPUT = `Running 8s test @ http://127.0.0.1:40123/api/v4/users/2/followers?per_page=100
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    20.51ms    4.02ms  61.30ms   80.12%
    Req/Sec     1.57k   120.33     1.80k    70.00%
  Latency Distribution
     50%   19.80ms
     75%   21.90ms
     90%   24.10ms
     99%   38.70ms
  25040 requests in 8.01s, 615.12MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   3126.09
Transfer/sec:     76.80MB
BENCH {"requests":25040,"duration_us":8010000,"socket_errors":2,"non_2xx_3xx":3,"unexpected":3,"noops":0,"p50_us":19800,"p99_us":38700}
`;

describe("parseWrkOutput", () => {
  it("reads the BENCH line of our done() callback", () => {
    expect(parseWrkOutput(OUTPUT)).toEqual({
      requests: 25040,
      seconds: 8.01,
      requestsPerSecond: 25040 / 8.01,
      p50Ms: 19.8,
      p99Ms: 38.7,
      errors: 5,
      noops: 0,
      shed: 0,
      timeouts: 0,
    });
  });

  it("reads the timeouts and shed 503s our scripts count apart", () => {
    const line =
      'BENCH {"requests":10,"duration_us":1000000,"socket_errors":4,"non_2xx_3xx":6,"unexpected":0,"noops":0,"shed":6,"timeouts":4,"p50_us":1,"p99_us":2}';
    expect(parseWrkOutput(line)).toMatchObject({ errors: 4, shed: 6, timeouts: 4 });
  });

  it("fails loudly when the script printed nothing", () => {
    expect(() => parseWrkOutput("Running 8s test @ …\n")).toThrow(/no BENCH line/);
  });
});

describe("parseWrkVersion", () => {
  it("keeps the version and event loop of `wrk -v`", () => {
    expect(parseWrkVersion("wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer\nUsage: …")).toBe(
      "debian/4.1.0-3+b2 [epoll]",
    );
    expect(parseWrkVersion("")).toBe("unknown");
  });
});
