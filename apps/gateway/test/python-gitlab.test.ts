import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserWithToken, startTestServer, type TestServer } from "./test-server.ts";

// Debian's python3-gitlab belongs to the system interpreter, not to whatever python3 is first on PATH.
const PYTHON = "/usr/bin/python3";
const script = fileURLToPath(new URL("./python_gitlab_client.py", import.meta.url));

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe("python-gitlab against the running server", () => {
  it("follows, lists followers across pages with get_all, and unfollows, with 304s as errors", async () => {
    const alice = await createUserWithToken(server.url, "alice");
    const bob = await createUserWithToken(server.url, "bob");
    for (let i = 0; i < 4; i++) {
      const fan = await createUserWithToken(server.url, `fan${i}`);
      await fetch(`${server.url}/api/v4/users/${bob.id}/follow`, {
        method: "POST",
        headers: { "PRIVATE-TOKEN": fan.token },
      });
    }
    const { stdout } = await promisify(execFile)(PYTHON, [script], {
      env: { ...process.env, GITLAB_URL: server.url, ALICE_TOKEN: alice.token, BOB_ID: String(bob.id) },
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toEqual({
      bob_username: "bob",
      followed: true,
      repeat_follow: 304,
      me: "alice",
      followers: ["alice", "fan0", "fan1", "fan2", "fan3"],
      bob_followers_count: 5,
      repeat_unfollow: 304,
      followers_after: ["fan0", "fan1", "fan2", "fan3"],
    });
  });
});
