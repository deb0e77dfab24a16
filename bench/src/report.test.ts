import { describe, expect, it } from "vitest";
import { renderMarkdown, renderTextTable } from "./report.ts";
import { sampleReport } from "./sample-report.ts";

describe("renderMarkdown", () => {
  const markdown = renderMarkdown(sampleReport(), "benchmarks.svg");

  it("says what ran, where and on which commit", () => {
    expect(markdown).toContain(
      "20,001 users, 200,000 random follow edges, one account with 20,000 followers",
    );
    expect(markdown).toContain(
      "wrk debian/4.1.0-3+b2 [epoll], 2 threads, 64 connections, no pipelining, 5 s per run, 3 runs",
    );
    expect(markdown).toContain("plain reference server (`bench/src/reference`");
    expect(markdown).toContain("| AMD EPYC | 2 | 23.5 GB | v20.20.2 | PostgreSQL 15.20 | `abc1234` |");
    expect(markdown).toContain(
      "| PostgreSQL | 20,001 | 200,000 | 20,000 | 41.5 s | 44.0 s | 0.90 s | 1.10 s |",
    );
  });

  it("has one row per scenario and engine, with gateway / reference, both p99s and the ratio's target", () => {
    expect(markdown).toContain(
      "| GitLab followers, per_page 100 | PostgreSQL | 3,200 | 2,000 | 1.60 | 10.0 | 30.0 | 20.0 | 1.50 | 0 | 0 / 0 | 120 | 90 | 40% | ≥ 1.5: met |",
    );
    expect(markdown).toContain(
      "| GitLab follow/unfollow toggles | PostgreSQL | 2,100 | 1,400 | 1.50 | 10.0 | 30.0 | 60.0 | 0.50 | 0 | 0 / 0 | 260 | 90 | — | ≥ 2.0: missed |",
    );
    expect(markdown).toContain(
      "| GitLab followers, per_page 100 | PGlite | 1,500 | 1,200 | 1.25 | 10.0 | 30.0 | 900.0 | 0.03 | 0 | 3 / 40 | 120 | 150 | 19% | ≥ 1.0: met |",
    );
    expect(markdown).toContain(
      "![Requests per second by scenario and engine, with each response kind's ceiling](benchmarks.svg)",
    );
    expect(markdown).toContain("**19999 followers instead of 20000**");
    expect(markdown).not.toContain("Quick smoke run");
  });

  it("judges the run-wide targets and shows the counter checks", () => {
    expect(markdown).toContain("| PGlite | start to first answered request | < 2 s | 2.50 s | missed |");
    expect(markdown).toContain(
      "| PGlite | requests slower than 2 s (wrk timeouts), gateway | 0 | 3 (and 40 shed with 503) | missed |",
    );
    expect(markdown).toContain("| PGlite | reference's copy | 20,002 | 2 |");
  });

  it("has an Emulator section with each of issue 14's figures against its bound, per engine", () => {
    expect(markdown).toContain("## Emulator");
    expect(markdown).toContain("each figure is the median of 5 runs");
    expect(markdown).toContain(
      "| PGlite | in-process start (fresh process, in memory) to the first answered request | ≤ 1,000 ms | 640.2 ms | met |",
    );
    expect(markdown).toContain(
      "| PGlite | `follow-graph exec -- true`, spawn to exit | ≤ 2,000 ms | 2150.0 ms | missed |",
    );
    expect(markdown).toContain("| PGlite | reset() with 1,000 users loaded | ≤ 50 ms | 31.4 ms | met |");
    expect(markdown).toContain(
      "| PGlite | restore() after 10 follows and unfollows | ≤ 200 ms | 61.0 ms | met |",
    );
    expect(markdown).toContain(
      "| PGlite | restore() after a reset (every row differs) | ≤ 200 ms | 240.7 ms | missed |",
    );
    expect(markdown).toContain("| PostgreSQL | snapshot() of 10,000 follows | ≤ 200 ms | 20.2 ms | met |");
    const { emulator: _, ...older } = sampleReport();
    expect(renderMarkdown(older, "benchmarks.svg")).not.toContain("## Emulator");
  });

  it("labels a quick run as a smoke run", () => {
    expect(renderMarkdown(sampleReport({ quick: true }), "benchmarks.svg")).toContain("**Quick smoke run**");
  });
});

describe("renderTextTable", () => {
  it("aligns the same figures for the terminal, then the run-wide targets", () => {
    const text = renderTextTable(sampleReport());
    const lines = text.split("\n");
    expect(lines[0]).toMatch(
      /^scenario +engine +gateway req\/s +reference req\/s +gateway \/ reference +p50 ms/,
    );
    expect(lines[2]).toMatch(
      /^GitLab followers, per_page 100 +PostgreSQL +3,200 +2,000 +1\.60 .* ≥ 1\.5: met$/,
    );
    expect(text).toMatch(/gitlab-page-100 +8,000 req\/s/);
    expect(text).toContain(
      "PGlite: counters equal COUNT(*) after the toggles (reference's copy): every user: 2 of 20,002 wrong: missed",
    );
    expect(text).toContain("Emulator (built package, median of 5):");
    expect(text).toContain(
      "PostgreSQL: restore() after a reset (every row differs): ≤ 200 ms: 150.0 ms: met",
    );
  });
});
