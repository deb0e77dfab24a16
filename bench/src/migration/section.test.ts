import { describe, expect, it } from "vitest";
import type { MigrationReport } from "./figures.ts";
import {
  BEGIN,
  END,
  keepMigrationSection,
  migrationSection,
  renderMigrationBlock,
  replaceMigrationBlock,
} from "./section.ts";

const report: MigrationReport = {
  startedAt: "2026-12-03T19:00:00.000Z",
  commit: "abc1234",
  loadBefore: "1.00",
  loadDuring: "0.90–4.20",
  cores: 2,
  sizes: { edges: 1_000_000, users: 100_000, followers: 100_000 },
  figures: [
    { engine: "postgres", figure: "export", bound: 15, unit: "s", value: 13.9, detail: "71,942 edges/s" },
    { engine: "postgres", figure: "import", bound: 60, unit: "s", value: 101.3 },
    { engine: "postgres", figure: "merge again", unit: "s", value: 51.9 },
    { engine: "pglite", figure: "export", bound: 15, unit: "s", value: 38.6 },
  ],
  notes: ["a note"],
  totalSeconds: 1234.4,
};

// Pure text: the same on either engine, so it runs in the PGlite pass only.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("the Migration section", () => {
  const block = renderMigrationBlock(report);

  it("holds each figure beside its bound, with the ratio and whether it was met", () => {
    expect(block).toContain("| PostgreSQL | export | ≤ 15 s | 13.9 s (71,942 edges/s) | 0.93 | met |");
    expect(block).toContain("| PostgreSQL | import | ≤ 60 s | 101 s | 1.69 | missed |");
    expect(block).toContain("| PostgreSQL | merge again | — | 51.9 s |  |  |");
    expect(block).toContain("| PGlite | export | report (≤ 15 s on PostgreSQL) | 38.6 s | 2.57 |  |");
    expect(block).toContain("0.90–4.20 over the run");
    expect(block).toContain("at commit `abc1234`");
  });

  it("replaces only what is between the markers, keeping the prose around it", () => {
    const doc = `# B\n\n## Migration\n\n${BEGIN}\nold\n${END}\n\nWhat limits each: prose.\n\n## Notes\n\n- n\n`;
    const next = replaceMigrationBlock(doc, block);
    expect(next).not.toContain("\nold\n");
    expect(next).toContain("What limits each: prose.");
    expect(next.indexOf(BEGIN)).toBeGreaterThan(next.indexOf("## Migration"));
    expect(next.endsWith("## Notes\n\n- n\n")).toBe(true);
  });

  it("opens an unmarked Migration section with the block, or adds the section before the notes", () => {
    const unmarked = replaceMigrationBlock("# B\n\n## Migration\n\nhand-written\n\n## Notes\n", block);
    expect(unmarked.indexOf(BEGIN)).toBeLessThan(unmarked.indexOf("hand-written"));
    const none = replaceMigrationBlock("# B\n\n## Results\n\nr\n\n## Notes\n\n- n\n", block);
    expect(none.indexOf("## Migration")).toBeGreaterThan(none.indexOf("## Results"));
    expect(none.indexOf("## Migration")).toBeLessThan(none.indexOf("## Notes"));
  });

  it("reads the section out of a document, up to the next section", () => {
    const doc = `# B\n\n## Migration\n\n${block}\n\nprose\n\n## Notes\n\n- n\n`;
    const section = migrationSection(doc);
    expect(section.startsWith("## Migration")).toBe(true);
    expect(section.endsWith("prose")).toBe(true);
    expect(migrationSection("# B\n\n## Notes\n")).toBe("");
  });

  it("carries the section over into a default run's fresh report, before its notes", () => {
    const previous = `# B\n\n## Migration\n\n${block}\n\n## Notes\n\n- old\n`;
    const kept = keepMigrationSection("# B\n\n## Results\n\nnew\n\n## Notes\n\n- new\n", previous);
    expect(kept).toContain(block);
    expect(kept.indexOf("## Migration")).toBeGreaterThan(kept.indexOf("new"));
    expect(kept.endsWith("## Notes\n\n- new\n")).toBe(true);
    expect(keepMigrationSection("# B\n", "")).toBe("# B\n");
  });
});
