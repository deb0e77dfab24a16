import { describe, expect, it } from "vitest";
import { parseOptions, UsageError } from "./options.ts";

describe("parseOptions", () => {
  it("defaults to the issue's sizes on both engines", () => {
    expect(parseOptions([], {})).toMatchObject({
      engines: ["postgres", "pglite"],
      users: 20_001,
      edges: 200_000,
      popular: 20_000,
      duration: 5,
      runs: 3,
      connections: 64,
      pgUrl: "postgres://postgres@127.0.0.1:5432/postgres",
      outDir: "docs",
    });
  });

  it("makes --quick small, and lets explicit sizes win over it", () => {
    expect(parseOptions(["--quick", "--duration", "2", "--engines", "pglite"], {})).toMatchObject({
      quick: true,
      users: 3_001,
      duration: 2,
      runs: 1,
      engines: ["pglite"],
    });
  });

  it("runs the migration part only when asked for, at issue 16's sizes or --quick's", () => {
    expect(parseOptions([], {})).toMatchObject({ only: null });
    expect(parseOptions(["--only", "migration"], {})).toMatchObject({
      only: "migration",
      migration: { edges: 1_000_000, users: 100_000, followers: 100_000 },
    });
    expect(
      parseOptions(["--only", "migration", "--quick", "--migration-followers", "500"], {}),
    ).toMatchObject({
      migration: { edges: 100_000, users: 10_000, followers: 500, parts: ["export", "import", "live"] },
    });
    expect(parseOptions(["--only", "migration", "--migration-parts", "import,live"], {})).toMatchObject({
      migration: { parts: ["import", "live"] },
    });
    expect(() => parseOptions(["--migration-parts", "walk"], {})).toThrow(/--migration-parts takes/);
    expect(() => parseOptions(["--only", "scenarios"], {})).toThrow(/--only takes migration/);
  });

  it("refuses what cannot run", () => {
    expect(() => parseOptions(["--engines", "mysql"], {})).toThrow(UsageError);
    expect(() => parseOptions(["--users", "1000", "--popular", "1000"], {})).toThrow(/less than --users/);
    expect(() => parseOptions(["--users", "400", "--popular", "300"], {})).toThrow(/at least 970/);
    expect(() => parseOptions(["--duration", "0"], {})).toThrow(/--duration/);
    expect(() => parseOptions(["--bogus"], {})).toThrow();
  });
});
