// plan and apply refuse bad command lines (exit 2, with the usage) and bad files (exit 1, one
// line naming the file and what is wrong) before they reach any forge.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { planJson } from "../src/migration/plan/plan-file.ts";
import type { PlanFile } from "../src/migration/plan/plan-model.ts";
import { runMigration, writeIdentityMap } from "./plan-harness.ts";

const SLOW = 120_000;
const dir = mkdtempSync(join(tmpdir(), "follow-graph-plan-input-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Nothing listens there: a refusal that got as far as the network would say so instead.
const URL = "http://127.0.0.1:1";
const map = writeIdentityMap(dir, [{ github: { login: "alice" }, gitlab: { username: "alice" } }]);
const forge = ["--url", URL, "--token", "t", "--identity-map", map];

const PLAN: PlanFile = {
  version: 1,
  target: { dialect: "gitlab", url: URL },
  createdAt: "2026-01-01T00:00:00.000Z",
  mode: "merge",
  items: [],
  placeholders: [],
  seen: {},
};
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

async function refused(args: string[], code: number, first: string) {
  const result = await runMigration(args);
  expect(result.code).toBe(code);
  expect(result.stdout).toBe("");
  expect(result.stderr.split("\n")[0]).toBe(first);
  if (code === 2) expect(result.stderr).toContain(`usage: follow-graph ${args[0]}`);
  else expect(result.stderr.trim().split("\n")).toHaveLength(1);
}

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("plan and apply refuse bad input", () => {
  it(
    "prints each command's usage with its flags",
    async () => {
      const plan = await runMigration(["plan", "--help"]);
      expect(plan.code).toBe(0);
      for (const flag of [
        "--to",
        "--url",
        "--token",
        "--identity-map",
        "--mode",
        "--out",
        "--format",
        "--from-url",
        "--data-dir",
      ])
        expect(plan.stdout).toContain(`  ${flag}`);
      const apply = await runMigration(["apply", "--help"]);
      expect(apply.code).toBe(0);
      for (const flag of ["--plan", "--checkpoint", "--force", "--max-wait"])
        expect(apply.stdout).toContain(`  ${flag}`);
    },
    SLOW,
  );

  it(
    "refuses bad command lines with exit 2",
    async () => {
      await refused(["plan", ...forge], 2, "--to gitlab|github is required");
      await refused(["plan", "--to", "svn", ...forge], 2, "--to must be gitlab or github, not 'svn'");
      await refused(
        ["plan", "--to", "gitlab", "--url", URL, "--token", "t"],
        2,
        "--identity-map FILE is required",
      );
      await refused(
        ["plan", "--to", "gitlab", ...forge, "--mode", "replace"],
        2,
        "--mode must be merge or overwrite, not 'replace'",
      );
      await refused(
        ["plan", "--to", "gitlab", ...forge, "--max-wait", "soon"],
        2,
        "--max-wait must be a whole number of seconds, not 'soon'",
      );
      await refused(["plan", "--to", "gitlab", ...forge, "--bogus"], 2, "Unknown option '--bogus'");
      await refused(["apply", ...forge], 2, "--plan FILE (written by follow-graph plan --out) is required");
      const plan = file("plan.json", planJson(PLAN));
      await refused(
        ["apply", "--plan", plan, "--to", "github", ...forge],
        2,
        "--to github does not match the plan, which is for gitlab",
      );
    },
    SLOW,
  );

  it(
    "refuses bad files with exit 1, naming the file and what is wrong",
    async () => {
      const missing = join(dir, "missing.json");
      await refused(
        ["apply", "--plan", missing, ...forge],
        1,
        `follow-graph apply: cannot read the plan ${missing}: ENOENT`,
      );
      const notJson = file("not.json", "{ items: ");
      const notJsonLine = (await runMigration(["apply", "--plan", notJson, ...forge])).stderr;
      expect(notJsonLine).toMatch(new RegExp(`^follow-graph apply: ${notJson} is not JSON: `));
      const wrong = file("wrong.json", JSON.stringify({ ...PLAN, mode: "replace" }));
      await refused(
        ["apply", "--plan", wrong, ...forge],
        1,
        `follow-graph apply: ${wrong} is not a follow-graph plan: mode: Invalid type: Expected ("merge" | "overwrite") but received "replace"`,
      );
      const elsewhere = file(
        "elsewhere.json",
        planJson({ ...PLAN, target: { dialect: "gitlab", url: "http://127.0.0.1:2" } }),
      );
      await refused(
        ["apply", "--plan", elsewhere, ...forge],
        1,
        `follow-graph apply: the plan is for the gitlab at http://127.0.0.1:2, not the gitlab at ${URL}`,
      );
      const plan = file("good.json", planJson(PLAN));
      const other = file(
        "other.checkpoint.json",
        JSON.stringify({ planHash: "0".repeat(64), placeholders: [], done: [] }),
      );
      await refused(
        ["apply", "--plan", plan, ...forge, "--checkpoint", other],
        1,
        `follow-graph apply: the checkpoint ${other} belongs to another plan: remove it or name another --checkpoint`,
      );
      const badMap = file("bad-map.csv", "login,id\nalice,1\n");
      await refused(
        ["plan", "--to", "gitlab", "--url", URL, "--token", "t", "--identity-map", badMap, "--memory"],
        1,
        `follow-graph plan: ${badMap}:1: the header must be github_login,github_id,gitlab_username,gitlab_id`,
      );
    },
    SLOW,
  );
});
