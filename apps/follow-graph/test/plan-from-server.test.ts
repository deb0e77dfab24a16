// plan reads the local graph from a running server too (--from-url, through its control API),
// since --url names the target; identities the import recorded name users on the target.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/emulator.ts";
import { openTarget } from "../src/migration/open-target.ts";
import type { PlanFile } from "../src/migration/plan/plan-model.ts";
import { runMigration, writeIdentityMap } from "./plan-harness.ts";

const SLOW = 120_000;
const dir = mkdtempSync(join(tmpdir(), "follow-graph-plan-from-server-"));
let source: Emulator;
let target: Emulator;

beforeAll(async () => {
  [source, target] = await Promise.all([
    startEmulator(),
    startEmulator({ fixtures: { users: [{ username: "ann" }, { username: "ben" }] } }),
  ]);
  const graph = await openTarget(
    { url: source.server.url, rootToken: source.rootToken },
    { holder: "the test" },
  );
  try {
    // Local logins that are neither side's name: the recorded identities match them to the map.
    await graph.importBatch(
      {
        users: [
          { login: "local-ann", identities: { github: { login: "ann-gh" } } },
          { login: "local-ben", identities: { github: { login: "ben-gh" } } },
        ],
        edges: [
          { follower: "local-ann", followee: "local-ben" },
          { follower: "local-ben", followee: "local-ann" },
        ],
      },
      "merge",
    );
  } finally {
    await graph.close();
  }
}, SLOW);

afterAll(async () => {
  await Promise.all([source?.server.stop(), target?.server.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("plan from a running server", () => {
  it(
    "plans the running server's edges among the mapped users",
    async () => {
      const map = writeIdentityMap(dir, [
        { github: { login: "ann-gh" }, gitlab: { username: "ann" } },
        { github: { login: "ben-gh" }, gitlab: { username: "ben" } },
      ]);
      const result = await runMigration([
        "plan",
        "--to",
        "gitlab",
        "--url",
        target.server.url,
        "--token",
        target.rootToken,
        "--identity-map",
        map,
        "--from-url",
        source.server.url,
        "--from-root-token",
        source.rootToken,
        "--format",
        "json",
      ]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const plan = JSON.parse(result.stdout) as PlanFile;
      expect(plan.items.map((i) => `${i.follower} ${i.followee} ${i.predicted.label}`)).toEqual([
        "ann ben 201 + follow",
        "ben ann 201 + follow",
      ]);
    },
    SLOW,
  );
});
