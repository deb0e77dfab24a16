import { describe, expect, it } from "vitest";
import { sampleReport } from "./sample-report.ts";
import { evaluateTargets, ratioFloor } from "./targets.ts";

describe("ratioFloor", () => {
  it("asks 2.0 of PostgreSQL toggles, 1.5 of its list pages, 1.0 elsewhere and on PGlite", () => {
    expect(ratioFloor({ engine: "postgres", id: "gitlab-toggle", write: true })).toBe(2);
    expect(ratioFloor({ engine: "postgres", id: "github-followers-30-anon", write: false })).toBe(1.5);
    expect(ratioFloor({ engine: "postgres", id: "github-check-204", write: false })).toBe(1);
    expect(ratioFloor({ engine: "pglite", id: "gitlab-toggle", write: true })).toBe(1);
  });
});

describe("evaluateTargets", () => {
  const checks = evaluateTargets(sampleReport().engines);
  const find = (engine: string, what: string) => checks.find((c) => c.engine === engine && c.what === what);

  it("judges every row by gateway / reference against its floor", () => {
    expect(find("postgres", "GitLab followers, per_page 100")).toMatchObject({
      measured: "1.60×",
      met: true,
    });
    expect(find("postgres", "GitLab page 200 via the Link cursor")).toMatchObject({
      measured: "0.96×",
      met: false,
    });
    expect(find("postgres", "GitLab follow/unfollow toggles")).toMatchObject({
      goal: "gateway / reference ≥ 2.0",
      met: false,
    });
    expect(find("pglite", "GitLab follow/unfollow toggles")).toMatchObject({ measured: "0.90×", met: false });
  });

  it("takes the worst read p99 against the reference's, and the largest RSS against each engine's limit", () => {
    const p99 = find("postgres", "p99 of every read");
    expect(p99).toMatchObject({ met: false });
    expect(p99?.measured).toContain("worst 3.00× (GitLab page 200 via the Link cursor: 75.0 vs 25.0 ms)");
    expect(find("postgres", "gateway RSS after every scenario")).toMatchObject({
      goal: "≤ 200 MB",
      measured: "at most 260 MB",
      met: false,
    });
    expect(find("pglite", "gateway RSS after every scenario")).toMatchObject({ goal: "≤ 400 MB", met: true });
  });

  it("holds PGlite to no request over 2 s and its start-up time, and every store to exact counters", () => {
    expect(find("pglite", "requests slower than 2 s (wrk timeouts), gateway")).toMatchObject({ met: false });
    expect(find("pglite", "start to first answered request")).toMatchObject({
      measured: "2.50 s",
      met: false,
    });
    expect(find("postgres", "counters equal COUNT(*) after the toggles (shared database)")).toMatchObject({
      met: true,
    });
    expect(find("pglite", "counters equal COUNT(*) after the toggles (reference's copy)")).toMatchObject({
      measured: "2 of 20,002 wrong",
      met: false,
    });
  });
});
