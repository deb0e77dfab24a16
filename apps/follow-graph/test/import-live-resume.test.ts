// A live import stopped part way (the source failing, or the process killed) and run again
// with its checkpoint: the same graph as one run makes, nothing written twice, and the users
// already walked not fetched again (the source's request journal shows what was asked).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../src/emulator.ts";
import {
  controlOf,
  EDGES_FROM_ALICE,
  edgeKeys,
  readTarget,
  runImport,
  sourceIds,
  startSource,
  startTarget,
} from "./import-live-source.ts";
import { runBin, startBin } from "./run-bin.ts";

let source: Emulator;
let ids: Map<string, number>;
let target: Awaited<ReturnType<typeof startTarget>>;
const scratch = mkdtempSync(join(tmpdir(), "follow-graph-import-resume-"));
let checkpoint: string;

beforeAll(async () => {
  [source, target] = await Promise.all([startSource(), startTarget()]);
  ids = await sourceIds(source);
});
afterAll(async () => {
  await Promise.all([source?.server.stop(), target?.stop()]);
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(async () => {
  await target.emulator.control.reset();
  checkpoint = join(scratch, `checkpoint-${Math.random().toString(36).slice(2)}.json`);
});
afterEach(() => controlOf(source).clearFaults());

const readCheckpointFile = () =>
  JSON.parse(readFileSync(checkpoint, "utf8")) as { done: string[]; queue: { login: string }[] };

/** Each user's counters equal the edges it has: nothing was counted, or written, twice. */
async function expectCountersMatchEdges() {
  const state = await target.emulator.control.state();
  for (const user of state.users) {
    expect(user.followers, `${user.username}'s followers`).toBe(
      state.follows.filter((f) => f.followee === user.username).length,
    );
    expect(user.following, `${user.username}'s following`).toBe(
      state.follows.filter((f) => f.follower === user.username).length,
    );
  }
  return state;
}

describe("a resumed import github", () => {
  const args = () => [
    "--api-url",
    source.server.url,
    "--token",
    source.rootToken,
    "--users",
    "alice",
    "--depth",
    "2",
    "--checkpoint",
    checkpoint,
    ...target.flags,
  ];

  it("after the source failed part way, finishes the graph without fetching the users walked again", async () => {
    const control = controlOf(source);
    // erin is the last of alice's circle to be walked: alice, carol, dave and bob are done first.
    await control.injectFault({ status: 403, route: "GET /users/erin/followers", dialect: "github" });
    const first = await runImport("github", args());
    expect(first.code).toBe(1);
    expect(first.stderr).toContain("rerun the same command to continue");
    expect(readCheckpointFile().done).toEqual(["alice", "carol", "dave", "bob"]);
    expect(readCheckpointFile().queue.map((q) => q.login)).toEqual(["erin"]);

    await control.clearFaults();
    await control.clearRequests();
    const second = await runImport("github", args());
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`continuing from ${checkpoint} (4 users walked, 1 to go)`);
    expect(existsSync(checkpoint)).toBe(false);
    const asked = (await control.requests()).map((r) => r.path.replace(/\?.*/, ""));
    expect(asked).toEqual(["/users/erin/followers", "/users/erin/following"]);

    const { edges, users } = await readTarget(target.flags);
    expect(edgeKeys(edges)).toEqual([...EDGES_FROM_ALICE[2]!].sort());
    expect(users.map((u) => u.login).sort()).toEqual([
      "alice",
      "bob",
      "carol",
      "dave",
      "erin",
      "frank",
      "grace",
      "root",
    ]);
    // The edges of the first run kept their times: alice's followers still sort as GitHub lists them.
    const toAlice = edges
      .filter((e) => e.followee === "alice")
      .sort((a, b) => a.at!.getTime() - b.at!.getTime());
    expect(toAlice.map((e) => e.follower)).toEqual(["carol", "dave", "bob"]);
    await expectCountersMatchEdges();
  });

  it("refuses a checkpoint of another import with one line, touching nothing", async () => {
    await controlOf(source).injectFault({
      status: 403,
      route: "GET /users/erin/followers",
      dialect: "github",
    });
    expect((await runImport("github", args())).code).toBe(1);
    const before = readFileSync(checkpoint, "utf8");
    const other = await runImport(
      "github",
      args().map((arg) => (arg === "2" ? "3" : arg)),
    );
    expect(other.code).toBe(1);
    expect(other.stderr.trim()).toBe(
      `follow-graph import github: checkpoint ${checkpoint} cannot continue this import: it is of an import to depth 2 (remove it, or give another --checkpoint)`,
    );
    expect(readFileSync(checkpoint, "utf8")).toBe(before);
  });
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))(
  "a killed import gitlab (the bin, from source)",
  () => {
    it("run again with its checkpoint, completes the same graph, not fetching the users walked again", async () => {
      const control = controlOf(source);
      const erin = ids.get("erin")!;
      // erin's followers are held back, so the process is surely still at work when it is killed.
      await control.injectFault({ latencyMs: 15_000, route: `GET /api/v4/users/${erin}/followers` });
      const args = [
        "import",
        "gitlab",
        "--url",
        source.server.url,
        "--token",
        source.rootToken,
        "--users",
        "alice",
        "--depth",
        "2",
        "--checkpoint",
        checkpoint,
        // A batch per user, so the checkpoint says how far the walk is when it is killed.
        "--batch-users",
        "1",
        "--to-url",
        target.emulator.server.url,
        "--root-token",
        target.emulator.rootToken,
      ];
      const running = startBin(args);
      const deadline = Date.now() + 60_000;
      while (!(existsSync(checkpoint) && readCheckpointFile().done.length === 4)) {
        if (Date.now() > deadline || running.child.exitCode !== null)
          throw new Error(`the import did not reach erin: ${running.output().stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      running.child.kill("SIGKILL");
      expect(await running.exited).toBe(-1);
      expect(readCheckpointFile().queue.map((q) => q.login)).toEqual(["erin"]);

      await control.clearFaults();
      await control.clearRequests();
      const rerun = await runBin(args);
      expect(rerun.stderr).toContain("continuing from");
      expect(rerun.code).toBe(0);
      const asked = (await control.requests()).map((r) => r.path.replace(/\?.*/, ""));
      expect(asked).toEqual([`/api/v4/users/${erin}/followers`, `/api/v4/users/${erin}/following`]);
      const { edges } = await readTarget(target.flags);
      expect(edgeKeys(edges)).toEqual([...EDGES_FROM_ALICE[2]!].sort());
      await expectCountersMatchEdges();
    }, 120_000);
  },
);
