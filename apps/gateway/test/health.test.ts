// The probes: GitLab's /-/health, /-/liveness and /-/readiness in GitLab's shapes, and /livez
// and /readyz, on the real server; readiness turning 503 when the database cannot be reached
// (a closed port), does not answer in time (a listener that never speaks), or the server drains.
import { connect, createServer, type Server, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { createHealth } from "../src/health.ts";
import { startTestServer } from "./test-server.ts";

describe("the probes on a running server", () => {
  it("answer in GitLab's shapes and Kubernetes' words while the database answers", async () => {
    const server = await startTestServer();
    try {
      const health = await fetch(`${server.url}/-/health`);
      expect([health.status, await health.text()]).toEqual([200, "GitLab OK"]);
      const liveness = await fetch(`${server.url}/-/liveness`);
      expect([liveness.status, await liveness.json()]).toEqual([200, { status: "ok" }]);
      const readiness = await fetch(`${server.url}/-/readiness`);
      expect(readiness.headers.get("cache-control")).toBe("no-store");
      expect([readiness.status, await readiness.json()]).toEqual([
        200,
        { status: "ok", master_check: [{ status: "ok" }], db_check: [{ status: "ok" }] },
      ]);
      for (const path of ["/livez", "/readyz"]) {
        const answer = await fetch(`${server.url}${path}`);
        expect([answer.status, await answer.text()]).toEqual([200, "ok"]);
      }
      // Only reads are probes; anything else is the dialects' to answer.
      const posted = await fetch(`${server.url}/-/readiness`, { method: "POST" });
      expect(posted.status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});

/** A TCP listener that accepts connections and never says a word, as a hung database does. */
async function silentListener(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("readiness when PostgreSQL refuses connections", () => {
  it("is 503 with the reason while the database refuses, and 200 as soon as it is back", async () => {
    const server = await startTestServer();
    try {
      expect((await fetch(`${server.url}/-/readiness`)).status).toBe(200);
      await server.scratch!.setReachable(false);
      const refused = await fetch(`${server.url}/-/readiness`);
      expect(refused.status).toBe(503);
      const body = (await refused.json()) as { db_check: { message: string }[] };
      expect(body.db_check[0]!.message).toMatch(/^the database is unreachable: /);
      expect((await fetch(`${server.url}/-/liveness`)).status).toBe(200);
      await server.scratch!.setReachable(true);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe("readiness when the database does not answer in time, or the server drains", () => {
  it("is 503 within its timeout when the database accepts but never answers", async () => {
    const silent = await silentListener();
    try {
      // What a hung PostgreSQL gives a client: a connection that never answers.
      const ping = () =>
        new Promise<void>((resolve, reject) => {
          const socket = connect(silent.port, "127.0.0.1");
          socket.once("data", () => resolve());
          socket.once("error", reject);
        });
      const probe = createHealth({ ping, draining: () => false, timeoutMs: 300 });
      const answers = await Promise.all([1, 2, 3].map(() => probe(new Request("http://x/-/readiness"))!));
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(await answer.json()).toMatchObject({
          status: "failed",
          db_check: [{ status: "failed", message: "the database did not answer within 300 ms" }],
        });
      }
      const readyz = await probe(new Request("http://x/readyz"))!;
      expect([readyz.status, await readyz.text()]).toEqual([
        503,
        "the database did not answer within 300 ms",
      ]);
    } finally {
      await silent.close();
    }
  });

  it("is 503 while the server drains, whatever the database says", async () => {
    let draining = false;
    const probe = createHealth({ ping: async () => {}, draining: () => draining });
    expect((await probe(new Request("http://x/-/readiness"))!).status).toBe(200);
    draining = true;
    const answer = await probe(new Request("http://x/-/readiness"))!;
    expect([answer.status, await answer.json()]).toEqual([
      503,
      {
        status: "failed",
        master_check: [{ status: "failed", message: "the server is shutting down" }],
        db_check: [{ status: "ok" }],
      },
    ]);
  });
});
