import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserWithToken, ROOT_TOKEN, startTestServer, type TestServer } from "./test-server.ts";

// Debian's python3-gitlab belongs to the system interpreter, not to whatever python3 is first on PATH.
const PYTHON = "/usr/bin/python3";
const script = fileURLToPath(new URL("./python_gitlab_impersonation.py", import.meta.url));

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe("python-gitlab's impersonation tokens against the running server", () => {
  it("creates, lists across pages, gets and deletes them; a token acts as the user until deleted", async () => {
    const seeded = await createUserWithToken(server.url, "seeded");
    const { stdout } = await promisify(execFile)(PYTHON, [script], {
      env: { ...process.env, GITLAB_URL: server.url, ROOT_TOKEN, USER_ID: String(seeded.id) },
      timeout: 60_000,
    });
    const created = { scopes: ["api", "read_user"], impersonation: true, active: true, has_token: true };
    expect(JSON.parse(stdout)).toEqual({
      created: ["seed0", "seed1", "seed2"].map((name) => ({ name, ...created })),
      acts_as: "seeded",
      // The personal access token the user was seeded with is not an impersonation token.
      listed: ["seed0", "seed1", "seed2"],
      fetched: "seed0",
      after_delete: 401,
      active: ["seed2"],
      inactive: [
        { name: "seed0", revoked: true, active: false },
        { name: "seed1", revoked: true, active: false },
      ],
      unknown: [404, "404 Impersonation Token Not Found"],
    });
  });
});
