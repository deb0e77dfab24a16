// import github|gitlab --identity-map and --on-error, against a second instance of this server
// playing the forge: the map's other side is recorded beside the source's own login and id,
// export --identity-map then writes both; a map row the source contradicts, and a user whose
// lists answer 404 mid-walk, stop the import (abort) or are reported and left out (skip).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../src/emulator.ts";
import { parseIdentityMap } from "../src/migration/identity/identity-map.ts";
import {
  controlOf,
  EDGES_FROM_ALICE,
  edgeKeys,
  readTarget,
  runImport,
  sourceIds,
  startSource,
  startTarget,
} from "./import-live-source.ts";
import { runBin } from "./run-bin.ts";

let source: Emulator;
let ids: Map<string, number>;
let target: Awaited<ReturnType<typeof startTarget>>;
const scratch = mkdtempSync(join(tmpdir(), "follow-graph-import-live-map-"));
let files = 0;
const file = (text: string) => {
  const path = join(scratch, `file-${++files}`);
  writeFileSync(path, text);
  return path;
};
const MAP_HEADER = "github_login,github_id,gitlab_username,gitlab_id\n";

beforeAll(async () => {
  [source, target] = await Promise.all([startSource(), startTarget()]);
  ids = await sourceIds(source);
}, 120_000);
afterAll(async () => {
  await Promise.all([source?.server.stop(), target?.stop()]);
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => target.emulator.control.reset());
afterEach(() => controlOf(source).clearFaults());

const github = (extra: string[]) =>
  runImport("github", [
    "--api-url",
    source.server.url,
    "--token",
    source.rootToken,
    "--checkpoint",
    join(scratch, `checkpoint-${++files}.json`),
    ...target.flags,
    ...extra,
  ]);

const identitiesOf = async (login: string) =>
  (await readTarget(target.flags)).users.find((user) => user.login === login)?.identities;

describe("import github|gitlab --identity-map", () => {
  it("records the map's other side beside the source's login and id, and export --identity-map writes both", async () => {
    const map = file(`${MAP_HEADER}ALICE,,alice-gl,501\nbob,,bob-gl,\nnot-met,,not-met-gl,9\n,,carol,77\n`);
    const run = await github(["--users", "alice", "--identity-map", map]);
    expect(run.code, run.stderr).toBe(0);
    const out = join(scratch, "exported.csv");
    const exported = await runBin(["export", "--identity-map", out, ...target.flags]);
    expect(exported.code, exported.stderr).toBe(0);
    const rows = parseIdentityMap(readFileSync(out, "utf8"), out)
      .map(({ line: _line, ...row }) => row)
      .sort((a, b) => a.github!.login.localeCompare(b.github!.login));
    // The source's spelling and ids of its own side; the map's for the other. The row naming
    // carol on GitLab alone says nothing about GitHub's carol, and the user not met is not created.
    expect(rows).toEqual([
      { github: { login: "alice", id: ids.get("alice") }, gitlab: { username: "alice-gl", id: 501 } },
      { github: { login: "bob", id: ids.get("bob") }, gitlab: { username: "bob-gl" } },
      { github: { login: "carol", id: ids.get("carol") } },
      { github: { login: "dave", id: ids.get("dave") } },
      { github: { login: "erin", id: ids.get("erin") } },
    ]);
  });

  it("import gitlab keeps GitLab's username and id, the map adding GitHub's login", async () => {
    const map = file(`${MAP_HEADER}alice-gh,1234,alice,\n`);
    const run = await runImport("gitlab", [
      "--url",
      source.server.url,
      "--token",
      source.rootToken,
      "--users",
      "alice",
      "--identity-map",
      map,
      "--checkpoint",
      join(scratch, "checkpoint-gitlab.json"),
      "--to-url",
      target.emulator.server.url,
      "--root-token",
      target.emulator.rootToken,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(await identitiesOf("alice")).toEqual({
      gitlab: { username: "alice", id: ids.get("alice") },
      github: { login: "alice-gh", id: 1234 },
    });
  });
});

// What the walk does with bad input does not depend on the engine: run in the PGlite pass only.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("import github: bad input and --on-error", () => {
  it("a bad map is one line naming file:line, exit 1, nothing stored", async () => {
    const map = file(`${MAP_HEADER}alice,x,,\n`);
    const run = await github(["--users", "alice", "--identity-map", map]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      `follow-graph import github: ${map}:2: 'x' is not a numeric id (nothing was stored)`,
    );
    expect((await readTarget(target.flags)).edges).toEqual([]);
  });

  it("abort (the default): a map row giving another id than the source stops the import at its batch", async () => {
    const map = file(`${MAP_HEADER}alice,999999,alice-gl,\n`);
    const run = await github(["--users", "alice", "--identity-map", map]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n").at(-1)).toMatch(
      new RegExp(
        `^follow-graph import github: ${map}:2: gives github 'alice' the id 999999, but github at ${source.server.url} says ${ids.get("alice")} \\(progress kept in .*: mend it, or rerun with --on-error skip, to continue\\)$`,
      ),
    );
    expect((await readTarget(target.flags)).edges).toEqual([]);
  });

  it("skip: the row is reported and left out, the source's identity kept, the rest imported", async () => {
    const map = file(`${MAP_HEADER}alice,999999,alice-gl,\nbob,,bob-gl,\n`);
    const run = await github(["--users", "alice", "--identity-map", map, "--on-error", "skip"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`import github: ${map}:2: gives github 'alice' the id 999999`);
    expect(run.stderr).toContain("(skipped)");
    expect(run.stderr).toContain("; 1 bad records skipped");
    expect(await identitiesOf("alice")).toEqual({ github: { login: "alice", id: ids.get("alice") } });
    expect(await identitiesOf("bob")).toEqual({
      github: { login: "bob", id: ids.get("bob") },
      gitlab: { username: "bob-gl" },
    });
    expect(edgeKeys((await readTarget(target.flags)).edges)).toEqual([...EDGES_FROM_ALICE[1]!].sort());
  });

  it("a user met whose lists answer 404 stops the import (abort) or is walked as having none (skip)", async () => {
    const control = controlOf(source);
    const gone = { status: 404, route: "GET /users/bob/followers", dialect: "github" };
    await control.injectFault(gone);
    const aborted = await github(["--users", "alice", "--depth", "2"]);
    expect(aborted.code).toBe(1);
    expect(aborted.stderr.trim().split("\n").at(-1)).toContain(
      `follow-graph import github: github at ${source.server.url}: 'bob': answers 404: gone since a list at depth 1 named it (progress kept in`,
    );
    // What was walked before bob (alice, then carol and dave, met first in her followers) is
    // written; alice > erin waits for erin's followers list, walked after bob.
    expect(edgeKeys((await readTarget(target.flags)).edges)).toEqual([
      "bob>alice",
      "carol>alice",
      "dave>alice",
      "grace>dave",
    ]);

    await target.emulator.control.reset();
    const skipped = await github(["--users", "alice", "--depth", "2", "--on-error", "skip"]);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stderr).toContain(`'bob': answers 404: gone since a list at depth 1 named it (skipped)`);
    // Only bob's followers list brought carol > bob.
    const { edges } = await readTarget(target.flags);
    expect(edgeKeys(edges)).toEqual(EDGES_FROM_ALICE[2]!.filter((edge) => edge !== "carol>bob").sort());
  });
});
