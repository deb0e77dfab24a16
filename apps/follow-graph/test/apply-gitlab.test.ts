// plan and apply against a second server playing a GitLab: every predicted outcome happens,
// a placeholder is created, a stale plan is refused (and --force goes on), and an apply a
// fault stopped resumes from its checkpoint without repeating an item. The local graph is a
// store of the engine under test; the target is an in-memory emulator.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Gitlab } from "@gitbeaker/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/emulator.ts";
import type { PlanFile } from "../src/migration/plan/plan-model.ts";
import { createLocalGraph, follow, type LocalGraph, runMigration, writeIdentityMap } from "./plan-harness.ts";
import { startBin } from "./run-bin.ts";

const SLOW = 240_000;
const FILLERS = Array.from({ length: 299 }, (_, i) => `filler${i}`);

let target: Emulator;
let local: LocalGraph;
let mapPath: string;
let api: InstanceType<typeof Gitlab>;
const ids = new Map<string, number>();

const forge = () => [
  "--to",
  "gitlab",
  "--url",
  target.server.url,
  "--token",
  target.rootToken,
  "--identity-map",
  mapPath,
];
const plan = (...extra: string[]) => runMigration(["plan", ...forge(), ...local.flags, ...extra]);
const apply = (planPath: string, ...extra: string[]) =>
  runMigration(["apply", "--plan", planPath, ...forge(), ...extra]);
const followingOf = async (username: string) =>
  ((await api.Users.allFollowing(ids.get(username)!)) as Array<{ username: string }>)
    .map((u) => u.username)
    .sort();
const followRequests = () =>
  target.control.requests().filter((entry) => entry.method === "POST" && /\/(un)?follow$/.test(entry.path));

beforeAll(async () => {
  target = await startEmulator({
    fixtures: {
      users: [
        { username: "alice" },
        { username: "bob" },
        { username: "carol", private: true },
        { username: "dave", state: "blocked" },
        { username: "erin", followingEnabled: false },
        { username: "frank" },
        ...FILLERS.map((username) => ({ username })),
      ],
      follows: [["alice", "bob"], ["bob", "carol"], ...FILLERS.map((filler) => ["frank", filler])],
    },
  });
  api = new Gitlab({ host: target.server.url, token: target.rootToken });
  for (const user of (await api.Users.all({ maxPages: 10, perPage: 100 })) as Array<{
    id: number;
    username: string;
  }>)
    ids.set(user.username, user.id);
  local = await createLocalGraph("apply-gitlab");
  // The local graph came from GitHub: its logins are GitHub's, the map names them on GitLab.
  const people = ["alice", "bob", "carol", "dave", "erin", "frank"];
  mapPath = writeIdentityMap(local.dir, [
    ...people.map((name) => ({ github: { login: `${name}-gh` }, gitlab: { username: name } })),
    { github: { login: "ghost" } },
  ]);
  await local.seed(
    [...people.map((name) => ({ login: `${name}-gh` })), { login: "ghost" }, { login: "stranger" }],
    [
      follow("alice-gh", "bob-gh"),
      follow("alice-gh", "carol-gh"),
      follow("alice-gh", "dave-gh"),
      follow("alice-gh", "erin-gh"),
      follow("alice-gh", "ghost"),
      follow("alice-gh", "stranger"),
      follow("ghost", "alice-gh"),
      follow("frank-gh", "alice-gh"),
      follow("frank-gh", "bob-gh"),
    ],
  );
}, SLOW);

afterAll(async () => {
  await target?.server.stop();
  await local?.cleanup();
});

describe("plan and apply to a GitLab", () => {
  it(
    "plans each edge with GitLab's answer: merge adds only, overwrite also removes; JSON and table agree",
    async () => {
      const merge = await plan("--format", "json");
      expect(merge.stderr).toBe("");
      expect(merge.code).toBe(0);
      const merged = JSON.parse(merge.stdout) as PlanFile;
      expect(merged.target).toEqual({ dialect: "gitlab", url: target.server.url });
      expect(merged.mode).toBe("merge");
      expect(merged.placeholders).toEqual(["ghost-github-placeholder"]);
      const adds = [
        ["alice", "carol", "201 + follow (private profile)"],
        ["alice", "dave", "201 hidden: followee blocked"],
        ["alice", "erin", "304 following disabled by followee"],
        ["alice", "ghost-github-placeholder", "201 + follow"],
        ["frank", "alice", "201 + follow"],
        ["frank", "bob", "400 followee cap (300)"],
        ["ghost-github-placeholder", "alice", "201 + follow"],
      ];
      expect(merged.items.map((i) => [i.op, i.follower, i.followee, i.predicted.label])).toEqual(
        adds.map((add) => ["add", ...add]),
      );
      expect(merged.seen.frank!.following).toHaveLength(299);

      const planPath = join(local.dir, "overwrite.json");
      const overwrite = await plan("--mode", "overwrite", "--out", planPath);
      expect(overwrite.code).toBe(0);
      const written = JSON.parse(readFileSync(planPath, "utf8")) as PlanFile;
      expect(written.items[0]).toMatchObject({ op: "remove", follower: "bob", followee: "carol" });
      expect(written.items.slice(1)).toEqual(merged.items);
      const lines = overwrite.stdout.trimEnd().split("\n");
      expect(lines[0]).toBe(
        `plan for the GitLab at ${target.server.url} (overwrite): 7 to add, 1 to remove, 1 placeholders to create`,
      );
      expect(lines.slice(2)).toEqual([
        "OP      FOLLOWER                  FOLLOWEE                  PREDICTED",
        "create  ghost-github-placeholder                            created placeholder",
        "remove  bob                       carol                     201 removed",
        ...adds.map(([a, b, label]) => `add     ${a!.padEnd(24)}  ${b!.padEnd(24)}  ${label}`),
      ]);
    },
    SLOW,
  );

  it(
    "applies the plan: every predicted answer happens, verify agrees, and a second apply repeats nothing",
    async () => {
      const planPath = join(local.dir, "overwrite.json");
      const first = await apply(planPath);
      expect(first.stdout).toContain(
        "applied 8 of 8 items (8 in this run); verified 7 users: no differences",
      );
      expect(first.code).toBe(0);
      expect(first.stderr).toContain("created placeholder ghost-github-placeholder");
      const placeholder = (await api.Users.all({ username: "ghost-github-placeholder" })) as Array<{
        id: number;
      }>;
      expect(placeholder).toHaveLength(1);
      ids.set("ghost-github-placeholder", placeholder[0]!.id);
      expect(await followingOf("alice")).toEqual(["bob", "carol", "ghost-github-placeholder"]);
      expect(await followingOf("bob")).toEqual([]);
      expect(await followingOf("ghost-github-placeholder")).toEqual(["alice"]);
      const frank = await followingOf("frank");
      expect(frank).toHaveLength(300);
      expect(frank).toContain("alice");
      expect(frank).not.toContain("bob");
      // The statuses the target gave, in the plan's order.
      expect(followRequests().map((r) => r.status)).toEqual([201, 201, 201, 304, 201, 201, 400, 201]);

      const again = await apply(planPath);
      expect(again.stdout).toContain(
        "applied 8 of 8 items (0 in this run); verified 7 users: no differences",
      );
      expect(again.code).toBe(0);
      expect(followRequests()).toHaveLength(8);
    },
    SLOW,
  );

  it(
    "refuses a plan the target moved away from, naming the user; --force goes on and verifies",
    async () => {
      await local.seed([], [follow("bob-gh", "alice-gh")]);
      const planPath = join(local.dir, "stale.json");
      expect((await plan("--out", planPath)).code).toBe(0);
      await target.control.loadFixtures({ follows: [["carol", "bob"]] });
      const stale = JSON.parse(readFileSync(planPath, "utf8")) as PlanFile;
      // The hidden edge to dave is seen in dave's followers: not planned again.
      expect(stale.items.map((i) => `${i.follower} ${i.followee} ${i.predicted.label}`)).toEqual([
        "alice erin 304 following disabled by followee",
        "bob alice 201 + follow",
        "frank bob 400 followee cap (300)",
      ]);
      const refused = await apply(planPath);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim().split("\n")).toEqual([
        `follow-graph apply: the target changed since planning: 'carol' (${mapPath}:4)'s following list changed since planning (expected 0, the target lists 1); plan again, or pass --force`,
      ]);
      expect(await followingOf("bob")).toEqual([]);
      const forced = await apply(planPath, "--force");
      expect(forced.stdout).toContain("no differences");
      expect(forced.code).toBe(0);
      expect(await followingOf("bob")).toEqual(["alice"]);
    },
    SLOW,
  );

  it(
    "resumes an apply a 500 stopped, from its checkpoint, without repeating an item; waits out a 429's Retry-After",
    async () => {
      // carol follows bob on the target already (the stale plan's change): not planned.
      await local.seed(
        [],
        [follow("carol-gh", "alice-gh"), follow("carol-gh", "bob-gh"), follow("carol-gh", "frank-gh")],
      );
      const planPath = join(local.dir, "resume.json");
      expect((await plan("--out", planPath)).code).toBe(0);
      target.control.clearRequests();
      target.control.injectFault({
        status: 500,
        count: 1,
        dialect: "gitlab",
        route: `POST /api/v4/users/${ids.get("frank")}/follow`,
      });
      const failed = await apply(planPath);
      expect(failed.code).toBe(1);
      const reason = failed.stderr.trim().split("\n").at(-1);
      expect(reason).toBe(
        `follow-graph apply: the GitLab at ${target.server.url} answered 500: 500 Internal Server Error; checkpoint kept at ${planPath}.checkpoint.json (2 of 4 items done): run apply again to resume`,
      );
      expect(await followingOf("carol")).toEqual(["alice", "bob"]);

      target.control.injectFault({
        status: 429,
        count: 1,
        retryAfter: 1,
        dialect: "gitlab",
        route: "POST /api/v4/users/*/follow",
      });
      const resumed = await apply(planPath);
      expect(resumed.stdout).toContain(
        "applied 4 of 4 items (2 in this run); verified 7 users: no differences",
      );
      expect(resumed.code).toBe(0);
      expect(resumed.stderr).toMatch(/429 on POST \/api\/v4\/users\/\d+\/follow; waiting 1 s/);
      expect(await followingOf("carol")).toEqual(["alice", "bob", "frank"]);
      const nameOf = (id: string) => [...ids].find(([, known]) => known === Number(id))![0];
      const byPath = followRequests().map(
        (r) => `${r.path.replace(/users\/(\d+)\//, (_, id: string) => `users/${nameOf(id)}/`)} ${r.status}`,
      );
      // erin turned following off and frank is at the cap: each plan keeps those edges, and their
      // 304 and 400, every time.
      expect(byPath).toEqual([
        "/api/v4/users/erin/follow 304",
        "/api/v4/users/alice/follow 201",
        "/api/v4/users/frank/follow 500",
        "/api/v4/users/frank/follow 429",
        "/api/v4/users/frank/follow 201",
        "/api/v4/users/bob/follow 400",
      ]);
    },
    SLOW,
  );

  it(
    "resumes an apply killed while the target was answering: the write it made is found, not sent again",
    async () => {
      await local.seed([], [follow("bob-gh", "carol-gh"), follow("bob-gh", "frank-gh")]);
      const planPath = join(local.dir, "killed.json");
      expect((await plan("--out", planPath)).code).toBe(0);
      const items = (JSON.parse(readFileSync(planPath, "utf8")) as PlanFile).items;
      expect(items.map((i) => `${i.follower} ${i.followee}`)).toEqual([
        "alice erin",
        "bob carol",
        "bob frank",
        "frank bob",
      ]);
      target.control.clearRequests();
      // bob → frank takes 3 s to answer: the run is killed while it waits.
      target.control.injectFault({
        latencyMs: 3000,
        count: 1,
        route: `POST /api/v4/users/${ids.get("frank")}/follow`,
      });
      const run = startBin(["apply", "--plan", planPath, ...forge()], {
        env: { FOLLOW_GRAPH_TARGET_TOKEN: "" },
      });
      while (!run.output().stderr.includes("add bob → carol")) {
        if (run.child.exitCode !== null) throw new Error(run.output().stderr);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
      run.child.kill("SIGKILL");
      await run.exited;
      // The target finishes the follow the killed run asked for.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect(await followingOf("bob")).toEqual(["alice", "carol", "frank"]);

      const resumed = await apply(planPath);
      expect(resumed.stderr).toContain("add bob → frank: already on the target (a stopped run made it)");
      expect(resumed.stdout).toContain(
        "applied 4 of 4 items (1 in this run); verified 7 users: no differences",
      );
      expect(resumed.code).toBe(0);
      const toFrank = followRequests().filter((r) => r.path === `/api/v4/users/${ids.get("frank")}/follow`);
      expect(toFrank.map((r) => r.status)).toEqual([201]);
    },
    SLOW,
  );
});
