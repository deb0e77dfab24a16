// The README's differences table is the tool's own output: this fails when they disagree.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { catalogueTable, readmeTable } from "../src/diff/readme-table.ts";

// One fresh in-memory server whatever the engine under test: run once, on the PGlite pass.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("the README's differences table", () => {
  it("is what follow-graph diff --format markdown --summary prints for the catalogue (pnpm diff:readme rewrites it)", async () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const inReadme = readmeTable(readme);
    expect(inReadme, "README.md lacks the follow-graph diff markers").toBeDefined();
    expect(inReadme).toBe((await catalogueTable()).trim());
  }, 120_000);
});
