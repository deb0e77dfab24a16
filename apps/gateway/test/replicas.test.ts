import { request } from "node:http";
import { createPgReplicaPair, type PgReplicaPair, pgReplicaUnavailable } from "@follow-graph/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../src/env.ts";
import { type RunningServer, startServer } from "../src/server.ts";
import { spawnGateway } from "./gateway-process.ts";
import { createUserWithToken, ROOT_TOKEN } from "./test-server.ts";

// A gateway on a primary of its own with one streaming replica (DATABASE_REPLICA_URLS). With
// the replica's replay paused, what it serves is visibly stale: a caller that has just written
// must still read its write (through both dialects), while other callers read the replica.
// Runs once, in the PostgreSQL pass; it needs root and Debian's cluster tools.
const unavailable = process.env.TEST_DATABASE_URL ? pgReplicaUnavailable() : undefined;
if (unavailable) console.warn(`replicas.test.ts skipped: ${unavailable}`);

type Person = { id: number; username: string; token: string };

describe.skipIf(!process.env.TEST_DATABASE_URL || Boolean(unavailable))("read replicas", () => {
  let pair: PgReplicaPair;
  let server: RunningServer;
  let writer: Person;
  let other: Person;
  let target: Person;

  beforeAll(async () => {
    pair = await createPgReplicaPair();
    const parsed = parseEnv({
      PORT: "0",
      HOST: "127.0.0.1",
      ROOT_TOKEN,
      DATABASE_URL: pair.primary.url,
      DATABASE_REPLICA_URLS: pair.replica.url,
    });
    if (!parsed.ok) throw new Error(parsed.reason);
    server = await startServer(parsed.env);
    writer = await createUserWithToken(server.url, "writer");
    other = await createUserWithToken(server.url, "other");
    target = await createUserWithToken(server.url, "target");
    await pair.caughtUp();
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    await pair?.drop();
  }, 30_000);

  const gitlab = (path: string, token?: string, method = "GET") =>
    fetch(`${server.url}/api/v4${path}`, { method, headers: token ? { "PRIVATE-TOKEN": token } : {} });
  const github = (path: string, token?: string, method = "GET") =>
    fetch(`${server.url}${path}`, { method, headers: token ? { Authorization: `token ${token}` } : {} });
  const names = async (response: Response, field: "username" | "login") => {
    if (response.status !== 200)
      throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as Array<Record<string, string>>).map((user) => user[field]);
  };

  it("answers a writer's reads from the primary and everyone else's from the paused replica", async () => {
    await pair.pauseReplay();
    try {
      expect((await gitlab(`/users/${target.id}/follow`, writer.token, "POST")).status).toBe(201);

      // The writer, at once, in both dialects (the same token, in each dialect's form).
      expect(await names(await gitlab(`/users/${writer.id}/following`, writer.token), "username")).toEqual([
        "target",
      ]);
      expect(await names(await github("/user/following", writer.token), "login")).toEqual(["target"]);
      expect(await names(await gitlab(`/users/${target.id}/followers`, writer.token), "username")).toEqual([
        "writer",
      ]);

      // Another caller and an anonymous one read the replica, which has not replayed the follow.
      expect(await names(await gitlab(`/users/${writer.id}/following`, other.token), "username")).toEqual([]);
      expect(await names(await github(`/users/${target.username}/followers`), "login")).toEqual([]);
      expect(await names(await github(`/users/${writer.username}/following`, other.token), "login")).toEqual(
        [],
      );
    } finally {
      await pair.resumeReplay();
    }
    await pair.caughtUp();
    await expect
      .poll(async () => names(await gitlab(`/users/${writer.id}/following`, other.token), "username"))
      .toEqual(["target"]);
  });

  it("admits a token minted a moment ago, which the paused replica does not know yet", async () => {
    await pair.pauseReplay();
    try {
      const newcomer = await createUserWithToken(server.url, "newcomer");
      const me = await gitlab("/user", newcomer.token);
      expect([me.status, ((await me.json()) as { username: string }).username]).toEqual([200, "newcomer"]);
      expect((await gitlab("/user", "glpat-not-a-token-anyone-minted")).status).toBe(401);
    } finally {
      await pair.resumeReplay();
    }
    await pair.caughtUp();
  });

  it("sends a writer back to the replica once the replica has replayed its write", async () => {
    // The replica poll (every 100 ms) sees the replay and lifts the writer's pin.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await pair.pauseReplay();
    try {
      // GitHub's follow this time; the earlier writer now reads the stale replica like anyone.
      expect((await github(`/user/following/${target.username}`, other.token, "PUT")).status).toBe(204);
      expect(await names(await github("/user/following", other.token), "login")).toEqual(["target"]);
      expect(await names(await gitlab(`/users/${target.id}/followers`, writer.token), "username")).toEqual([
        "writer",
      ]);
    } finally {
      await pair.resumeReplay();
    }
    await pair.caughtUp();
  });

  it("keeps read-your-writes under WORKERS=2, whichever worker a new connection reaches", async () => {
    const workers = spawnGateway({
      ROOT_TOKEN,
      DATABASE_URL: pair.primary.url,
      DATABASE_REPLICA_URLS: pair.replica.url,
      WORKERS: "2",
    });
    try {
      const url = await Promise.race([
        workers.listening,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`WORKERS=2 did not listen:\n${workers.output()}`)), 40_000),
        ),
      ]);
      // A connection of its own for each request: the cluster's primary hands them out in turn.
      const fresh = (path: string, token: string, method = "GET") =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const sent = request(`${url}/api/v4${path}`, {
            method,
            agent: false,
            headers: { "PRIVATE-TOKEN": token },
          });
          sent.on("response", (response) => {
            let body = "";
            response.on("data", (chunk) => {
              body += chunk;
            });
            response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
          });
          sent.on("error", reject).end();
        });
      const newcomer = await createUserWithToken(url, "newcomer-of-workers");
      await pair.caughtUp();
      await pair.pauseReplay();
      try {
        expect((await fresh(`/users/${newcomer.id}/follow`, writer.token, "POST")).status).toBe(201);
        const seen: string[][] = [];
        for (let i = 0; i < 6; i++) {
          const { status, body } = await fresh(`/users/${newcomer.id}/followers`, writer.token);
          expect(status).toBe(200);
          seen.push((JSON.parse(body) as Array<{ username: string }>).map((user) => user.username));
        }
        expect(seen).toEqual(Array(6).fill(["writer"]));
        // Another caller reads the replica, through either worker.
        expect(JSON.parse((await fresh(`/users/${newcomer.id}/followers`, other.token)).body)).toEqual([]);
      } finally {
        await pair.resumeReplay();
      }
      await pair.caughtUp();
    } finally {
      workers.child.kill("SIGTERM");
      await workers.exited;
    }
  }, 60_000);

  it("falls back to the primary while the replica is down, and readiness says so while staying ready", async () => {
    const readiness = async () => {
      const response = await fetch(`${server.url}/-/readiness`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await readiness()).toMatchObject({
      status: 200,
      body: { status: "ok", db_replica_check: [{ status: "ok" }] },
    });
    await pair.replica.stop("immediate");
    try {
      for (const token of [writer.token, other.token]) {
        const response = await gitlab(`/users/${target.id}/followers`, token);
        expect((await names(response, "username")).sort()).toEqual(["other", "writer"]);
      }
      const anonymous = await github(`/users/${target.username}/followers`);
      expect((await names(anonymous, "login")).sort()).toEqual(["other", "writer"]);
      await expect.poll(readiness).toMatchObject({
        status: 200,
        body: {
          status: "ok",
          db_check: [{ status: "ok" }],
          db_replica_check: [
            { status: "failed", message: "replica 1 of 1 does not answer: its reads go to the primary" },
          ],
        },
      });
    } finally {
      await pair.replica.start();
    }
  });
});
