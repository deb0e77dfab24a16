// The README's differences table is the tool's own output: this fails when they disagree.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dialectColumns } from "../src/diff/columns.ts";
import { catalogueTable, readmeTable } from "../src/diff/readme-table.ts";
import { runScenarios } from "../src/diff/runner.ts";
import { parseScenarioText } from "../src/diff/scenario-parse.ts";

// One fresh in-memory server whatever the engine under test: run once, on the PGlite pass.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("the README's differences table", () => {
  it("is what follow-graph diff --format markdown --summary prints for the catalogue (pnpm diff:readme rewrites it)", async () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const inReadme = readmeTable(readme);
    expect(inReadme, "README.md lacks the follow-graph diff markers").toBeDefined();
    expect(inReadme).toBe((await catalogueTable()).trim());
  }, 120_000);
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("the README's own scenario example", () => {
  it("parses and runs through every column", async () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const example = readme
      .split("<!-- follow-graph diff: example -->")[1]
      ?.match(/```yaml\n([\s\S]*?)```/)?.[1];
    expect(example, "README.md lacks the example after its marker").toBeDefined();
    const scenario = parseScenarioText(example!, "my-scenario.yaml");
    const columns = await dialectColumns(undefined);
    try {
      const { report, failed } = await runScenarios([scenario], columns.plans, {
        mode: "dialects",
        server: "fresh",
      });
      expect(failed).toBe(false);
      expect(report.scenarios[0]!.outcome).toEqual({
        gitlab: "403 insufficient_scope / 404 / 200 + 3 users (fan1, fan2, fan3)",
        "github-enterprise": "404 / 404 / 200 + 3 users (fan1, fan2, fan3)",
        github: "404 / 404 / 200 + 3 users (fan1, fan2, fan3)",
      });
    } finally {
      await columns.close();
    }
  }, 120_000);
});
