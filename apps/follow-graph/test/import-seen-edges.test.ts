// The import's record of the edges read so far (import-files/seen-edges.ts): a pair given again
// in the same kind of list is found with where it was first read, across the table's growth.
import { describe, expect, it } from "vitest";
import { SeenEdges } from "../src/migration/import-files/seen-edges.ts";

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("SeenEdges", () => {
  it("finds a pair again with its first file:line, after growing past its first size", () => {
    const seen = new SeenEdges();
    for (let i = 0; i < 20_000; i++)
      expect(seen.add("following", `u${i % 700}`, `v${i}`, `edges.ndjson:${i + 1}`)).toBeUndefined();
    expect(seen.add("following", "u3", "v3", "edges.ndjson:20001")).toBe("edges.ndjson:4");
    expect(seen.add("following", "u399", "v19999", "x:1")).toBe("edges.ndjson:20000");
    // Not seen: another follower of that followee, or the reverse pair.
    expect(seen.add("following", "u4", "v3", "x:2")).toBeUndefined();
    expect(seen.add("following", "v3", "u3", "x:3")).toBeUndefined();
  });

  it("keeps the two kinds of list apart, and a place without a line as it was given", () => {
    const seen = new SeenEdges();
    expect(seen.add("followers", "ann", "bob", "followers/bob.json")).toBeUndefined();
    expect(seen.add("following", "ann", "bob", "following/ann.json:3")).toBeUndefined();
    expect(seen.add("followers", "ann", "bob", "followers/bob.json:9")).toBe("followers/bob.json");
    expect(seen.add("following", "ann", "bob", "following/ann.json:7")).toBe("following/ann.json:3");
  });
});
