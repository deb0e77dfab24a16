import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./test-server.ts";

// Resets and restores while follows are in flight: every request gets a clean answer in its
// dialect (never a 500), and afterwards every counter equals what the stored edges say.

const N = 12;
const names = Array.from({ length: N }, (_, i) => `u${i}`);
const FIXTURE = { users: names.map((username) => ({ username, token: `${username}-token-secret` })) };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ FOLLOW_GRAPH_CONTROL: "1", PGLITE_MAX_QUEUE: "10000" });
});
afterAll(() => server?.stop());

/** One follow or unfollow between two fixture users, in either dialect; its status. */
async function write(i: number): Promise<number> {
  const a = names[i % N]!;
  const b = names[(i * 7 + 3) % N]!;
  const follow = i % 3 !== 0;
  const gitlab = i % 2 === 0;
  const headers: Record<string, string> = gitlab
    ? { "PRIVATE-TOKEN": `${a}-token-secret` }
    : { Authorization: `token ${a}-token-secret` };
  // GitLab's routes take ids: fixture users are ids 2.., in order, after each reset.
  const url = gitlab
    ? `${server.url}/api/v4/users/${((i * 7 + 3) % N) + 2}/${follow ? "follow" : "unfollow"}`
    : `${server.url}/user/following/${b}`;
  const method = gitlab ? "POST" : follow ? "PUT" : "DELETE";
  const res = await fetch(url, { method, headers: { ...headers, "User-Agent": "t" } });
  await res.arrayBuffer();
  return res.status;
}

describe("resets and restores with requests in flight", () => {
  it("answers every request cleanly and keeps the counters exact", async () => {
    const control = server.control!;
    await control.loadFixtures(FIXTURE);
    const { id } = await control.snapshot();
    const statuses: number[] = [];
    let writing = true;
    const writers = Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (let i = w; i < 240; i += 4) statuses.push(await write(i));
      }),
    ).finally(() => {
      writing = false;
    });
    // Rewrites go on for as long as the writers do.
    let rounds = 0;
    const rewrites = (async () => {
      while (writing) {
        await control.reset();
        await control.loadFixtures(FIXTURE);
        await control.restore(id);
        rounds++;
      }
    })();
    await Promise.all([writers, rewrites]);
    expect(rounds).toBeGreaterThan(1);

    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    // Created, not modified (GitLab's repeat), no content (GitHub), or a user/token a reset took away.
    expect(new Set(statuses.filter((s) => ![201, 204, 304, 401, 404].includes(s)))).toEqual(new Set());

    const { users, follows } = await control.state();
    for (const user of users) {
      expect(user.followers).toBe(follows.filter((f) => f.followee === user.username).length);
      expect(user.following).toBe(follows.filter((f) => f.follower === user.username).length);
    }
  });
});
