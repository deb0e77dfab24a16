import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readArrays } from "../src/migration/import-files/arrays.ts";
import { arrayElements } from "../src/migration/import-files/json-values.ts";
import { readMastodon } from "../src/migration/import-files/mastodon.ts";
import { readNdjson } from "../src/migration/import-files/ndjson.ts";
import type { ImportUnit } from "../src/migration/import-files/units.ts";

const scratch = mkdtempSync(join(tmpdir(), "fg-import-files-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const file = (name: string, text: string) => {
  const path = join(scratch, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
};

async function collect(units: AsyncIterable<ImportUnit>): Promise<ImportUnit[]> {
  const all: ImportUnit[] = [];
  for await (const unit of units) all.push(unit);
  return all;
}

const edgesOf = (units: ImportUnit[]) =>
  units.flatMap((u) => u.edges.map((e) => `${e.edge.follower}>${e.edge.followee}`));

const refusal = (units: AsyncIterable<ImportUnit>) =>
  collect(units).then(
    () => "no error",
    (e: Error) => e.message,
  );

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("the import file readers", () => {
  it("ndjson: edges by login or by user lines' ids, times kept, one unit per run of a follower", async () => {
    const path = file(
      "edges.ndjson",
      [
        '{"login":"carol","id":7,"name":"Carol C","identities":{"github":{"login":"carol","id":99}}}',
        '{"follower":"alice","followee":"bob","at":"2024-05-06T07:08:09Z"}',
        '{"follower":"Alice","followee":"carol"}',
        "",
        '{"follower":7,"followee":"alice"}',
      ].join("\n"),
    );
    const units = await collect(readNdjson(path, true));
    expect(units.map((u) => u.owner?.login)).toEqual(["alice", "carol"]);
    expect(edgesOf(units)).toEqual(["alice>bob", "Alice>carol", "carol>alice"]);
    expect(units[0]!.users).toEqual([
      {
        user: { login: "carol", name: "Carol C", identities: { github: { login: "carol", id: 99 } } },
        where: `${path}:1`,
      },
    ]);
    expect(units[0]!.edges[0]!.edge.at?.toISOString()).toBe("2024-05-06T07:08:09.000Z");
    expect(units[1]!.edges[0]!.where).toBe(`${path}:5`);
  });

  it("ndjson: a bad line is refused naming file:line", async () => {
    const cases: [string, string][] = [
      ['{"follower":"a","followee":"b"}\n{"follower":"a",', ":2: is not valid JSON"],
      ['{"follower":"a"}', ":1: edge line: followee"],
      ['{"follower":"a","followee":"b","at":"soon"}', ":1: edge line: at must be an ISO 8601 time"],
      ['{"follower":12,"followee":"b"}', ":1: follower 12 is no id of a user line before it"],
      ['{"login":"a","id":"x"}', ":1: user line: id"],
    ];
    for (const [text, message] of cases) {
      const path = file("bad.ndjson", text);
      expect(await refusal(readNdjson(path, false))).toContain(`${path}${message}`);
    }
  });

  it("ndjson: overwrite needs each follower's lines together", async () => {
    const path = file(
      "scattered.ndjson",
      '{"follower":"a","followee":"b"}\n{"follower":"c","followee":"b"}\n{"follower":"A","followee":"d"}\n',
    );
    expect(await refusal(readNdjson(path, true))).toMatch(/:3: 'A' has lines before another follower's/);
    expect(edgesOf(await collect(readNdjson(path, false)))).toEqual(["a>b", "c>b", "A>d"]);
  });

  it("arrays: gh --paginate pages back to back, --slurp and GitLab's UserBasic, named by the file", async () => {
    const github = file(
      "followers/octo.json",
      '[{"login":"a","id":1,"type":"User"},\n{"login":"b]","id":2}]\n[\n{"login":"c","id":3}]\n',
    );
    const slurped = file("following/octo.json", '[[{"login":"a","id":1}],[{"login":"d","id":4}]]');
    const gitlab = file("lab.user.json", '[{"id":5,"username":"e.f","name":"E F","state":"active"}]');
    const units = await collect(readArrays([github, slurped, gitlab], undefined));
    expect(units.map((u) => u.owner)).toEqual([
      { list: "followers", login: "octo", where: github },
      { list: "following", login: "octo", where: slurped },
      { list: "followers", login: "lab.user", where: gitlab },
    ]);
    expect(edgesOf(units)).toEqual(["a>octo", "b]>octo", "c>octo", "octo>a", "octo>d", "e.f>lab.user"]);
    expect(units[0]!.edges.map((e) => e.where)).toEqual([`${github}:1`, `${github}:2`, `${github}:4`]);
    expect(units[0]!.users[2]!.user).toEqual({ login: "c", identities: { github: { login: "c", id: 3 } } });
    expect(units[2]!.users[0]!.user).toEqual({
      login: "e.f",
      name: "E F",
      identities: { gitlab: { username: "e.f", id: 5 } },
    });
    // The list's order becomes follow times in the same order (GitHub's, oldest first).
    const times = units[0]!.edges.map((e) => e.edge.at!.getTime());
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    expect(new Set(times).size).toBe(3);
    const forced = await collect(readArrays([github], "following"));
    expect(edgesOf(forced)).toEqual(["octo>a", "octo>b]", "octo>c"]);
  });

  it("arrays: a bad file is refused naming file:line", async () => {
    const cases: [string, string][] = [
      ['[{"login":"a"},\n{"id":3}]', ":2: entry 2 has neither a login (GitHub) nor a username (GitLab)"],
      ['{"login":"a"}', ":1: is not a JSON array"],
      ['[{"login":"a"},\n{"login":', ":2: ends inside an array"],
      ['[{"login":"a"},\n{"login":"b",}]', ":2: is not valid JSON"],
      ['[{"login":"a","id":-1}]', ":1: entry 1 has an id that is not a positive whole number"],
    ];
    for (const [text, message] of cases) {
      const path = file("followers/bad.json", text);
      expect(await refusal(readArrays([path], undefined))).toContain(`${path}${message}`);
    }
    expect(await refusal(readArrays([join(scratch, "none.json")], undefined))).toMatch(
      /none\.json: cannot be read \(ENOENT\)/,
    );
  });

  it("arrayElements keeps brackets and commas inside strings", () => {
    const found = [
      ...arrayElements('[ "a,]", {"b":"[,"}, [1,2] ][3]', () => {
        throw new Error("no problem expected");
      }),
    ];
    expect(found.map((f) => f.value)).toEqual(["a,]", { b: "[," }, [1, 2], 3]);
  });

  it("mastodon: the follows export with or without its header; logins by username, or with the server", async () => {
    const withHeader = file(
      "following_accounts.csv",
      "Account address,Show boosts,Notify on new posts,Languages\nalice@example.social,true,false,\n@bob@other.example,true,false,en\n\ncarol,false,false,\n",
    );
    const units = await collect(readMastodon(withHeader, "me", false));
    expect(units).toHaveLength(1);
    expect(units[0]!.owner).toEqual({ list: "following", login: "me", where: withHeader });
    expect(edgesOf(units)).toEqual(["me>alice", "me>bob", "me>carol"]);
    expect(units[0]!.edges.map((e) => e.where)).toEqual([
      `${withHeader}:2`,
      `${withHeader}:3`,
      `${withHeader}:5`,
    ]);
    const old = file("old.csv", "alice@example.social\nbob@other.example\n");
    expect(edgesOf(await collect(readMastodon(old, "me", true)))).toEqual([
      "me>alice.example.social",
      "me>bob.other.example",
    ]);
    const bad = file("bad.csv", "alice@example.social\na@b@c,true\n");
    expect(await refusal(readMastodon(bad, "me", false))).toContain(
      `${bad}:2: 'a@b@c' is not an account address`,
    );
    const unclosed = file("unclosed.csv", 'alice@example.social\n"bob@x,true\n');
    expect(await refusal(readMastodon(unclosed, "me", false))).toMatch(/unclosed\.csv(:\d+)?: /);
  });
});
