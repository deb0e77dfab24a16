import { describe, expect, it } from "vitest";
import { renderMarkdown, renderTextTable } from "./report.ts";
import { sampleReport } from "./sample-report.ts";

describe("renderMarkdown", () => {
  const markdown = renderMarkdown(sampleReport(), "benchmarks.svg");

  it("says what ran, where and on which commit", () => {
    expect(markdown).toContain(
      "100,001 users, 1,000,000 random follow edges, one account with 100,000 followers",
    );
    expect(markdown).toContain(
      "wrk debian/4.1.0-3+b2 [epoll], 2 threads, 64 connections, no pipelining, 8 s per run, 3 runs",
    );
    expect(markdown).toContain("| AMD EPYC | 2 | 23.5 GB | v20.20.2 | PostgreSQL 15.20 | `abc1234` |");
    expect(markdown).toContain(
      "| PostgreSQL | 100,001 | 1,000,000 | 100,000 | 41.5 s | 44.0 s | 0.90 s | 1.10 s |",
    );
  });

  it("has one row per scenario and engine, with its ratio to the ceiling and its target", () => {
    expect(markdown).toContain(
      "| GitLab followers, per_page 100 | PostgreSQL | 3,200 | 10.0 | 30.0 | 0 | 120 | 40% | ≥ 3,000 req/s: met |",
    );
    expect(markdown).toContain(
      "| GitLab followers, per_page 100 | PGlite | 1,500 | 10.0 | 30.0 | 0 | 120 | 19% |  |",
    );
    expect(markdown).toContain(
      "![Requests per second by scenario and engine, with each response kind's ceiling](benchmarks.svg)",
    );
    expect(markdown).toContain("| PGlite | start to first answered request | < 2 s | 2.50 s | missed |");
    expect(markdown).toContain("**99999 followers instead of 100000**");
    expect(markdown).not.toContain("Quick smoke run");
  });

  it("labels a quick run as a smoke run", () => {
    expect(renderMarkdown(sampleReport({ quick: true }), "benchmarks.svg")).toContain("**Quick smoke run**");
  });
});

describe("renderTextTable", () => {
  it("aligns the same figures for the terminal", () => {
    const lines = renderTextTable(sampleReport()).split("\n");
    expect(lines[0]).toMatch(
      /^scenario +engine +req\/s +p50 ms +p99 ms +errors +RSS MB +ratio to ceiling +target$/,
    );
    expect(lines[2]).toMatch(
      /^GitLab followers, per_page 100 +PostgreSQL +3,200 .* 40% +≥ 3,000 req\/s: met$/,
    );
    expect(lines.at(-1)).toMatch(/gitlab-page-100 +8,000 req\/s/);
  });
});
