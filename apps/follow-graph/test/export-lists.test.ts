// The github and gitlab exports' shapes: each user's lists written by walking the dialect's own
// routes, over a running server and over a gateway in this process on the same store, checked
// against what Octokit's paginate and @gitbeaker/rest's Users.allFollowers return. On PGlite
// (a data directory) by default, on PostgreSQL with TEST_DATABASE_URL.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  bootstrapRoot,
  type Core,
  createCore,
  type Database,
  openDatabase,
  ROOT_USER_ID,
  seedGraph,
} from "@follow-graph/core";
import { createScratchDatabase } from "@follow-graph/core/testing";
import { parseEnv, type RunningServer, startServer } from "@follow-graph/gateway";
import { Gitlab } from "@gitbeaker/rest";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportedUser } from "../src/migration/contracts.ts";
import { exportLists } from "../src/migration/export/dialect-export.ts";
import { createDialectLists, type ListDialect } from "../src/migration/export/dialect-lists.ts";
import { inProcessEndpoint } from "../src/migration/export/in-process-endpoint.ts";
import { sinkOf } from "../src/migration/export/sink.ts";

const ROOT_TOKEN = "export-lists-root-token";
const POPULAR_FOLLOWERS = 230;

const scratchDir = mkdtempSync(join(tmpdir(), "follow-graph-export-lists-"));
let store: Record<string, string>;
let dropStore: () => Promise<void> = async () => {};
let logins: string[];
let blocked: string;
/** Gone from the store between listing the users and reading their lists. */
const VANISHED = "vanished-meanwhile";
// The server's links name PUBLIC_URL, which a client must be able to reach; the gateway in
// process is given the same one, so both answer the same bytes.
let port: number;
let publicUrl: string;

/** A port free a moment ago, so PUBLIC_URL can name the server before it listens. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once("error", reject);
  });

async function openStore(): Promise<{ database: Database; core: Core }> {
  const database = await openDatabase(
    store.DATABASE_URL
      ? { driver: "postgres", url: store.DATABASE_URL, maxConnections: 4 }
      : { driver: "pglite", dataDir: store.PGLITE_DATA_DIR! },
  );
  await database.migrate();
  return { database, core: createCore({ db: database.db }) };
}

const pagesOf = (users: string[]): AsyncIterable<ImportedUser[]> =>
  (async function* () {
    yield users.map((login) => ({ login }));
  })();

async function exportInto(
  dir: string,
  dialect: ListDialect,
  endpoint: Parameters<typeof createDialectLists>[1],
) {
  return exportLists(createDialectLists(dialect, endpoint), pagesOf([...logins, VANISHED]), { dir });
}

const readArray = (path: string) => JSON.parse(readFileSync(path, "utf8")) as unknown[];

beforeAll(async () => {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl);
    store = { DATABASE_URL: scratch.url };
    dropStore = () => scratch.drop();
  } else store = { PGLITE_DATA_DIR: join(scratchDir, "store") };
  const { database, core } = await openStore();
  await bootstrapRoot(core, ROOT_TOKEN);
  const seeded = await seedGraph(database.db, {
    users: 260,
    edges: 1_400,
    popular: POPULAR_FOLLOWERS,
    randomSeed: 16,
  });
  const usernameOf = async (id: number) => (await core.users.findUser(id))!.username;
  // root follows a few too, so its own lists are not empty.
  for (const id of [seeded.firstUserId + 1, seeded.firstUserId + 2])
    await core.follows.follow(ROOT_USER_ID, id);
  const blockedId = seeded.firstUserId + 3;
  await core.users.moderate(ROOT_USER_ID, blockedId, "block");
  blocked = await usernameOf(blockedId);
  logins = ["root", seeded.popular!.username, await usernameOf(seeded.firstUserId + 5), blocked];
  await database.close();
  port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
}, 120_000);

afterAll(async () => {
  await dropStore();
  rmSync(scratchDir, { recursive: true, force: true });
});

describe("the github and gitlab exports of each user's lists", () => {
  let server: RunningServer;
  const answers: Record<ListDialect, Record<string, { followers: unknown[]; following: unknown[] }>> = {
    github: {},
    gitlab: {},
  };

  beforeAll(async () => {
    const parsed = parseEnv({
      PORT: String(port),
      HOST: "127.0.0.1",
      ROOT_TOKEN,
      PUBLIC_URL: publicUrl,
      ...store,
    });
    if (!parsed.ok) throw new Error(parsed.reason);
    server = await startServer(parsed.env);
  }, 60_000);
  afterAll(() => server?.stop());

  it("over HTTP, each file holds what the dialect's published client returns for that user", async () => {
    const octokit = new Octokit({ baseUrl: server.url, auth: ROOT_TOKEN });
    const gitlab = new Gitlab({ host: server.url, token: ROOT_TOKEN });
    const endpoint = { origin: server.url, token: ROOT_TOKEN, fetch };
    for (const dialect of ["github", "gitlab"] as const) {
      const dir = join(scratchDir, `http-${dialect}`);
      const result = await exportInto(dir, dialect, endpoint);
      // Root, an administrator, may read a blocked user's lists; only a name nobody has is hidden.
      expect(result.hidden).toEqual([VANISHED]);
      expect(result.users).toBe(logins.length);
      for (const login of logins) {
        const followers = readArray(join(dir, "followers", `${login}.json`));
        const following = readArray(join(dir, "following", `${login}.json`));
        answers[dialect][login] = { followers, following };
        if (dialect === "github") {
          expect(followers).toEqual(
            await octokit.paginate(octokit.rest.users.listFollowersForUser, {
              username: login,
              per_page: 100,
            }),
          );
          expect(following).toEqual(
            await octokit.paginate(octokit.rest.users.listFollowingForUser, {
              username: login,
              per_page: 100,
            }),
          );
        } else {
          const [user] = await gitlab.Users.all({ username: login });
          // @gitbeaker camelizes nothing by default: its arrays are the wire's.
          expect(followers).toEqual(await gitlab.Users.allFollowers(user!.id, { perPage: 100 }));
          expect(following).toEqual(await gitlab.Users.allFollowing(user!.id, { perPage: 100 }));
        }
      }
      expect(readdirSync(join(dir, "followers")).sort()).toEqual(logins.map((l) => `${l}.json`).sort());
    }
    const popular = logins[1]!;
    // All but the blocked follower, whom neither dialect lists: past one page, every follower once.
    const github = answers.github[popular]!.followers as { login: string }[];
    const gitlabFollowers = answers.gitlab[popular]!.followers as { username: string }[];
    expect(new Set(github.map((u) => u.login)).size).toBe(POPULAR_FOLLOWERS - 1);
    expect(new Set(gitlabFollowers.map((u) => u.username)).size).toBe(POPULAR_FOLLOWERS - 1);
    expect(github.map((u) => u.login)).not.toContain(blocked);
    expect(answers.github.root!.following).toHaveLength(2);
  }, 60_000);

  it("as one NDJSON line per user on a stream: the same lists", async () => {
    const chunks: string[] = [];
    const stream = new (await import("node:stream")).Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    const lists = createDialectLists("github", { origin: server.url, token: ROOT_TOKEN, fetch });
    const result = await exportLists(lists, pagesOf(logins), { lines: sinkOf(stream, false) });
    const lines = chunks
      .join("")
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.user)).toEqual(logins);
    for (const line of lines) expect(line).toEqual({ user: line.user, ...answers.github[line.user] });
    expect(result.entries).toBe(
      lines.reduce((sum, line) => sum + line.followers.length + line.following.length, 0),
    );
  }, 60_000);

  describe("in process, on the store the server kept", () => {
    let opened: { database: Database; core: Core };
    beforeAll(async () => {
      await server.stop();
      opened = await openStore();
    }, 60_000);
    afterAll(() => opened?.database.close());

    it("writes the very bytes the server's routes gave, and revokes the token it signed in with", async () => {
      for (const dialect of ["github", "gitlab"] as const) {
        const endpoint = await inProcessEndpoint(opened.core, publicUrl);
        const dir = join(scratchDir, `in-process-${dialect}`);
        const result = await exportInto(dir, dialect, endpoint);
        await endpoint.close();
        expect(result.hidden).toEqual([VANISHED]);
        for (const list of ["followers", "following"])
          for (const login of logins)
            expect(readFileSync(join(dir, list, `${login}.json`), "utf8")).toBe(
              readFileSync(join(scratchDir, `http-${dialect}`, list, `${login}.json`), "utf8"),
            );
        expect((await opened.core.tokens.resolveToken(endpoint.token)).status).toBe("revoked");
      }
    }, 60_000);
  });
});
