import { describe, expect, it } from "vitest";
import { sampleReport } from "./sample-report.ts";
import { evaluateTargets } from "./targets.ts";

describe("evaluateTargets", () => {
  const checks = evaluateTargets(sampleReport().engines);
  const find = (engine: string, what: string) => checks.find((c) => c.engine === engine && c.what === what);

  it("judges PostgreSQL throughput floors and deep pages against page 1", () => {
    expect(find("postgres", "GitLab followers, per_page 100")).toMatchObject({
      goal: "≥ 3,000 req/s",
      met: true,
    });
    expect(find("postgres", "GitLab page 1000 via the Link cursor")).toMatchObject({
      measured: "75% of page 1",
      met: false,
    });
    expect(find("postgres", "GitLab follow/unfollow toggles")).toMatchObject({ met: true });
  });

  it("takes the worst read p99 and the largest RSS", () => {
    expect(find("postgres", "p99 latency of every read")).toMatchObject({ met: false });
    expect(find("postgres", "p99 latency of every read")?.measured).toContain("75.0 ms");
    expect(find("postgres", "server RSS")).toMatchObject({ measured: "at most 260 MB", met: false });
  });

  it("holds PGlite to its own write floor and start-up time only", () => {
    expect(find("pglite", "GitLab followers, per_page 100")).toBeUndefined();
    expect(find("pglite", "GitLab follow/unfollow toggles")).toMatchObject({
      goal: "≥ 1,000 req/s",
      met: false,
    });
    expect(find("pglite", "start to first answered request")).toMatchObject({
      measured: "2.50 s",
      met: false,
    });
  });
});
