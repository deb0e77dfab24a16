// What the live-import tests share: a source graph served by a second instance of this server
// (the emulator, as GitHub and as GitLab), the edges each depth must bring, a target store on
// the engine under test, and the control API's faults and journal over HTTP.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchDatabase } from "@follow-graph/core/testing";
import { type Emulator, startEmulator } from "../src/emulator.ts";
import type { ImportedEdge, ImportedUser } from "../src/migration/contracts.ts";
import { importLive } from "../src/migration/import-live.ts";
import { openTarget, targetFlags } from "../src/migration/open-target.ts";

const T0 = Date.parse("2024-03-01T09:00:00Z");
const minutes = (n: number) => new Date(T0 + n * 60_000).toISOString();

/** Followers of `popular`: more than one page of 100, following it in the reverse of their id order. */
export const FANS = Array.from({ length: 130 }, (_, i) => `fan-${String(i + 1).padStart(3, "0")}`);

/**
 * alice's followers followed her in the order carol, dave, bob (ids say bob, carol, dave);
 * alice → erin → frank → grace → dave reaches further out, one step at a time.
 */
export const SOURCE_FIXTURE = {
  users: [
    { username: "alice", name: "Alice Liddell" },
    { username: "bob", name: "Bob" },
    { username: "carol" },
    { username: "dave" },
    { username: "erin" },
    { username: "frank" },
    { username: "grace" },
    { username: "popular" },
    ...FANS.map((username) => ({ username })),
  ],
  follows: [
    { follower: "bob", followee: "alice", createdAt: minutes(3) },
    { follower: "carol", followee: "alice", createdAt: minutes(1) },
    { follower: "dave", followee: "alice", createdAt: minutes(2) },
    { follower: "alice", followee: "erin", createdAt: minutes(4) },
    { follower: "erin", followee: "frank", createdAt: minutes(5) },
    { follower: "frank", followee: "grace", createdAt: minutes(6) },
    { follower: "carol", followee: "bob", createdAt: minutes(7) },
    { follower: "grace", followee: "dave", createdAt: minutes(8) },
    ...FANS.map((fan, i) => ({ follower: fan, followee: "popular", createdAt: minutes(1000 - i) })),
  ],
};

/** The edges an import from alice must bring at each depth (every edge touching a user walked). */
export const EDGES_FROM_ALICE: Record<number, string[]> = {
  1: ["bob>alice", "carol>alice", "dave>alice", "alice>erin"],
  2: ["bob>alice", "carol>alice", "dave>alice", "alice>erin", "carol>bob", "erin>frank", "grace>dave"],
  3: [
    "bob>alice",
    "carol>alice",
    "dave>alice",
    "alice>erin",
    "carol>bob",
    "erin>frank",
    "grace>dave",
    "frank>grace",
  ],
};

export const startSource = () => startEmulator({ fixtures: SOURCE_FIXTURE });

/** The source's ids by login, as its GitLab dialect answers them. */
export async function sourceIds(source: Emulator): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let page = 1; ; page++) {
    const response = await fetch(`${source.server.url}/api/v4/users?per_page=100&page=${page}`, {
      headers: { "private-token": source.rootToken },
    });
    const users = (await response.json()) as { id: number; username: string }[];
    for (const user of users) ids.set(user.username, user.id);
    if (!response.headers.get("x-next-page")) return ids;
  }
}

/**
 * The graph imported into: a running server reached through its control API, its store on the
 * engine under test (a scratch PostgreSQL database with TEST_DATABASE_URL, else in-memory
 * PGlite), reset before each test.
 */
export async function startTarget(): Promise<{
  emulator: Emulator;
  /** The flags naming it to `import github`; `import gitlab` spells --url as --to-url. */
  flags: string[];
  stop(): Promise<void>;
}> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const scratch = serverUrl ? await createScratchDatabase(serverUrl) : undefined;
  const emulator = await startEmulator(scratch ? { databaseUrl: scratch.url } : {});
  return {
    emulator,
    flags: ["--url", emulator.server.url, "--root-token", emulator.rootToken],
    async stop() {
      await emulator.server.stop();
      await scratch?.drop();
    },
  };
}

/** A fresh target store on the engine under test: PostgreSQL with TEST_DATABASE_URL, else a PGlite directory. */
export async function createTargetStore(): Promise<{ flags: string[]; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl);
    return { flags: ["--database-url", scratch.url], drop: () => scratch.drop() };
  }
  const dir = mkdtempSync(join(tmpdir(), "follow-graph-import-live-"));
  return { flags: ["--data-dir", dir], drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every edge and user of the target the flags name (a store, or a server's `--url U --root-token T`), read back whole. */
export async function readTarget(flags: string[]): Promise<{ edges: ImportedEdge[]; users: ImportedUser[] }> {
  const values: Record<string, string> = {};
  for (let i = 0; i < flags.length; i += 2) values[flags[i]!.slice(2)] = flags[i + 1]!;
  const target = await openTarget(targetFlags(values), { holder: "import-live test", env: {} });
  try {
    const edges: ImportedEdge[] = [];
    for await (const page of target.readEdges()) edges.push(...page);
    const users: ImportedUser[] = [];
    for await (const page of target.readUsers()) users.push(...page);
    return { edges, users };
  } finally {
    await target.close();
  }
}

export const edgeKeys = (edges: ImportedEdge[]) => edges.map((e) => `${e.follower}>${e.followee}`).sort();

/** The live import run in this process, its progress gathered (as a log sees it, not a terminal). */
export async function runImport(
  source: "github" | "gitlab",
  args: string[],
): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const code = await importLive(source, args, {
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env: {},
  });
  return { code, stderr };
}

/** The source's control API over HTTP, as a suite drives it. */
export function controlOf(source: Emulator) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${source.server.url}/__follow-graph${path}`, {
      method,
      headers: { authorization: `Bearer ${source.rootToken}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  };
  return {
    injectFault: (spec: Record<string, unknown>) => call("POST", "/faults", spec),
    clearFaults: () => call("DELETE", "/faults"),
    requests: async () =>
      (await call("GET", "/requests")) as { method: string; path: string; status: number }[],
    clearRequests: () => call("DELETE", "/requests"),
  };
}
