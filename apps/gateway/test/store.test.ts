import { type ChildProcess, execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { spawnGateway } from "./gateway-process.ts";

// The embedded store as users run it: gateways and CLI commands as separate processes on one
// data directory, killed the hard way. PGlite only, so it runs once, on the PGlite pass.
const gatewayDir = fileURLToPath(new URL("..", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "follow-graph-store-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const ROOT_TOKEN = "root-token-for-the-store-test";
// Each test starts several gateways; each start costs seconds on a busy 2-core machine.
const PROCESSES_TIMEOUT = 180_000;

const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
});

/** A gateway on `dataDir`, started through `wrapper` (e.g. strace and its options) if given. */
function gateway(dataDir: string, env: Record<string, string> = {}, wrapper: string[] = []) {
  const run = spawnGateway({ PGLITE_DATA_DIR: dataDir, DATABASE_URL: "", ROOT_TOKEN, ...env }, wrapper);
  running.add(run.child);
  run.exited.then(() => running.delete(run.child));
  return run;
}

function cli(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "src/cli.ts", ...args],
      { cwd: gatewayDir, env: { ...process.env, PGLITE_DATA_DIR: dataDir, DATABASE_URL: "", ROOT_TOKEN } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

const api = (base: string, path: string, init: RequestInit = {}) =>
  fetch(`${base}/api/v4${path}`, {
    ...init,
    headers: { "PRIVATE-TOKEN": ROOT_TOKEN, "Content-Type": "application/json", ...init.headers },
  });

async function createUser(base: string, username: string): Promise<number> {
  const response = await api(base, "/users", {
    method: "POST",
    body: JSON.stringify({
      username,
      name: username,
      email: `${username}@example.com`,
      password: "password123",
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

async function followedByRoot(base: string): Promise<Set<number>> {
  const response = await api(base, "/users/1/following?per_page=100");
  return new Set(((await response.json()) as { id: number }[]).map((user) => user.id));
}

const HELD =
  /^Could not start: the PGlite data directory (\S+) is in use by the follow-graph server on (http:\/\/\S+) \(pid (\d+), since \d{4}-\d\d-\d\dT[\d:.]+Z\): stop it, use the running server's API instead, or set PGLITE_DATA_DIR to another directory$/;

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("one embedded store, several processes", () => {
  it(
    "a second gateway and a CLI write beside a running gateway refuse at once, exit 2, and change nothing",
    async () => {
      const dataDir = join(root, "beside");
      const first = gateway(dataDir);
      const url = await first.listening;
      await createUser(url, "alice");

      const second = gateway(dataDir);
      expect(await second.exited).toBe(2);
      const line = second.output().trim();
      expect(line).toMatch(HELD);
      expect(HELD.exec(line)?.slice(1)).toEqual([dataDir, url, String(first.child.pid)]);

      const created = await cli(
        dataDir,
        "users",
        "create",
        "--username",
        "carol",
        "--email",
        "carol@example.com",
      );
      expect(created.code).toBe(2);
      expect(created.stdout).toBe("");
      expect(created.stderr.trim()).toBe(line.replace("Could not start: ", ""));
      const seeded = await cli(dataDir, "seed", "--users", "10");
      expect(seeded.code).toBe(2);
      expect(seeded.stderr.trim()).toMatch(
        /^the PGlite data directory .* is in use by the follow-graph server/,
      );

      // Nothing the refused processes were asked for exists; what the server wrote is intact.
      const users = (await (await api(url, "/users?per_page=100")).json()) as { username: string }[];
      expect(users.map((user) => user.username).sort()).toEqual(["alice", "root"]);

      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
      // With the server gone, the CLI has the store to itself.
      expect(
        (await cli(dataDir, "users", "create", "--username", "carol", "--email", "carol@example.com")).code,
      ).toBe(0);
    },
    PROCESSES_TIMEOUT,
  );

  it(
    "after kill -9 the next start takes over the stale lock and every acknowledged write is there",
    async () => {
      const dataDir = join(root, "killed");
      const first = gateway(dataDir);
      const url = await first.listening;
      const ids: number[] = [];
      for (let i = 0; i < 30; i++) ids.push(await createUser(url, `target${i}`));

      // Follows in flight when the process dies: the acknowledged ones must all survive.
      const acknowledged = new Set<number>();
      let killed = false;
      const follows = ids.map((id) =>
        api(url, `/users/${id}/follow`, { method: "POST" }).then(
          (response) => {
            if (!killed && response.status === 201) acknowledged.add(id);
            if (acknowledged.size === 15 && !killed) {
              killed = true;
              first.child.kill("SIGKILL");
            }
          },
          () => {},
        ),
      );
      await Promise.all(follows);
      expect(await first.exited).toBe(null);
      expect(acknowledged.size).toBeGreaterThanOrEqual(15);

      const second = gateway(dataDir);
      const url2 = await second.listening;
      const stored = await followedByRoot(url2);
      expect([...acknowledged].filter((id) => !stored.has(id))).toEqual([]);
      // The counter agrees with the rows, and the users created before are all there.
      const rootUser = (await (
        await fetch(`${url2}/api/v3/users/root`, { headers: { Authorization: `Bearer ${ROOT_TOKEN}` } })
      ).json()) as { following: number };
      expect(rootUser.following).toBe(stored.size);
      for (const id of ids) expect((await api(url2, `/users/${id}`)).status).toBe(200);
      second.child.kill("SIGTERM");
      expect(await second.exited).toBe(0);
    },
    PROCESSES_TIMEOUT,
  );

  it(
    "an unusable data directory fails at once with one line, exit 2",
    async () => {
      const run = gateway("/proc/nope");
      expect(await run.exited).toBe(2);
      expect(run.output().trim()).toBe(
        "Could not start: the PGlite data directory /proc/nope is not usable (no such file or directory, and it cannot be created there): set PGLITE_DATA_DIR to a writable directory",
      );
    },
    PROCESSES_TIMEOUT,
  );

  it(
    "a PostgreSQL that refuses the connection is named with its address, exit 1",
    async () => {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as { port: number };
      await new Promise((resolve) => server.close(resolve));
      const run = gateway(join(root, "unused"), {
        DATABASE_URL: `postgres://postgres:s3cret@127.0.0.1:${port}/postgres`,
      });
      expect(await run.exited).toBe(1);
      expect(run.output().trim()).toBe(
        `Could not start: PostgreSQL at 127.0.0.1:${port} refused the connection (is it running?)`,
      );
    },
    PROCESSES_TIMEOUT,
  );

  const hasStrace = spawnSync("strace", ["-V"]).status === 0;
  it.runIf(hasStrace)(
    "strict durability flushes the WAL for every acknowledged write (strace counts the syscalls)",
    async () => {
      const dataDir = join(root, "strace");
      const summary = join(root, "strace.txt");
      // The store exists first, so the count covers only the follows and the shutdown.
      const setup = gateway(dataDir);
      const setupUrl = await setup.listening;
      const ids: number[] = [];
      for (let i = 0; i < 20; i++) ids.push(await createUser(setupUrl, `synced${i}`));
      setup.child.kill("SIGTERM");
      expect(await setup.exited).toBe(0);

      const traced = gateway(dataDir, {}, [
        "strace",
        "-f",
        "-c",
        "-o",
        summary,
        "-e",
        "trace=fsync,fdatasync",
      ]);
      const url = await traced.listening;
      for (const id of ids)
        expect((await api(url, `/users/${id}/follow`, { method: "POST" })).status).toBe(201);
      // SIGTERM to strace would only detach it: the gateway's pid is in its lock file.
      const { pid } = JSON.parse(readFileSync(join(dataDir, "follow-graph.lock"), "utf8")) as { pid: number };
      process.kill(pid, "SIGTERM");
      expect(await traced.exited).toBe(0);
      const calls = (name: string) =>
        Number(
          new RegExp(`^\\s*[\\d.]+\\s+[\\d.]+\\s+\\d+\\s+(\\d+)\\s+(?:\\d+\\s+)?${name}$`, "m").exec(
            readFileSync(summary, "utf8"),
          )?.[1] ?? 0,
        );
      expect(calls("fdatasync")).toBeGreaterThanOrEqual(ids.length);
    },
    PROCESSES_TIMEOUT,
  );
});
