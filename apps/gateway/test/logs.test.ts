// The request log: the gateway as `pnpm start` runs it prints one JSON line per request (time,
// the dialect's own request id, dialect, route pattern, status, duration, caller), its start,
// configuration and stop lines in the same format, and never a secret, whichever of the accepted
// forms carried it; bad settings exit 2 with one line; a failed query is one line without its
// parameters; a client hanging up mid-body leaves no stack trace.
import { connect, createServer, type Server } from "node:net";
import { PassThrough } from "node:stream";
import { createScratchDatabase } from "@follow-graph/core/testing";
import { afterAll, describe, expect, it } from "vitest";
import { parseEnv } from "../src/env.ts";
import { openGraph } from "../src/graph.ts";
import { errorFields } from "../src/logging/error-fields.ts";
import { createLogger } from "../src/logging/logger.ts";
import { startServer } from "../src/server.ts";
import { spawnGateway } from "./gateway-process.ts";
import { createUserWithToken, ROOT_TOKEN } from "./test-server.ts";

const PROCESS_TIMEOUT = 60_000;

interface LogLine {
  level: string;
  time: string;
  pid: number;
  msg: string;
  requestId?: string | null;
  dialect?: string;
  method?: string;
  route?: string;
  status?: number;
  durationMs?: number;
  userId?: number | null;
}

const linesOf = (output: string) => output.split("\n").filter((line) => line.trim() !== "");

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("the request log of a running gateway", () => {
  it(
    "is one JSON line per request with its fields, start and stop lines alike, and no secret in any form",
    async () => {
      const gateway = spawnGateway({
        DATABASE_URL: "",
        PGLITE_DATA_DIR: "memory://",
        ROOT_TOKEN,
        LOG_LEVEL: "info",
      });
      try {
        const url = await gateway.listening;
        const alice = await createUserWithToken(url, "alice");
        const bob = await createUserWithToken(url, "bob");
        const secret = alice.token;
        const basic = Buffer.from(`x-access-token:${secret}`).toString("base64");
        const ua = { "User-Agent": "logs-test" };
        // Each request, what its log line must say, and the request id its answer carried.
        const sent: { requestId: string | null; expected: Partial<LogLine> }[] = [];
        const send = async (path: string, init: RequestInit, expected: Partial<LogLine>) => {
          const answer = await fetch(`${url}${path}`, init);
          await answer.arrayBuffer();
          expect(answer.status, path).toBe(expected.status);
          sent.push({
            requestId: answer.headers.get("x-request-id") ?? answer.headers.get("x-github-request-id"),
            expected,
          });
        };
        const me = { dialect: "gitlab", method: "GET", route: "/api/v4/user", status: 200, userId: alice.id };
        await send("/api/v4/user", { headers: { "PRIVATE-TOKEN": secret } }, me);
        await send(`/api/v4/user?private_token=${secret}`, {}, me);
        await send(`/api/v4/user?access_token=${secret}`, {}, me);
        await send("/api/v4/user", { headers: { Authorization: `Bearer ${secret}` } }, me);
        await send(
          `/api/v4/users/${bob.id}/follow`,
          {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ private_token: secret }),
          },
          {
            dialect: "gitlab",
            method: "POST",
            route: "/api/v4/users/:id/follow",
            status: 201,
            userId: alice.id,
          },
        );
        const githubMe = { dialect: "github", method: "GET", route: "/user", status: 200, userId: alice.id };
        await send("/user", { headers: { ...ua, Authorization: `token ${secret}` } }, githubMe);
        await send("/user", { headers: { ...ua, Authorization: `Basic ${basic}` } }, githubMe);
        await send(
          "/api/v3/user",
          { headers: { ...ua, Authorization: `Bearer ${secret}` } },
          { ...githubMe, route: "/api/v3/user" },
        );
        // GitHub reads no token from the query: anonymous, and the query is never logged.
        await send(
          `/user?access_token=${secret}`,
          { headers: ua },
          { dialect: "github", route: "/user", status: 401, userId: null },
        );
        // A secret in the path is logged as the route's pattern only.
        await send(
          `/users/${secret}/followers`,
          { headers: ua },
          { dialect: "github", route: "/users/:username/followers", status: 404, userId: null },
        );
        const wrong = `${secret.slice(0, -4)}zzzz`;
        await send(
          "/api/v4/user",
          { headers: { "PRIVATE-TOKEN": wrong } },
          { dialect: "gitlab", route: "/api/v4/user", status: 401, userId: null },
        );

        const requestLines = () =>
          linesOf(gateway.output())
            .map((line) => JSON.parse(line) as LogLine)
            .filter((line) => line.msg === "request");
        // Lines are written in order but asynchronously: once the last is there, all are. The two
        // users' creation made four more.
        await gateway.line(new RegExp(`"requestId":"${sent.at(-1)!.requestId}"`));
        expect(requestLines()).toHaveLength(sent.length + 4);
        for (const { requestId, expected } of sent) {
          expect(requestId).toBeTruthy();
          const line = requestLines().find((l) => l.requestId === requestId);
          expect(line, `the line of ${requestId}`).toMatchObject({ level: "info", ...expected });
          expect(new Date(line!.time).toISOString()).toBe(line!.time);
          expect(line!.durationMs).toBeGreaterThanOrEqual(0);
          expect(Object.keys(line!).sort()).toEqual([
            "dialect",
            "durationMs",
            "level",
            "method",
            "msg",
            "pid",
            "requestId",
            "route",
            "status",
            "time",
            "userId",
          ]);
        }

        // A client hanging up mid-body is a logged 400 at most, never a stack trace.
        const hangUp = connect(Number(new URL(url).port), "127.0.0.1");
        hangUp.on("error", () => {});
        await new Promise((resolve) => hangUp.once("connect", resolve));
        hangUp.write(
          `POST /api/v4/users HTTP/1.1\r\nHost: 127.0.0.1\r\nPRIVATE-TOKEN: ${ROOT_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"username":`,
        );
        await new Promise((resolve) => setTimeout(resolve, 200));
        hangUp.destroy();
        await gateway.line(/"status":400/);

        gateway.child.kill("SIGTERM");
        expect(await gateway.exited).toBe(0);
        const output = gateway.output();
        // Every line is the log's: configuration, listening, requests, stop.
        const all = linesOf(output).map((line) => JSON.parse(line) as LogLine);
        expect(all.map((line) => line.msg)).toEqual(
          expect.arrayContaining([
            "configuration",
            expect.stringMatching(/^Listening on http:/),
            expect.stringMatching(/^SIGTERM: refusing new requests/),
            expect.stringMatching(/^SIGTERM: stopped in/),
          ]),
        );
        for (const line of all)
          expect(line).toMatchObject({ level: expect.any(String), time: expect.any(String) });
        for (const leaked of [secret, bob.token, basic, ROOT_TOKEN, wrong])
          expect(output).not.toContain(leaked);
        expect(output).not.toMatch(/\n\s+at /);
      } finally {
        gateway.child.kill("SIGKILL");
      }
    },
    PROCESS_TIMEOUT,
  );
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("bad logging and metrics settings", () => {
  const held: Server[] = [];
  afterAll(() => {
    for (const server of held) server.close();
  });

  it.each([
    ["LOG_LEVEL", "verbose", "LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent"],
    ["METRICS", "yes", "METRICS must be 1 or 0"],
    ["METRICS_PORT", "70000", "METRICS_PORT must be a whole number from 1 to 65535"],
    ["METRICS_PORT", "metrics", "METRICS_PORT must be a whole number from 1 to 65535"],
    ["METRICS_PORT", "0", "METRICS_PORT must be a whole number from 1 to 65535"],
  ])("%s=%s exits 2 with one line", async (name, value, reason) => {
    const run = spawnGateway({ DATABASE_URL: "", PGLITE_DATA_DIR: "memory://", [name]: value });
    expect(await run.exited).toBe(2);
    expect(run.output().trim()).toBe(`Bad configuration: ${reason}`);
  });

  it("METRICS_PORT equal to PORT exits 2 with one line", async () => {
    const run = spawnGateway({
      DATABASE_URL: "",
      PGLITE_DATA_DIR: "memory://",
      PORT: "39499",
      METRICS_PORT: "39499",
    });
    expect(await run.exited).toBe(2);
    expect(run.output().trim()).toBe(
      "Bad configuration: METRICS_PORT must differ from PORT (both 39499): set METRICS=1 to serve /metrics on PORT",
    );
  });

  it(
    "a METRICS_PORT already taken exits 2 with one line naming it",
    async () => {
      const taken = createServer();
      held.push(taken);
      await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
      const { port } = taken.address() as { port: number };
      const run = spawnGateway({
        DATABASE_URL: "",
        PGLITE_DATA_DIR: "memory://",
        METRICS_PORT: String(port),
      });
      expect(await run.exited).toBe(2);
      expect(run.output().trim()).toBe(
        `Could not start: METRICS_PORT ${port} is already in use on 127.0.0.1: choose another port`,
      );
    },
    PROCESS_TIMEOUT,
  );
});

describe("the logger's two formats", () => {
  it("writes JSON lines, or pino-pretty's readable lines, at the level asked", () => {
    const read = (pretty: boolean, level: "info" | "warn") => {
      const stream = new PassThrough();
      let text = "";
      stream.on("data", (chunk) => {
        text += chunk;
      });
      const logger = createLogger(level, { destination: stream, pretty });
      logger.info({ method: "GET", route: "/api/v4/user", status: 200, durationMs: 1.5 }, "request");
      logger.warn("slow");
      return text;
    };
    const json = linesOf(read(false, "info")).map((line) => JSON.parse(line) as LogLine);
    expect(json.map((line) => [line.level, line.msg])).toEqual([
      ["info", "request"],
      ["warn", "slow"],
    ]);
    expect(linesOf(read(false, "warn")).map((line) => (JSON.parse(line) as LogLine).msg)).toEqual(["slow"]);
    const pretty = read(true, "info");
    expect(linesOf(pretty)).toHaveLength(2);
    expect(pretty).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: GET \/api\/v4\/user 200 1\.5 ms \{"method":"GET"/,
    );
    expect(pretty).toMatch(/WARN: slow/);
    expect(() => JSON.parse(linesOf(pretty)[0]!)).toThrow();
  });
});

describe("a failed query's log line", () => {
  it("is one line with the driver's reason, never the statement nor its bound parameters", async () => {
    const parsed = parseEnv({ PGLITE_DATA_DIR: "memory://" });
    if (!parsed.ok) throw new Error(parsed.reason);
    const reported: unknown[] = [];
    const { database, core } = await openGraph(parsed.env, "logs test", {
      onUnexpectedError: (error) => reported.push(error),
    });
    // The store going away under a running core: its next statement fails in the driver.
    await database.close();
    const secret = "glpat-a-secret-value-0123456789";
    await expect(core.tokens.resolveToken(secret)).rejects.toMatchObject({ code: "unavailable" });
    expect(reported).toHaveLength(1);
    const failure = reported[0] as Error & { params: unknown[] };
    // What would have been printed before: drizzle's message names every bound value.
    expect(failure.message).toMatch(/^Failed query: [\s\S]*\nparams: /);
    expect(failure.params.length).toBeGreaterThan(0);
    const fields = errorFields(failure);
    expect(fields).not.toHaveProperty("query");
    expect(JSON.stringify(fields)).not.toMatch(/select /i);
    expect(fields.message).not.toBe("");
    const text = JSON.stringify(fields);
    for (const param of failure.params) expect(text).not.toContain(String(param));
    expect(text).not.toContain(secret);
    expect(text).not.toContain("params:");
    expect(text).not.toMatch(/\\n/);
  });

  it("replaces a value the driver's own message quotes", () => {
    const cause = Object.assign(new Error('invalid input syntax for type integer: "glpat-quoted-0123"'), {
      code: "22P02",
    });
    const wrapped = Object.assign(new Error("Failed query: select $1::int\nparams: glpat-quoted-0123"), {
      query: "select $1::int",
      params: ["glpat-quoted-0123"],
      cause,
    });
    expect(errorFields(wrapped)).toEqual({
      message: 'invalid input syntax for type integer: "[parameter]"',
      name: "Error",
      code: "22P02",
    });
  });
});

describe.runIf(Boolean(process.env.TEST_DATABASE_URL))("database errors on a running server", () => {
  it("are one JSON line each without parameters, counted in the metrics", async () => {
    const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL!);
    const stream = new PassThrough();
    let log = "";
    stream.on("data", (chunk) => {
      log += chunk;
    });
    const parsed = parseEnv({
      PORT: "0",
      DATABASE_URL: scratch.url,
      ROOT_TOKEN,
      METRICS: "1",
    });
    if (!parsed.ok) throw new Error(parsed.reason);
    const server = await startServer(parsed.env, {
      logger: createLogger("info", { destination: stream, pretty: false }),
    });
    try {
      const alice = await createUserWithToken(server.url, "alice");
      await scratch.setReachable(false);
      // GitLab answers a store it cannot reach with its 503, and the line names the route.
      const answer = await fetch(`${server.url}/api/v4/user`, { headers: { "PRIVATE-TOKEN": alice.token } });
      expect(answer.status).toBe(503);
      const errors = linesOf(log)
        .map((line) => JSON.parse(line) as LogLine & { error?: { message: string } })
        .filter((line) => line.msg === "database error");
      expect(errors.length).toBeGreaterThanOrEqual(1);
      expect(errors[0]).toMatchObject({
        level: "error",
        method: "GET",
        route: "/api/v4/user",
        error: { message: expect.any(String), code: expect.any(String) },
      });
      expect(log).not.toMatch(/select /i);
      expect(log).not.toContain(alice.token);
      expect(log).not.toContain("params:");
      await scratch.setReachable(true);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(new RegExp(`^follow_graph_database_errors_total ${errors.length}$`, "m"));
    } finally {
      await scratch.setReachable(true);
      await server.stop();
      await scratch.drop();
    }
  });
});
