import { describe, expect, it } from "vitest";
import { parseSeedOutput } from "./seed.ts";

describe("parseSeedOutput", () => {
  it("finds the JSON line among whatever else went to stdout", () => {
    const line =
      '{"users":101,"edges":500,"firstUserId":2,"lastUserId":102,"popular":{"id":2,"username":"seed-2","followers":100},"seconds":0.4}';
    expect(parseSeedOutput(`> follow-graph@ cli\n${line}\n`)).toEqual({
      users: 101,
      edges: 500,
      firstUserId: 2,
      lastUserId: 102,
      popular: { id: 2, username: "seed-2", followers: 100 },
      seconds: 0.4,
    });
  });

  it("refuses output without the line or with a field missing", () => {
    expect(() => parseSeedOutput("seeded 5 users\n")).toThrow(/no JSON line/);
    expect(() => parseSeedOutput('{"users":1}\n')).toThrow(/'edges' missing/);
  });
});
