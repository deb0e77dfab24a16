import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchDatabase } from "@follow-graph/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { spawnGateway } from "./gateway-process.ts";
import { CONTINUED, rawConnection } from "./raw-connection.ts";

// The gateway as `pnpm start` runs it, stopped by a signal while clients keep it busy: on
// PGlite, and on PostgreSQL too when TEST_DATABASE_URL names a server.
const ROOT_TOKEN = "root-token-for-shutdown-tests";
const SHUTDOWN_TIMEOUT = 3;
/** Not a measurement: how long to wait before calling a process that has not exited stuck. */
const STUCK_AFTER_MS = 15_000;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Its own store per test: a fresh PGlite directory, or a scratch PostgreSQL database. */
async function storeEnv(): Promise<Record<string, string>> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl);
    cleanups.push(() => scratch.drop());
    return { DATABASE_URL: scratch.url };
  }
  const dataDir = mkdtempSync(join(tmpdir(), "follow-graph-shutdown-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return { DATABASE_URL: "", PGLITE_DATA_DIR: dataDir };
}

async function startGateway() {
  const gateway = spawnGateway({
    ROOT_TOKEN,
    SHUTDOWN_TIMEOUT: String(SHUTDOWN_TIMEOUT),
    ...(await storeEnv()),
  });
  const { child } = gateway;
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  const { port } = new URL(await gateway.listening);
  /** The exit status, or "stuck" if the process is still running long after the deadline. */
  const exit = () =>
    Promise.race([
      gateway.exited,
      new Promise<"stuck">((resolve) => setTimeout(() => resolve("stuck"), STUCK_AFTER_MS).unref()),
    ]);
  return { ...gateway, port: Number(port), exit };
}

interface Outcome {
  path: string;
  /** Sent after the test saw the server acknowledge the signal. */
  afterAck: boolean;
  /** Whether the socket had served an earlier request (a kept-alive connection). */
  reusedSocket: boolean;
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  body?: string;
  /** The whole answer arrived. */
  complete: boolean;
  error?: string;
}

/** One request through a keep-alive agent, with everything about how it ended. */
function send(
  agent: Agent,
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; afterAck: boolean },
): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { path, afterAck: options.afterAck, reusedSocket: false, complete: false };
    const req = request(
      { host: "127.0.0.1", port, path, agent, method: options.method ?? "GET", headers: options.headers },
      (res) => {
        outcome.status = res.statusCode;
        outcome.headers = res.headers;
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => {
          outcome.body = body;
          outcome.complete = res.complete;
          resolve(outcome);
        });
        res.on("error", (error: NodeJS.ErrnoException) => {
          outcome.error = error.code ?? error.message;
          resolve(outcome);
        });
      },
    );
    req.on("socket", () => {
      outcome.reusedSocket = req.reusedSocket;
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      outcome.error = error.code ?? error.message;
      resolve(outcome);
    });
    req.end(options.body);
  });
}

const gitlab = { "PRIVATE-TOKEN": ROOT_TOKEN, "User-Agent": "shutdown-test" };

describe("SIGTERM under continuous keep-alive load", () => {
  it("refuses new work, finishes what it received, says Connection: close, and exits 0", async () => {
    const gateway = await startGateway();
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    cleanups.push(() => agent.destroy());
    let acknowledged = false;
    const outcomes: Outcome[] = [];
    const record = (o: Outcome) => {
      outcomes.push(o);
      return o;
    };

    // A few users for root to follow and unfollow, so that writes are in flight too.
    const targets: number[] = [];
    for (const name of ["alma", "bruno", "chen", "dara"]) {
      const created = record(
        await send(agent, gateway.port, "/api/v4/users", {
          method: "POST",
          headers: { ...gitlab, "Content-Type": "application/json" },
          body: JSON.stringify({
            username: name,
            name,
            email: `${name}@example.com`,
            password: "password-123",
          }),
          afterAck: false,
        }),
      );
      expect(created.status).toBe(201);
      targets.push((JSON.parse(created.body!) as { id: number }).id);
    }

    // Eight workers, each one request at a time, as fast as answers come: reads in both
    // dialects and follow/unfollow writes. A worker stops at its first failed request.
    let warmedUp: () => void;
    const warm = new Promise<void>((resolve) => {
      warmedUp = resolve;
    });
    const worker = async (w: number) => {
      for (let n = 0; ; n++) {
        const target = targets[(w + n) % targets.length]!;
        const kind = n % 3;
        const path =
          kind === 0
            ? "/api/v4/users/1/followers?per_page=20"
            : kind === 1
              ? "/users/root"
              : `/api/v4/users/${target}/${n % 2 ? "unfollow" : "follow"}`;
        const outcome = record(
          await send(agent, gateway.port, path, {
            method: kind === 2 ? "POST" : "GET",
            headers: kind === 1 ? { "User-Agent": "shutdown-test" } : gitlab,
            afterAck: acknowledged,
          }),
        );
        if (outcomes.length >= 120) warmedUp();
        if (outcome.error) return;
      }
    };
    const workers = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));

    await warm;
    gateway.child.kill("SIGTERM");
    await gateway.line(/SIGTERM: refusing new requests/);
    acknowledged = true;
    expect(await gateway.exit()).toBe(0);
    await workers;

    // Every request the server received was answered in full: the server's own count of
    // what it received equals the complete answers the clients got, and none was cut off.
    const [, seconds, received, answered, cutOff] = (await gateway.line(
      /stopped in ([\d.]+) s; (\d+) requests received, (\d+) answered, (\d+) cut off/,
    )) as unknown as [string, string, string, string, string];
    const complete = outcomes.filter((o) => o.complete);
    expect({ received: Number(received), answered: Number(answered), cutOff: Number(cutOff) }).toEqual({
      received: complete.length,
      answered: complete.length,
      cutOff: 0,
    });

    // What did not get an answer never reached the server: a new connection refused once it
    // stopped listening, or a kept-alive one it had closed as idle before this request reached
    // it (the request crossed the close; HTTP clients retry those, RFC 9112 §9.3.1).
    for (const o of outcomes.filter((o) => !o.complete)) {
      expect(o.status, JSON.stringify(o)).toBeUndefined();
      if (o.error !== "ECONNREFUSED")
        expect({ error: o.error, reusedSocket: o.reusedSocket }).toEqual({
          error: "ECONNRESET",
          reusedSocket: true,
        });
    }

    const unanswered = outcomes.filter((o) => !o.complete);
    console.info(
      `shutdown under keep-alive load (${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite"}): stopped ${seconds} s after SIGTERM; ${outcomes.length} requests sent, ${complete.length} answered (${complete.filter((o) => o.status === 503).length} of them 503), ${unanswered.length} not answered (${unanswered.filter((o) => o.error === "ECONNREFUSED").length} connections refused, ${unanswered.filter((o) => o.error !== "ECONNREFUSED").length} sent on a connection closed as idle)`,
    );

    // No answer is a failure other than the refusal of new work.
    for (const o of complete) expect([200, 201, 304, 503], `${o.path}: ${o.body}`).toContain(o.status);
    // Work sent after the signal is refused, readiness-style, and the connection closed.
    for (const o of complete.filter((o) => o.afterAck)) {
      expect(o.status).toBe(503);
      expect(o.headers?.connection).toBe("close");
      expect(o.headers?.["retry-after"]).toBe("1");
    }
    // Every 503 came with Connection: close, since nothing is refused here but for stopping.
    for (const o of complete.filter((o) => o.status === 503)) expect(o.headers?.connection).toBe("close");
  }, 90_000);
});

describe("SIGTERM with a request that never finishes", () => {
  it("finishes what it received, refuses what arrives after the signal, cuts the stuck request at SHUTDOWN_TIMEOUT, and exits 0", async () => {
    const gateway = await startGateway();
    const head = (path: string, bodyLength: number) =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\nPRIVATE-TOKEN: ${ROOT_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${bodyLength}\r\nExpect: 100-continue\r\n\r\n`;

    // Two requests whose heads have arrived (the server said 100 Continue): the body of one will
    // follow after the signal, the other's never does.
    const user = JSON.stringify({
      username: "late",
      name: "Late",
      email: "late@example.com",
      password: "password-123",
    });
    const inFlight = rawConnection(gateway.port);
    const stuck = rawConnection(gateway.port);
    await Promise.all([inFlight.connected, stuck.connected]);
    await inFlight.write(head("/api/v4/users", Buffer.byteLength(user)));
    await stuck.write(head("/api/v4/users", 200));
    await Promise.all([inFlight.until(CONTINUED), stuck.until(CONTINUED)]);

    // Requests half-sent: their connections are not idle, so they stay open through the signal.
    const late = { gitlab: rawConnection(gateway.port), github: rawConnection(gateway.port) };
    await Promise.all([late.gitlab.connected, late.github.connected]);
    await late.gitlab.write("GET /api/v4/users/1 HTTP/1.1\r\nHost: x\r\n");
    await late.github.write("GET /users/root HTTP/1.1\r\nHost: x\r\n");
    // A whole round trip after those bytes: the server has read them before it sees the signal.
    const fence = rawConnection(gateway.port);
    await fence.connected;
    await fence.write("GET /users/root HTTP/1.1\r\nHost: x\r\nUser-Agent: t\r\nConnection: close\r\n\r\n");
    expect((await fence.answer()).status).toBe(200);

    gateway.child.kill("SIGTERM");
    await gateway.line(/SIGTERM: refusing new requests, finishing 2 in flight/);
    await inFlight.write(user);
    await late.gitlab.write(`PRIVATE-TOKEN: ${ROOT_TOKEN}\r\n\r\n`);
    await late.github.write("User-Agent: shutdown-test\r\n\r\n");

    // Received before the signal: answered in full, and the connection closed after it.
    const created = await inFlight.answer();
    expect(created).toMatchObject({ status: 201, headers: { connection: "close" } });
    expect(JSON.parse(created.body)).toMatchObject({ username: "late" });
    // Arrived after it: refused in the caller's dialect.
    const gitlabAnswer = await late.gitlab.answer();
    expect(gitlabAnswer).toMatchObject({ status: 503, headers: { connection: "close", "retry-after": "1" } });
    expect(JSON.parse(gitlabAnswer.body)).toEqual({ message: "503 Service Unavailable" });
    const githubAnswer = await late.github.answer();
    expect(githubAnswer).toMatchObject({ status: 503, headers: { connection: "close", "retry-after": "1" } });
    expect(JSON.parse(githubAnswer.body)).toEqual({
      message: "Service Unavailable",
      documentation_url: "https://docs.github.com/rest",
      status: "503",
    });

    expect(await gateway.exit()).toBe(0);
    expect(gateway.output()).toMatch(/5 requests received, 4 answered, 1 cut off at the deadline/);
  }, 90_000);
});
