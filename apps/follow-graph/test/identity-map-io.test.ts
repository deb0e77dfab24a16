// import … --identity-map records both forges' identities of the users the map names;
// export --identity-map writes the identities recorded back as the map plan and apply read.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseIdentityMap } from "../src/migration/identity/identity-map.ts";
import { createTestStore, type TestStore } from "./export-store.ts";
import { runBin } from "./run-bin.ts";

const scratch = mkdtempSync(join(tmpdir(), "fg-identity-map-io-"));

const file = (name: string, text: string) => {
  const path = join(scratch, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
};

// A GitHub followers list (simple-users) and a GitLab following list (UserBasic).
const githubFile = () =>
  file(
    "followers/octo.json",
    JSON.stringify([
      { login: "alice", id: 11 },
      { login: "bob", id: 12 },
    ]),
  );
const gitlabFile = () =>
  file("following/carol.json", JSON.stringify([{ username: "dave", id: 21, name: "Dave D" }]));

const rowsOf = (path: string) =>
  parseIdentityMap(readFileSync(path, "utf8"), path).map(({ line: _line, ...row }) => row);

describe("import and export --identity-map", () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await createTestStore(scratch, "store");
  });
  afterAll(async () => {
    await store.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("export writes the identities each import recorded, one row a user, none for users without", async () => {
    const imported = await runBin(["import", "arrays", githubFile(), gitlabFile(), ...store.flags]);
    expect(imported.stderr).not.toContain("follow-graph import");
    expect(imported.code).toBe(0);
    const out = join(scratch, "exported.csv");
    const exported = await runBin(["export", "--identity-map", out, ...store.flags]);
    expect(exported.code).toBe(0);
    // root, octo and carol came in by a file's name alone: no forge identity to write.
    expect(exported.stderr).toContain(
      `identity map of 3 users to ${out}; 3 with no identity recorded left out`,
    );
    expect(rowsOf(out)).toEqual([
      { github: { login: "alice", id: 11 } },
      { github: { login: "bob", id: 12 } },
      { gitlab: { username: "dave", id: 21 } },
    ]);
  });

  it("import records both of the map's sides for users met by a login on either side, ids kept", async () => {
    const map = file(
      "map.csv",
      [
        "github_login,github_id,gitlab_username,gitlab_id",
        "alice,,alice-gl,31", // met by its GitHub login; the file's GitHub id stays
        "carol-gh,41,carol,", // met by its GitLab name (a list owner)
        "dave-gh,,dave,21",
        "zed,5,,", // nobody in the import: not created
      ].join("\n"),
    );
    const imported = await runBin([
      "import",
      "arrays",
      githubFile(),
      gitlabFile(),
      "--identity-map",
      map,
      ...store.flags,
    ]);
    expect(imported.stderr).not.toContain("follow-graph import");
    expect(imported.code).toBe(0);
    const out = join(scratch, "after-map.csv");
    const exported = await runBin([
      "export",
      "--as",
      "ndjson",
      "--out",
      join(scratch, "e.ndjson"),
      "--identity-map",
      out,
      ...store.flags,
    ]);
    expect(exported.code).toBe(0);
    expect(rowsOf(out)).toEqual([
      { github: { login: "alice", id: 11 }, gitlab: { username: "alice-gl", id: 31 } },
      { github: { login: "bob", id: 12 } },
      { github: { login: "dave-gh" }, gitlab: { username: "dave", id: 21 } },
      { github: { login: "carol-gh", id: 41 }, gitlab: { username: "carol" } },
    ]);
    // The NDJSON export's user lines come first; its edge lines are the import's three.
    const lines = readFileSync(join(scratch, "e.ndjson"), "utf8").split("\n").filter(Boolean);
    expect(lines.filter((line) => "follower" in JSON.parse(line))).toHaveLength(3);
  });

  it("export --identity-map --users writes those users' rows; one the graph lacks is refused", async () => {
    const out = join(scratch, "some.csv");
    const some = await runBin(["export", "--identity-map", out, "--users", "BOB,dave", ...store.flags]);
    expect(some.code).toBe(0);
    expect(rowsOf(out)).toEqual([
      { github: { login: "bob", id: 12 } },
      { github: { login: "dave-gh" }, gitlab: { username: "dave", id: 21 } },
    ]);
    const missing = await runBin(["export", "--identity-map", out, "--users", "bob,ghost", ...store.flags]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe("follow-graph export: No user 'ghost'");
  });

  it("a bad map is one line naming its file and line, exit 1, nothing stored", async () => {
    const map = file("bad.csv", "github_login,github_id,gitlab_username,gitlab_id\nalice,11,,\nbob,x12,,\n");
    const other = file("followers/newcomer.json", JSON.stringify([{ login: "eve", id: 99 }]));
    const refused = await runBin(["import", "arrays", other, "--identity-map", map, ...store.flags]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split("\n")).toEqual([
      `follow-graph import arrays: ${map}:3: 'x12' is not a numeric id (nothing was stored)`,
    ]);
    const missing = await runBin([
      "import",
      "arrays",
      other,
      "--identity-map",
      join(scratch, "none.csv"),
      ...store.flags,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read the identity map");
    const out = join(scratch, "unchanged.csv");
    await runBin(["export", "--identity-map", out, "--users", "eve", ...store.flags]).then((r) =>
      expect(r.stderr).toContain("No user 'eve'"),
    );
  });
});
