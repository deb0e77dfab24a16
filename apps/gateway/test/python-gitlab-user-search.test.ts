import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserWithToken, ROOT_TOKEN, startTestServer, type TestServer } from "./test-server.ts";

// Debian's python3-gitlab belongs to the system interpreter, not to whatever python3 is first on PATH.
const PYTHON = "/usr/bin/python3";
const script = fileURLToPath(new URL("./python_gitlab_user_search.py", import.meta.url));

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

async function rename(id: number, name: string) {
  const res = await fetch(`${server.url}/api/v4/users/${id}`, {
    method: "PUT",
    headers: { "PRIVATE-TOKEN": ROOT_TOKEN, "Content-Type": "application/json" },
    body: JSON.stringify({ name }),
  });
  if (res.status !== 200) throw new Error(`rename: ${res.status} ${await res.text()}`);
}

describe("python-gitlab's gl.users.list against the running server", () => {
  it("finds users by search and username, in GitLab's order, and never the wrong one", async () => {
    const member = await createUserWithToken(server.url, "member");
    await createUserWithToken(server.url, "dave");
    const carolina = await createUserWithToken(server.url, "carolina");
    const carol = await createUserWithToken(server.url, "carol");
    const mcCarol = await createUserWithToken(server.url, "mccarol");
    const blocked = await createUserWithToken(server.url, "carol_blocked");
    await rename(carolina.id, "Carolina Ames");
    await rename(carol.id, "Zed Carol");
    await rename(mcCarol.id, "Bea McCarol");
    await rename(blocked.id, "Al Carol");
    await fetch(`${server.url}/api/v4/users/${blocked.id}/block`, {
      method: "POST",
      headers: { "PRIVATE-TOKEN": ROOT_TOKEN },
    });
    const { stdout } = await promisify(execFile)(PYTHON, [script], {
      env: { ...process.env, GITLAB_URL: server.url, MEMBER_TOKEN: member.token, ROOT_TOKEN },
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toEqual({
      search: ["carol", "mccarol", "carolina"],
      search_paged: ["carol", "mccarol", "carolina"],
      search_mention: ["carol", "mccarol", "carolina"],
      search_wildcard: [],
      search_nobody: [],
      username: ["carol"],
      blocked_hidden: [],
      admin_by_name: ["carol_blocked", "mccarol", "carolina", "carol"],
      admin_blocked: ["carol_blocked"],
      admin_default: ["carol_blocked", "mccarol", "carol", "carolina"],
      bad_order_by: [400, "order_by does not have a valid value"],
    });
  });
});
