import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createScratchDatabase } from "@follow-graph/core/testing";
import { Gitlab } from "@gitbeaker/rest";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../src/env.ts";
import { type RunningServer, startServer } from "../src/server.ts";

// The whole path a crawler takes: a graph made by `pnpm cli seed`, the running server, and the
// published clients following Link headers (and so cursors) to the end of a deep list.
const FOLLOWERS = 1_250;
const ROOT_TOKEN = "deep-walk-root-token-0123";
const gatewayDir = fileURLToPath(new URL("..", import.meta.url));

let server: RunningServer;
let popular: { id: number; username: string };
let cleanup: () => Promise<void>;

function seed(env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ["--import", "tsx", "src/cli.ts", "seed", "--users", String(FOLLOWERS + 1), "--edges", "4000"].concat([
        "--popular",
        String(FOLLOWERS),
        "--random-seed",
        "7",
        "--json",
      ]),
      { cwd: gatewayDir, env: { ...process.env, ...env } },
      (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(stdout)),
    ),
  );
}

beforeAll(async () => {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const scratch = serverUrl ? await createScratchDatabase(serverUrl) : undefined;
  const dataDir = scratch ? undefined : mkdtempSync(join(tmpdir(), "follow-graph-walk-"));
  const store = scratch ? { DATABASE_URL: scratch.url } : { PGLITE_DATA_DIR: dataDir! };
  cleanup = async () => {
    await scratch?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  popular = JSON.parse(await seed({ ...store, ROOT_TOKEN, DATABASE_URL: store.DATABASE_URL ?? "" })).popular;
  const parsed = parseEnv({ PORT: "0", HOST: "127.0.0.1", ROOT_TOKEN, ...store });
  if (!parsed.ok) throw new Error(parsed.reason);
  server = await startServer(parsed.env);
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await cleanup?.();
});

describe(`walking all pages of ${FOLLOWERS} followers by their Link headers`, () => {
  it("Octokit's paginate gets each follower once, in follow order, over cursor links", async () => {
    const octokit = new Octokit({ baseUrl: `${server.url}/api/v3`, auth: ROOT_TOKEN });
    const urls: string[] = [];
    const logins: string[] = [];
    for await (const response of octokit.paginate.iterator(octokit.rest.users.listFollowersForUser, {
      username: popular.username,
      per_page: 100,
    })) {
      urls.push(response.url);
      logins.push(...response.data.map((u) => u.login));
    }
    expect(new Set(logins).size).toBe(FOLLOWERS);
    expect(logins).toHaveLength(FOLLOWERS);
    expect(urls.slice(1).every((url) => new URL(url).searchParams.has("cursor"))).toBe(true);
    // The order a crawler sees is the order of the pages by number.
    const byNumber: string[] = [];
    for (let page = 1; page <= Math.ceil(FOLLOWERS / 100); page++) {
      const { data } = await octokit.rest.users.listFollowersForUser({
        username: popular.username,
        per_page: 100,
        page,
      });
      byNumber.push(...data.map((u) => u.login));
    }
    expect(logins).toEqual(byNumber);
  }, 120_000);

  it("gitbeaker's allFollowers gets each follower once, in id order", async () => {
    const api = new Gitlab({ host: server.url, token: ROOT_TOKEN });
    const all = (await api.Users.allFollowers(popular.id, { perPage: 100 })) as { id: number }[];
    const ids = all.map((u) => u.id);
    expect(ids).toHaveLength(FOLLOWERS);
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
  }, 120_000);
});
