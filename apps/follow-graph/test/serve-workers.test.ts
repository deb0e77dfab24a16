// follow-graph serve --workers: the bin forks itself as the gateway's main does. PostgreSQL only.
import { createScratchDatabase } from "@follow-graph/core/testing";
import { describe, expect, it } from "vitest";
import { startBin } from "./run-bin.ts";

const serverUrl = process.env.TEST_DATABASE_URL;
const ROOT_TOKEN = "serve-workers-root-token";

describe.skipIf(!serverUrl)("follow-graph serve --workers", () => {
  it("prints one line once every worker answers, serves from all of them, and drains them all on SIGTERM", async () => {
    const scratch = await createScratchDatabase(serverUrl!);
    try {
      const args = ["serve", "--workers", "2", "--database-url", scratch.url, "--port", "0"];
      const bin = startBin([...args, "--root-token", ROOT_TOKEN, "--json"]);
      const line = JSON.parse(await bin.firstLine()) as { url: string; rootToken: string; pid: number };
      expect(line).toMatchObject({ rootToken: ROOT_TOKEN, pid: bin.child.pid });
      // New connections each, so the primary hands them to both workers in turn.
      for (let n = 0; n < 4; n++) {
        const res = await fetch(`${line.url}/api/v4/user`, {
          headers: { "PRIVATE-TOKEN": ROOT_TOKEN, Connection: "close" },
        });
        expect(res.status).toBe(200);
      }
      bin.child.kill("SIGTERM");
      expect(await bin.exited).toBe(0);
      const { stdout } = bin.output();
      const received = [...stdout.matchAll(/stopped in [\d.]+ s; (\d+) requests received/g)].map((m) =>
        Number(m[1]),
      );
      expect(received).toHaveLength(2);
      for (const count of received) expect(count).toBeGreaterThan(0);
      expect(stdout).toMatch(/SIGTERM: all 2 workers stopped in [\d.]+ s/);
    } finally {
      await scratch.drop();
    }
  }, 120_000);
});
