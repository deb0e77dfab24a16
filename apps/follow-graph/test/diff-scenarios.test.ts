// The step language: the catalogue parses, users' own files are read, and a bad file is
// refused with a message that names the file, the step and the field.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { catalogue } from "../src/diff/catalogue/index.ts";
import { parseScenarioFile, parseScenarioText } from "../src/diff/scenario-parse.ts";
import { selectScenarios } from "../src/diff/select-scenarios.ts";

const scratch = mkdtempSync(join(tmpdir(), "follow-graph-scenarios-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const refusal = (text: string, source = "my.yaml") => {
  try {
    parseScenarioText(text, source);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the scenario was accepted");
};

describe("the built-in catalogue", () => {
  it("parses, with unique names and a title for every scenario", () => {
    const scenarios = catalogue();
    expect(scenarios.length).toBeGreaterThanOrEqual(25);
    expect(new Set(scenarios.map((s) => s.name)).size).toBe(scenarios.length);
    for (const scenario of scenarios) expect(scenario.steps.length).toBeGreaterThan(0);
  });

  it("expands a group of users and its follows", () => {
    const cap = catalogue().find((s) => s.name === "followee-cap")!;
    expect(cap.users).toHaveLength(302);
    expect(cap.follows).toHaveLength(300);
    expect(cap.follows[299]).toEqual(["alice", "star300"]);
  });
});

describe("a scenario file", () => {
  const good = `
name: my-scenario
title: mine
users: [alice, { username: bob, private: true, tokens: { ro: [read_user] } }]
follows: [[alice, bob]]
steps:
  - { follow: bob, as: alice }
  - { list: followers, of: bob, token: bob.ro, per_page: 5 }
  - { suspend: alice }
`;

  it("resolves callers, tokens, admin steps and intents", () => {
    const scenario = parseScenarioText(good, "my.yaml");
    expect(scenario.steps.map((s) => s.intent)).toEqual([
      "alice follows bob",
      "bob (token ro) lists bob's followers (per_page 5)",
      "root suspends alice",
    ]);
    expect(scenario.steps.map((s) => s.reported)).toEqual([true, true, false]);
    expect(scenario.users[1]).toMatchObject({
      private: true,
      tokens: [{ name: "default" }, { name: "ro", scopes: ["read_user"] }],
    });
  });

  it("may hold several scenarios, as a list or as YAML documents", () => {
    const second = good.replace("my-scenario", "other");
    expect(parseScenarioFile(`${good}\n---\n${second}`, "two.yaml").map((s) => [s.name, s.source])).toEqual([
      ["my-scenario", "two.yaml[0]"],
      ["other", "two.yaml[1]"],
    ]);
    const json = JSON.stringify([parseYamlish("a"), parseYamlish("b")]);
    expect(parseScenarioFile(json, "two.json").map((s) => s.name)).toEqual(["a", "b"]);
  });

  it.each([
    ["an unknown caller", "steps:\n  - { follow: bob, as: zed }", "my.yaml: steps[0].as: no user 'zed'"],
    [
      "an unknown target",
      "steps:\n  - { follow: zed, as: alice }",
      "my.yaml: steps[0].follow: no user 'zed'",
    ],
    [
      "two actions in a step",
      "steps:\n  - { follow: bob, unfollow: bob }",
      "my.yaml: steps[0]: has 2 actions (follow, unfollow); a step does one thing",
    ],
    ["no action", "steps:\n  - { as: alice }", "my.yaml: steps[0]: needs one action:"],
    ["an unknown field", "steps:\n  - { follow: bob, colour: red }", "my.yaml: steps[0].colour: Invalid key"],
    [
      "a field of another action",
      "steps:\n  - { follow: bob, per_page: 3 }",
      "my.yaml: steps[0].per_page: does not apply to 'follow'",
    ],
    [
      "a token the user lacks",
      "steps:\n  - { follow: bob, token: alice.ro }",
      "my.yaml: steps[0].token: alice has no token 'ro' (it has default)",
    ],
    ["a bad list", "steps:\n  - { list: friends }", "my.yaml: steps[0].list: must be followers or following"],
    ["no steps", "steps: []", "my.yaml: steps: must list at least one step"],
  ])("refuses %s, naming the step and the field", (_what, steps, message) => {
    expect(refusal(`name: s\ntitle: t\nusers: [alice, bob]\n${steps}\n`)).toContain(message);
  });

  it("refuses bad users and follows, and text that is not YAML or JSON", () => {
    expect(refusal("name: s\ntitle: t\nusers: [root]\nsteps: [{ profile: me }]")).toBe(
      "my.yaml: users[0]: is reserved ('root', 'anonymous', 'me')",
    );
    expect(
      refusal("name: s\ntitle: t\nusers: [alice]\nfollows: [[alice, bob]]\nsteps: [{ profile: me }]"),
    ).toBe("my.yaml: follows[0][1]: no user 'bob'");
    expect(refusal("name: s\ntitle: t\nusers: [alice, alice]\nsteps: [{ profile: me }]")).toBe(
      "my.yaml: users[1].username: 'alice' is listed twice",
    );
    expect(refusal("{ not json", "bad.json")).toMatch(/^bad\.json: not valid JSON: /);
    expect(refusal("name: [unclosed", "bad.yaml")).toMatch(/^bad\.yaml: not valid YAML: /);
  });
});

describe("choosing scenarios", () => {
  it("takes built-in names and files, in the order given", () => {
    const file = join(scratch, "mine.yaml");
    writeFileSync(file, "name: mine\ntitle: mine\nusers: [a, b]\nsteps: [{ follow: b, as: a }]\n");
    expect(selectScenarios(["list-order", file]).map((s) => s.name)).toEqual(["list-order", "mine"]);
    expect(selectScenarios([]).length).toBe(catalogue().length);
  });

  it("refuses an unknown name, a missing file and a name given twice", () => {
    expect(() => selectScenarios(["no-such-scenario"])).toThrow(
      "no built-in scenario 'no-such-scenario' (follow-graph diff --list shows them)",
    );
    expect(() => selectScenarios([join(scratch, "missing.yaml")])).toThrow(
      /missing\.yaml: cannot be read \(no such file\)$/,
    );
    expect(() => selectScenarios(["list-order", "list-order"])).toThrow(
      "the scenario 'list-order' is also in catalogue",
    );
  });
});

function parseYamlish(name: string) {
  return { name, title: name, users: ["a", "b"], steps: [{ follow: "b", as: "a" }] };
}
