import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnGateway } from "./gateway-process.ts";

// The gateway as `pnpm start` runs it: its own process, its own embedded database.
const dataDir = mkdtempSync(join(tmpdir(), "follow-graph-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const start = (env: Record<string, string>) =>
  spawnGateway({ PGLITE_DATA_DIR: dataDir, DATABASE_URL: "", ...env });

const stop = (child: ChildProcess, signal: NodeJS.Signals) => child.kill(signal);

describe("the gateway process", () => {
  it("exits non-zero with a one-line reason on bad configuration", async () => {
    const run = start({ PORT: "not-a-port" });
    expect(await run.exited).toBe(2);
    expect(run.output().trim()).toBe("Bad configuration: PORT must be a whole number from 0 to 65535");
  });

  it("prints a created root token once, keeps data across restarts, and exits 0 on SIGTERM", async () => {
    const first = start({});
    const url = await first.listening;
    const token = /\(shown once\): (\S+)/.exec(first.output())?.[1];
    expect(token).toMatch(/^glpat-/);
    const created = await fetch(`${url}/api/v4/users`, {
      method: "POST",
      headers: { "PRIVATE-TOKEN": token!, "Content-Type": "application/json" },
      body: JSON.stringify({
        username: "kept",
        name: "Kept",
        email: "kept@example.com",
        password: "password123",
      }),
    });
    expect(created.status).toBe(201);
    stop(first.child, "SIGTERM");
    expect(await first.exited).toBe(0);

    const second = start({});
    const url2 = await second.listening;
    expect(second.output()).not.toContain("shown once");
    const found = await fetch(`${url2}/api/v4/users?username=kept`, { headers: { "PRIVATE-TOKEN": token! } });
    expect(((await found.json()) as { username: string }[]).map((u) => u.username)).toEqual(["kept"]);
    stop(second.child, "SIGINT");
    expect(await second.exited).toBe(0);
    // Two starts of a fresh durable store (initdb, migrations, fsyncs) on a loaded 2-core machine.
  }, 90_000);

  it("finishes an in-flight request before exiting on SIGTERM", async () => {
    const run = start({ ROOT_TOKEN: "root-token-for-shutdown" });
    const url = await run.listening;
    const inFlight = fetch(`${url}/api/v4/users?per_page=100`, {
      headers: { "PRIVATE-TOKEN": "root-token-for-shutdown" },
    });
    // Give the request time to be accepted, then ask the server to stop while it may still run.
    await new Promise((resolve) => setTimeout(resolve, 20));
    stop(run.child, "SIGTERM");
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await run.exited).toBe(0);
  });
});
