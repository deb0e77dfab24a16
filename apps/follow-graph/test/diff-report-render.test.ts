// The renderers on the sample report, in memory: what each format shows and how it escapes.
// Engine-independent, so it runs once per CI.
import { describe, expect, it } from "vitest";
import { differingColumnsOf } from "../src/diff/render/differing-columns.ts";
import { renderReport, renderSummaryTable } from "../src/diff/render/index.ts";
import type { DiffReport } from "../src/diff/report-model.ts";
import { sampleReport } from "./diff-report-sample.ts";

const report = sampleReport();

/** A one-scenario report whose texts hold what markdown tables must escape. */
function awkwardReport(): DiffReport {
  return {
    version: 1,
    mode: "conformance",
    generatedAt: "2026-12-02T10:00:00.000Z",
    server: "fresh",
    columns: [
      { id: "this", label: "this | server", dialect: "gitlab", baseUrl: "http://{host}/api/v4" },
      { id: "other", label: "other", dialect: "gitlab", baseUrl: "http://{host}/api/v4" },
    ],
    scenarios: [
      {
        name: "pipes",
        title: "a | b\nc",
        outcome: { this: "200 | 201", other: "back\\slash | pipe" },
        steps: [],
        differs: true,
      },
    ],
    totals: { scenarios: 1, steps: 0, differingSteps: 0, failedSteps: 0 },
  };
}

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("diff report renderers", () => {
  describe("differing columns", () => {
    it("marks the column outside the majority, or every column when there is none", () => {
      const marked = (values: Record<string, string>) => [
        ...differingColumnsOf({ aspect: "status", values }),
      ];
      expect(marked({ gitlab: "201", "github-enterprise": "204", github: "204" })).toEqual(["gitlab"]);
      expect(marked({ gitlab: "absent", "github-enterprise": "absent", github: "5000" })).toEqual(["github"]);
      expect(marked({ this: "200", other: "403" })).toEqual(["this", "other"]);
      expect(marked({ a: "1", b: "2", c: "3" })).toEqual(["a", "b", "c"]);
    });
  });

  describe("text", () => {
    const text = renderReport(report, "text");
    const lines = text.split("\n");

    it("opens with the totals, then the summary matrix in aligned columns", () => {
      expect(lines[0]).toBe(
        "follow-graph diff (dialects, server fresh): 5 scenarios, 10 steps, 9 differing, 1 failed",
      );
      expect(lines[2]).toMatch(
        /^Scenario +GitLab \(\/api\/v4\) +GitHub Enterprise \(\/api\/v3\) +api\.github\.com \(\/\)$/,
      );
      const matrix = lines.slice(2, 8);
      const githubAt = matrix[0]!.indexOf("api.github.com");
      expect(matrix[1]).toMatch(
        /^follow \/ repeat \/ self +≠ +201 \+ user \/ 304 \/ 304 +204 \/ 204 \/ 204 +204 \/ 204 \/ 204$/,
      );
      for (const line of matrix.slice(1)) expect(line.length).toBeGreaterThan(githubAt);
      expect(matrix[1]!.slice(githubAt)).toBe("204 / 204 / 204");
      expect(matrix[4]).toMatch(/^profile of a public user {5}200 \+ user/);
      expect(matrix[5]).toMatch(/^followee cap +! +400 +204 +error$/);
    });

    it("lists every step with each column's request and the differences marked", () => {
      expect(text).toContain("  1. alice follows bob  ≠ status, body, header:x-ratelimit-limit\n");
      expect(text).toMatch(
        /\n {5}GitLab \(\/api\/v4\) +POST \/api\/v4\/users\/\{id:bob\}\/follow → 201 \+ user \(JSON object, 6 fields\)\n/,
      );
      expect(text).toContain(
        "     ≠ header:x-ratelimit-limit  GitLab (/api/v4): absent · GitHub Enterprise (/api/v3): absent · api.github.com (/): 5000\n",
      );
      expect(text).toContain("  1. carol follows bob (setup)  ≠ status\n");
      expect(text).toMatch(/ {5}GitLab \(\/api\/v4\) +n\/a: GitLab has no user-to-user blocks\n/);
      expect(text).toMatch(/ {5}api\.github\.com \(\/\) +failed: connect ECONNREFUSED 127\.0\.0\.1:4010\n/);
      expect(text).toContain("followee cap  [followee-cap]  ! failed\n");
      expect(text).toContain("profile of a public user  [profile-public]\n");
    });

    it("colours only when asked", () => {
      expect(text).not.toContain("\u001b[");
      const coloured = renderReport(report, "text", { color: true });
      expect(coloured).toContain("\u001b[33m     ≠ status  GitLab (/api/v4): 201");
      expect(coloured).toContain("\u001b[31mfailed: connect ECONNREFUSED");
      // Without its colour codes it is the plain report: padding stays outside the codes.
      expect(coloured.replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, "g"), "")).toBe(text);
    });

    it("prints the matrix alone with summaryOnly", () => {
      const summary = renderReport(report, "text", { summaryOnly: true });
      expect(summary.trimEnd().split("\n")).toEqual(lines.slice(2, 8));
    });
  });

  describe("markdown", () => {
    it("renders the summary table: scenario title, then one column per report column", () => {
      expect(renderSummaryTable(report)).toBe(
        [
          "| Scenario | GitLab (/api/v4) | GitHub Enterprise (/api/v3) | api.github.com (/) |",
          "| --- | --- | --- | --- |",
          "| follow / repeat / self | 201 + user / 304 / 304 | 204 / 204 / 204 | 204 / 204 / 204 |",
          "| list order \\| followers | 200 + 2 users | 200 + 2 users | 200 + 2 users |",
          "| user-to-user blocks | n/a / 304 | 204 / 204 | 204 / 204 |",
          "| profile of a public user | 200 + user | 200 + user | 200 + user |",
          "| followee cap | 400 | 204 | error |",
          "",
        ].join("\n"),
      );
    });

    it("escapes pipes, backslashes before pipes and newlines in cells", () => {
      expect(renderSummaryTable(awkwardReport())).toBe(
        [
          "| Scenario | this \\| server | other |",
          "| --- | --- | --- |",
          "| a \\| b<br>c | 200 \\| 201 | back\\slash \\| pipe |",
          "",
        ].join("\n"),
      );
    });

    it("gives every scenario a section with a table of its steps", () => {
      const markdown = renderReport(report, "markdown");
      expect(markdown).toContain(renderSummaryTable(report));
      expect(markdown.match(/^### /gm)).toHaveLength(report.scenarios.length);
      expect(markdown).toContain(
        "| 1. alice blocks bob | n/a: GitLab has no user-to-user blocks | `PUT /api/v3/user/blocks/bob` → 204 | `PUT /user/blocks/bob` → 204 | status |",
      );
      expect(markdown).toContain("| **failed**: connect ECONNREFUSED 127.0.0.1:4010 |");
      expect(markdown).toContain("- step 2, body.order: GitLab (/api/v4) `alice, carol` ·");
      expect(renderReport(report, "markdown", { summaryOnly: true })).toBe(renderSummaryTable(report));
    });
  });

  describe("json", () => {
    it("is the report itself, indented, with a final newline", () => {
      const json = renderReport(report, "json");
      expect(json.endsWith("}\n")).toBe(true);
      expect(JSON.parse(json)).toEqual(report);
      expect(json).toContain('\n  "version": 1,\n');
    });
  });

  describe("html", () => {
    const html = renderReport(report, "html");

    it("is one self-contained document: no external resources", () => {
      expect(html.startsWith("<!doctype html>")).toBe(true);
      expect(html).not.toMatch(/<link\b|\bsrc=|@import|url\(/i);
      expect(html).not.toMatch(/https?:\/\/(?!\{host\})/);
    });

    it("escapes every text: a <script> in a body stays text", () => {
      expect(html.match(/<script>/g)).toHaveLength(1);
      expect(html).toContain("Bob &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
      expect(html).toContain("list order | followers");
    });

    it("has a matrix row and a section per scenario, with hooks for tests", () => {
      expect(html.match(/<section class="scenario"/g)).toHaveLength(report.scenarios.length);
      for (const scenario of report.scenarios) {
        expect(html).toContain(`<tr data-scenario="${scenario.name}"`);
        expect(html).toContain(`data-scenario="${scenario.name}" data-differs="${scenario.differs}"`);
      }
      expect(html).toMatch(
        /<td data-column="gitlab" data-differs="true" data-failed="false"><a href="#scenario-1-follow-repeat-self">/,
      );
      expect(html).toMatch(
        /<td data-column="github-enterprise" data-differs="false" data-failed="false"><a href="#scenario-1-follow-repeat-self">/,
      );
      expect(html).toMatch(
        /<td data-column="github" data-differs="true" data-failed="true"><a href="#scenario-5-followee-cap">/,
      );
      expect(html).toContain('<div class="outcome" data-column="gitlab" data-state="not-applicable"');
      expect(html).toContain('<div class="outcome" data-column="github" data-state="failed"');
      expect(html).toContain('<span class="note">differs: status, body, header:x-ratelimit-limit</span>');
    });
  });
});
