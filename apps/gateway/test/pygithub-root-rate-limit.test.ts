import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createScratchDatabase } from "@follow-graph/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayProcess, spawnGateway } from "./gateway-process.ts";
import { createGitHubUserWithToken, ROOT_TOKEN } from "./test-server.ts";

// Debian's python3-github belongs to the system interpreter, not to whatever python3 is first on PATH.
const PYTHON = "/usr/bin/python3";
const script = fileURLToPath(new URL("./pygithub_root_rate_limit.py", import.meta.url));
// requests would send even loopback traffic through a configured proxy.
const LOOPBACK_ONLY = { NO_PROXY: "127.0.0.1,localhost", no_proxy: "127.0.0.1,localhost" };

async function runPython(env: Record<string, string>) {
  const { stdout } = await promisify(execFile)(PYTHON, [script], {
    env: { ...process.env, ...LOOPBACK_ONLY, ...env },
    timeout: 60_000,
  });
  return JSON.parse(stdout);
}

// The gateway as `pnpm start` runs it, with GITHUB_RATE_LIMIT unset: its defaults are under test.
const scratch = process.env.TEST_DATABASE_URL
  ? await createScratchDatabase(process.env.TEST_DATABASE_URL)
  : undefined;
let gateway: GatewayProcess;
let url: string;
beforeAll(async () => {
  gateway = spawnGateway({
    ROOT_TOKEN,
    GITHUB_RATE_LIMIT: "",
    ...(scratch ? { DATABASE_URL: scratch.url } : { DATABASE_URL: "", PGLITE_DATA_DIR: "memory://" }),
  });
  url = await gateway.listening;
});
afterAll(async () => {
  gateway.child.kill("SIGTERM");
  await gateway.exited;
  await scratch?.drop();
});

describe("PyGithub at the api.github.com layout of a server started as `pnpm start`", () => {
  it("reads api.github.com's limits from the headers and get_rate_limit(): 5000 signed in, 60 anonymous", async () => {
    const user = await createGitHubUserWithToken(url, "octo");
    const output = await runPython({ GITHUB_BASE_URL: url, TOKEN: user.token, LOGIN: user.login });
    expect(output).toEqual({
      login: "octo",
      rate_limiting: [4999, 5000],
      // GET /rate_limit costs nothing.
      core: { limit: 5000, remaining: 4999, reset_is_future: true },
      anonymous_core: { limit: 60, remaining: 60, reset_is_future: true },
      anonymous_read: "octo",
      anonymous_rate_limiting: [59, 60],
    });
  });

  it("keeps GHES's default on /api/v3: no X-RateLimit-* headers, and /rate_limit is its 404", async () => {
    const profile = await fetch(`${url}/api/v3/users/root`);
    expect(profile.status).toBe(200);
    expect(profile.headers.get("X-RateLimit-Limit")).toBeNull();
    const status = await fetch(`${url}/api/v3/rate_limit`);
    expect(status.status).toBe(404);
    expect(((await status.json()) as { message: string }).message).toBe("Rate limiting is not enabled.");
  });
});
