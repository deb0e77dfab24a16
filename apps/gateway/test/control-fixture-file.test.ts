import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isStartupError } from "@follow-graph/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "./test-server.ts";

// FOLLOW_GRAPH_FIXTURES: a file loaded at start, JSON or YAML; a bad one stops the start.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "fixtures-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("FOLLOW_GRAPH_FIXTURES", () => {
  it("loads a YAML file at start", async () => {
    const file = join(dir, "graph.yml");
    await writeFile(
      file,
      "users:\n  - username: alice\n    token: alice-token-123\nfollows:\n  - [alice, root]\n",
    );
    const server = await startTestServer({ FOLLOW_GRAPH_FIXTURES: file });
    try {
      const res = await fetch(`${server.url}/api/v4/user`, {
        headers: { "PRIVATE-TOKEN": "alice-token-123" },
      });
      expect(await res.json()).toMatchObject({ id: 2, username: "alice" });
    } finally {
      await server.stop();
    }
  });

  it("refuses to start on a bad file, exit 2, naming every bad path", async () => {
    const file = join(dir, "bad.json");
    await writeFile(
      file,
      JSON.stringify({ users: [{ username: "ok" }, { username: "bad!" }], follows: [["ok", "nobody"]] }),
    );
    const failure = await startTestServer({ FOLLOW_GRAPH_FIXTURES: file }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isStartupError(failure) && failure.exitCode).toBe(2);
    expect((failure as Error).message).toBe(
      `FOLLOW_GRAPH_FIXTURES: ${file} was not loaded:\n  users[1].username: is not a valid username`,
    );
  });

  it("names a file it cannot read", async () => {
    const failure = await startTestServer({ FOLLOW_GRAPH_FIXTURES: join(dir, "missing.json") }).catch(
      (e) => e,
    );
    expect((failure as Error).message).toMatch(/cannot read .*missing\.json \(ENOENT\)/);
  });
});
