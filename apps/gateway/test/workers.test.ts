import { Agent, request } from "node:http";
import { createServer, type Server } from "node:net";
import { createScratchDatabase } from "@follow-graph/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type GatewayProcess, spawnGateway } from "./gateway-process.ts";
import { type Family, parsePrometheusText, sampleValue } from "./prometheus-text.ts";
import { createUserWithToken, ROOT_TOKEN } from "./test-server.ts";

// More than one server process on one PostgreSQL database: separate gateways, and WORKERS on
// one port. PostgreSQL only: an embedded store belongs to one process.
const serverUrl = process.env.TEST_DATABASE_URL;
/** Not a measurement: how long to wait before calling a process that has not exited stuck. */
const STUCK_AFTER_MS = 20_000;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function scratchUrl(): Promise<string> {
  const scratch = await createScratchDatabase(serverUrl!);
  cleanups.push(() => scratch.drop());
  return scratch.url;
}

/** A gateway process killed at the end of the test if it is still running. */
function start(env: Record<string, string>): GatewayProcess {
  const gateway = spawnGateway({ ROOT_TOKEN, ...env });
  cleanups.push(() => {
    const { child } = gateway;
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  return gateway;
}

const exitOf = (gateway: GatewayProcess) =>
  Promise.race([
    gateway.exited,
    new Promise<"stuck">((resolve) => setTimeout(() => resolve("stuck"), STUCK_AFTER_MS).unref()),
  ]);

const github = (token?: string) => ({
  "User-Agent": "workers-test",
  ...(token ? { Authorization: `token ${token}` } : {}),
});

describe.skipIf(!serverUrl)("separate gateway processes on one database", () => {
  it("see each other's follows at once, page each other's links, and spend one budget per caller", async () => {
    const DATABASE_URL = await scratchUrl();
    const settings = { DATABASE_URL, GITHUB_RATE_LIMIT: "root=5,60" };
    // One after the other: the first applies the migrations.
    const one = await start(settings).listening;
    const two = await start(settings).listening;
    expect(two).not.toBe(one);

    const [alma, bruno, chen] = [
      await createUserWithToken(one, "alma"),
      await createUserWithToken(one, "bruno"),
      await createUserWithToken(two, "chen"),
    ];

    // A follow through one process is in the other's very next read, in both dialects.
    const followed = await fetch(`${one}/api/v4/users/${chen!.id}/follow`, {
      method: "POST",
      headers: { "PRIVATE-TOKEN": alma!.token },
    });
    expect(followed.status).toBe(201);
    const seen = await fetch(`${two}/users/chen/followers`, { headers: github() });
    expect((await seen.json()) as unknown).toMatchObject([{ login: "alma" }]);
    const put = await fetch(`${two}/user/following/chen`, { method: "PUT", headers: github(bruno!.token) });
    expect(put.status).toBe(204);
    const listed = await fetch(`${one}/api/v4/users/${chen!.id}/followers`, {
      headers: { "PRIVATE-TOKEN": ROOT_TOKEN },
    });
    expect(((await listed.json()) as Array<{ username: string }>).map((u) => u.username).sort()).toEqual([
      "alma",
      "bruno",
    ]);

    // A page link written by one process is followed through the other: the cursor's key is shared.
    const first = await fetch(`${one}/users/chen/followers?per_page=1`, { headers: github() });
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get("link") ?? "")?.[1];
    expect(next).toContain("cursor=");
    const second = await fetch(next!.replace(one, two), { headers: github() });
    expect(second.status).toBe(200);
    const logins = [first, second].map(async (page) => (await page.json()) as Array<{ login: string }>);
    expect(
      (await Promise.all(logins))
        .flat()
        .map((u) => u.login)
        .sort(),
    ).toEqual(["alma", "bruno"]);

    // Chen's budget of 5 an hour is one budget: requests alternate between the processes.
    const spend = (base: string) => fetch(`${base}/user`, { headers: github(chen!.token) });
    const answers: Response[] = [];
    for (const base of [one, two, one, two, one, two, one]) answers.push(await spend(base));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 403, 403]);
    expect(answers.map((a) => a.headers.get("x-ratelimit-remaining"))).toEqual([
      "4",
      "3",
      "2",
      "1",
      "0",
      "0",
      "0",
    ]);
    expect(new Set(answers.map((a) => a.headers.get("x-ratelimit-reset"))).size).toBe(1);
    expect(((await answers[5]!.json()) as { message: string }).message).toBe(
      `API rate limit exceeded for user ID ${chen!.id}.`,
    );
    // And asking how much is left, through either, costs nothing and says the same.
    const status = await Promise.all(
      [one, two].map(async (base) => {
        const res = await fetch(`${base}/rate_limit`, { headers: github(chen!.token) });
        return ((await res.json()) as { rate: unknown }).rate;
      }),
    );
    expect(status[0]).toMatchObject({ limit: 5, used: 5, remaining: 0 });
    expect(status[1]).toEqual(status[0]);
  }, 90_000);
});

interface Outcome {
  afterAck: boolean;
  reusedSocket: boolean;
  status?: number;
  connection?: string | undefined;
  complete: boolean;
  error?: string;
}

/** One request through a keep-alive agent, with how it ended. */
function send(agent: Agent, port: number, method: string, path: string, afterAck: boolean) {
  return new Promise<Outcome>((resolve) => {
    const outcome: Outcome = { afterAck, reusedSocket: false, complete: false };
    const req = request(
      { host: "127.0.0.1", port, method, path, agent, headers: { "PRIVATE-TOKEN": ROOT_TOKEN } },
      (res) => {
        outcome.status = res.statusCode;
        outcome.connection = res.headers.connection;
        res.resume();
        res.on("end", () => resolve({ ...outcome, complete: res.complete }));
        res.on("error", (error: NodeJS.ErrnoException) => resolve({ ...outcome, error: error.code }));
      },
    );
    req.on("socket", () => {
      outcome.reusedSocket = req.reusedSocket;
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ ...outcome, error: error.code }));
    req.end();
  });
}

describe.skipIf(!serverUrl)("WORKERS", () => {
  it("serves on one port from every worker, and SIGTERM under a steady load fails no request", async () => {
    const gateway = start({ DATABASE_URL: await scratchUrl(), WORKERS: "2", SHUTDOWN_TIMEOUT: "5" });
    const url = await gateway.listening;
    expect(gateway.output()).toMatch(
      /Listening on http:\/\/127\.0\.0\.1:\d+ \(database: PostgreSQL, 2 workers\)/,
    );
    const port = Number(new URL(url).port);
    const target = await createUserWithToken(url, "dana");

    // Eight clients, one request at a time each: reads of root's followers and follow/unfollow
    // writes, until the server is gone (a refused connection ends a client).
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    cleanups.push(() => agent.destroy());
    const outcomes: Outcome[] = [];
    let acknowledged = false;
    let warmedUp: () => void;
    const warm = new Promise<void>((resolve) => {
      warmedUp = resolve;
    });
    const client = async (c: number) => {
      for (let n = 0; ; n++) {
        const write = n % 4 === 3;
        const path = write
          ? `/api/v4/users/${target.id}/${(n + c) % 8 < 4 ? "follow" : "unfollow"}`
          : "/api/v4/users/1/followers?per_page=20";
        const outcome = await send(agent, port, write ? "POST" : "GET", path, acknowledged);
        outcomes.push(outcome);
        if (outcomes.length >= 400) warmedUp();
        if (outcome.error) return;
      }
    };
    const clients = Promise.all(Array.from({ length: 8 }, (_, c) => client(c)));
    await warm;
    gateway.child.kill("SIGTERM");
    await gateway.line(/SIGTERM: stopping 2 workers/);
    acknowledged = true;
    expect(await exitOf(gateway)).toBe(0);
    await clients;
    expect(gateway.output()).toMatch(/SIGTERM: all 2 workers stopped in [\d.]+ s/);

    // Each worker served, and every request a worker received was answered in full.
    const stopped = [
      ...gateway
        .output()
        .matchAll(/stopped in [\d.]+ s; (\d+) requests received, (\d+) answered, (\d+) cut off/g),
    ].map(([, received, answered, cutOff]) => ({
      received: Number(received),
      answered: Number(answered),
      cutOff: Number(cutOff),
    }));
    expect(stopped).toHaveLength(2);
    for (const worker of stopped) expect(worker.received).toBeGreaterThan(50);
    const complete = outcomes.filter((o) => o.complete);
    // Creating dana took two requests (the user, then its token) before the load began.
    const setupRequests = 2;
    const total = (key: "received" | "answered" | "cutOff") => stopped.reduce((sum, w) => sum + w[key], 0);
    expect({ received: total("received"), answered: total("answered"), cutOff: total("cutOff") }).toEqual({
      received: complete.length + setupRequests,
      answered: complete.length + setupRequests,
      cutOff: 0,
    });

    // Failed: an error status, an answer cut short, or a connection lost with its request on it.
    // Not failed: the refusal of new work after the signal (503, Connection: close), and a
    // request that never reached a worker (refused, or sent on a connection closed as idle).
    const failed = outcomes.filter((o) => {
      if (o.complete)
        return !([200, 201, 304].includes(o.status!) || (o.status === 503 && o.connection === "close"));
      return o.status !== undefined || !(o.error === "ECONNREFUSED" || o.error === "ECONNRESET");
    });
    const refused = complete.filter((o) => o.status === 503).length;
    const unreached = outcomes.length - complete.length;
    console.info(
      `WORKERS=2, SIGTERM under load: ${outcomes.length} requests, ${complete.length} answered (${refused} of them 503 after the signal), ${unreached} never reached a worker, ${failed.length} failed; per worker ${stopped.map((w) => w.received).join(" and ")} received`,
    );
    expect(failed).toEqual([]);
    // A 503 sent before the test saw the signal acknowledged crossed it: one per client at most.
    expect(complete.filter((o) => o.status === 503 && !o.afterAck).length).toBeLessThanOrEqual(8);
  }, 90_000);

  it.each([
    ["WORKERS=0", { WORKERS: "0" }, "Bad configuration: WORKERS must be a whole number from 1 to 256"],
    ["WORKERS=two", { WORKERS: "two" }, "Bad configuration: WORKERS must be a whole number from 1 to 256"],
    [
      "WORKERS on PGlite",
      { WORKERS: "2", DATABASE_URL: "", PGLITE_DATA_DIR: "memory://" },
      "Bad configuration: WORKERS needs DATABASE_URL: an embedded PGlite store belongs to one process and cannot be shared",
    ],
    [
      "WORKERS with the control API",
      { WORKERS: "2", FOLLOW_GRAPH_CONTROL: "1" },
      "Bad configuration: WORKERS cannot be combined with FOLLOW_GRAPH_CONTROL: the emulator's faults and journal live in one process",
    ],
  ])("%s exits 2 with one line", async (_name, env, line) => {
    const run = start({ DATABASE_URL: serverUrl!, ...env });
    expect(await exitOf(run)).toBe(2);
    expect(run.output().trim()).toBe(line);
  });

  it("a store that cannot be opened stops the primary before any worker starts, with its status", async () => {
    const missing = new URL(serverUrl!);
    missing.pathname = "/follow_graph_no_such_database";
    const run = start({ DATABASE_URL: missing.toString(), WORKERS: "2" });
    expect(await exitOf(run)).toBe(2);
    expect(run.output()).toMatch(/^Could not start: .*follow_graph_no_such_database/);
    expect(run.output()).not.toMatch(/Worker/);
  });

  it("a worker that dies unbidden stops the others, and the primary exits 1 for its supervisor to see", async () => {
    const gateway = start({ DATABASE_URL: await scratchUrl(), WORKERS: "2" });
    await gateway.listening;
    const pids = [...gateway.output().matchAll(/Worker pid (\d+) serving/g)].map((m) => Number(m[1]));
    expect(pids).toHaveLength(2);
    process.kill(pids[0]!, "SIGKILL");
    expect(await exitOf(gateway)).toBe(1);
    expect(gateway.output()).toMatch(
      /Worker \d+ \(pid \d+\) exited with signal SIGKILL; stopping the others/,
    );
    // The other one was stopped as SIGTERM stops a server, not killed.
    expect(gateway.output()).toMatch(/SIGTERM: stopped in [\d.]+ s; \d+ requests received/);
    expect(() => process.kill(pids[1]!, 0)).toThrow();
  }, 60_000);
});

/** A port of 127.0.0.1 held by this process until `close`, or free again once it is. */
async function heldPort(): Promise<{ port: number; close(): Promise<void> }> {
  const holder: Server = createServer();
  await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
  const { port } = holder.address() as { port: number };
  return { port, close: () => new Promise((resolve) => holder.close(() => resolve())) };
}

/** A GET on a connection of its own: the primary deals each new connection to the next worker. */
function getAlone(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; type: string | undefined; body: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, agent: false, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode!, type: res.headers["content-type"], body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const sumOf = (families: Map<string, Family>, name: string) =>
  families
    .get(name)!
    .samples.filter((s) => s.name === name)
    .reduce((sum, s) => sum + s.value, 0);

describe.skipIf(!serverUrl)("WORKERS with metrics", () => {
  it("every worker's /metrics and the primary's METRICS_PORT give the sum over all workers", async () => {
    const metricsPort = await heldPort();
    await metricsPort.close();
    const gateway = start({
      DATABASE_URL: await scratchUrl(),
      WORKERS: "2",
      METRICS: "1",
      METRICS_PORT: String(metricsPort.port),
      DATABASE_POOL_SIZE: "3",
    });
    const url = await gateway.listening;
    expect(gateway.output()).toContain(`"metricsUrl":"http://127.0.0.1:${metricsPort.port}/metrics"`);
    const port = Number(new URL(url).port);

    // Reads in both dialects, each on a new connection, so that both workers answer about half.
    const sent = { gitlab: 30, github: 21 };
    for (let n = 0; n < sent.gitlab; n++)
      expect(
        (await getAlone(port, "/api/v4/users/1/followers", { "PRIVATE-TOKEN": ROOT_TOKEN })).status,
      ).toBe(200);
    for (let n = 0; n < sent.github; n++)
      expect((await getAlone(port, "/users/root/followers", { "User-Agent": "workers-test" })).status).toBe(
        200,
      );

    // Four scrapes of the main port (two per worker) and one of the primary's port: all the same sums.
    const scrapes = [
      ...[1, 2, 3, 4].map(() => getAlone(port, "/metrics")),
      getAlone(metricsPort.port, "/metrics"),
    ];
    for (const scrape of scrapes) {
      const { status, type, body } = await scrape;
      expect(status).toBe(200);
      expect(type).toBe("text/plain; version=0.0.4; charset=utf-8");
      const families = parsePrometheusText(body);
      const gitlab = { dialect: "gitlab", method: "GET", route: "/api/v4/users/:id/followers" };
      const github = { dialect: "github", method: "GET", route: "/users/:username/followers" };
      expect({
        gitlab: sampleValue(families, "follow_graph_http_requests_total", { ...gitlab, status: "200" }),
        github: sampleValue(families, "follow_graph_http_requests_total", { ...github, status: "200" }),
        // Scrapes and probes are not counted: these are all the requests there were.
        all: sumOf(families, "follow_graph_http_requests_total"),
        timed: sampleValue(families, "follow_graph_http_request_duration_seconds_count", gitlab),
        // Each worker's pool of 3 is in the sum.
        pool: sampleValue(families, "follow_graph_database_pool_max_connections", { driver: "postgres" }),
      }).toEqual({ ...sent, all: sent.gitlab + sent.github, timed: sent.gitlab, pool: 6 });
      // The process defaults come from the workers too, the version line once.
      expect(families.get("nodejs_version_info")?.samples).toHaveLength(1);
      expect(sampleValue(families, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    }

    // Both workers did answer reads: the sums above are not one worker's figures.
    gateway.child.kill("SIGTERM");
    expect(await exitOf(gateway)).toBe(0);
    const received = [...gateway.output().matchAll(/stopped in [\d.]+ s; (\d+) requests received/g)].map(
      ([, count]) => Number(count),
    );
    expect(received).toHaveLength(2);
    // Round robin gives each about 25 reads and 2 scrapes; 10 leaves room for any other order.
    for (const count of received) expect(count).toBeGreaterThan(10);
  }, 90_000);

  it("a METRICS_PORT in use stops the primary before any worker starts, exit 2", async () => {
    const taken = await heldPort();
    cleanups.push(() => taken.close());
    const run = start({ DATABASE_URL: await scratchUrl(), WORKERS: "2", METRICS_PORT: String(taken.port) });
    expect(await exitOf(run)).toBe(2);
    expect(run.output().trim()).toBe(
      `Could not start: METRICS_PORT ${taken.port} is already in use on 127.0.0.1: choose another port`,
    );
  }, 60_000);
});
