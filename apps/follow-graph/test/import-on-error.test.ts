// import --on-error: abort (the default) stops at a bad record naming file:line with nothing of
// its batch stored; skip reports each on stderr with file:line, leaves it out, imports the rest.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore, type TestStore } from "./export-store.ts";
import { runBin } from "./run-bin.ts";

const scratch = mkdtempSync(join(tmpdir(), "fg-import-on-error-"));

const file = (name: string, lines: string[]) => {
  const path = join(scratch, name);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
};

/** The edges the store holds, as follower>followee, read back by export. */
async function edgesOf(store: TestStore): Promise<string[]> {
  const out = join(scratch, `edges-${Math.random()}.ndjson`);
  const exported = await runBin(["export", "--as", "ndjson", "--out", out, ...store.flags]);
  expect(exported.code).toBe(0);
  return (
    readFileSync(out, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { follower?: string; followee?: string })
      // The users' lines come before the edges.
      .filter((e) => e.follower !== undefined)
      .map((e) => `${e.follower}>${e.followee}`)
  );
}

const BAD = [
  '{"login":"ann","id":1}',
  '{"follower":1,"followee":"bob"}',
  "{not json",
  '{"follower":"bob","followee":"BOB"}',
  '{"follower":"ann","followee":"Bob"}',
  '{"follower":7,"followee":"ann"}',
  '{"follower":"cid","followee":"ann","extra":1}',
  '{"follower":"cid","followee":"bob"}',
];

describe("import --on-error", () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await createTestStore(scratch, "store");
  });
  afterAll(async () => {
    await store.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("abort (the default) names the first bad record's file:line and stores nothing of its batch", async () => {
    const path = file("bad.ndjson", BAD);
    const aborted = await runBin(["import", "ndjson", path, ...store.flags]);
    expect(aborted.code).toBe(1);
    expect(aborted.stderr).toContain(
      `follow-graph import ndjson: ${path}:3: is not valid JSON (nothing was stored)`,
    );
    expect(await edgesOf(store)).toEqual([]);
  });

  it("abort reports a self-edge and a duplicate edge with their file:line too", async () => {
    const self = file("self.ndjson", [
      '{"follower":"ann","followee":"bob"}',
      '{"follower":"bob","followee":"BOB"}',
    ]);
    const selfRun = await runBin(["import", "ndjson", self, "--on-error", "abort", ...store.flags]);
    expect(selfRun.code).toBe(1);
    expect(selfRun.stderr).toContain(`${self}:2: 'bob' cannot follow itself (nothing was stored)`);
    const twice = file("twice.ndjson", [
      '{"follower":"ann","followee":"bob"}',
      '{"follower":"Ann","followee":"bob"}',
    ]);
    const twiceRun = await runBin(["import", "ndjson", twice, ...store.flags]);
    expect(twiceRun.code).toBe(1);
    expect(twiceRun.stderr).toContain(`${twice}:2: 'Ann' follows 'bob' again (first at ${twice}:1)`);
    const arrays = join(scratch, "ann.json");
    writeFileSync(arrays, JSON.stringify([{ login: "bob" }, { login: "ann" }]));
    const arraysRun = await runBin(["import", "arrays", arrays, ...store.flags]);
    expect(arraysRun.code).toBe(1);
    expect(arraysRun.stderr).toContain(`${arrays}:1: 'ann' cannot follow itself`);
    expect(await edgesOf(store)).toEqual([]);
  });

  it("skip reports each bad record with file:line, imports the rest and counts them in the summary", async () => {
    const path = file("bad.ndjson", BAD);
    const skipped = await runBin(["import", "ndjson", path, "--on-error", "skip", ...store.flags]);
    expect(skipped.code).toBe(0);
    // The reader's reports (JSON, lines, ids) may come before the edge checks' of earlier lines.
    const lineOf = (report: string) => Number(report.slice(path.length + 1).split(":")[0]);
    const reports = skipped.stderr
      .split("\n")
      .filter((line) => line.endsWith("(skipped)"))
      .sort((a, b) => lineOf(a) - lineOf(b));
    expect(reports).toEqual([
      `${path}:3: is not valid JSON (skipped)`,
      `${path}:4: 'bob' cannot follow itself (skipped)`,
      `${path}:5: 'ann' follows 'Bob' again (first at ${path}:2) (skipped)`,
      `${path}:6: follower 7 is no id of a user line before it (skipped)`,
      expect.stringMatching(new RegExp(`^${path}:7: edge line: .* \\(skipped\\)$`)),
    ]);
    expect(skipped.stdout).toMatch(/2 edges read: .*2 edges added.*; 5 bad records skipped in /);
    expect(await edgesOf(store)).toEqual(["ann>bob", "cid>bob"]);
  });

  it("a value other than abort or skip is a usage error", async () => {
    const refused = await runBin(["import", "ndjson", "x.ndjson", "--on-error", "ignore", ...store.flags]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--on-error must be abort or skip ('ignore')");
  });
});
