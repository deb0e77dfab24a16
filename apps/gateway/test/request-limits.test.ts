import { get as httpGet } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { setupTestGraph } from "@follow-graph/core/testing";
import { createGitHubApp } from "@follow-graph/github";
import { createGitLabApp } from "@follow-graph/gitlab";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT_TOKEN = "limits-root-token-1";
const MAX_BODY_BYTES = 64 * 1024;
const HUNDRED_MB = 100 * 1024 * 1024;

/** What the apps reported as unexpected: a client that hangs up must not land here. */
const unexpected: unknown[] = [];
/** Resolvers waiting for the next request to be fully handled by an app. */
const handled: (() => void)[] = [];

let server: ReturnType<typeof serve>;
let port: number;
let gitlabApp: ReturnType<typeof createGitLabApp>;
let githubApp: ReturnType<typeof createGitHubApp>;

const graph = setupTestGraph(ROOT_TOKEN, (t) => {
  const options = {
    core: t.core,
    maxBodyBytes: MAX_BODY_BYTES,
    onUnexpectedError: (e: unknown) => unexpected.push(e),
  };
  gitlabApp = createGitLabApp(options);
  githubApp = createGitHubApp({ ...options, basePath: "/api/v3" });
});

beforeAll(async () => {
  server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      {
        port: 0,
        hostname: "127.0.0.1",
        fetch: async (request: Request) => {
          try {
            const app = new URL(request.url).pathname.startsWith("/api/v4") ? gitlabApp : githubApp;
            return await app.fetch(request);
          } finally {
            for (const done of handled.splice(0)) done();
          }
        },
      },
      () => resolve(s),
    );
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const nextRequestHandled = () => new Promise<void>((resolve) => handled.push(resolve));

interface RawExchange {
  /** The status of the answer, or undefined if none came. */
  status: number | undefined;
  body: string;
  /** Whether the server ended the connection. */
  closedByServer: boolean;
  /** Bytes of the request sent before the answer came. */
  sent: number;
}

/**
 * Sends `head` and then `chunks` one by one over a raw socket, each only after the previous
 * was flushed and only while no answer has arrived, and collects what comes back until the
 * server closes the connection or, with keep-alive, until the answer is complete.
 */
function exchange(head: string, chunks: Buffer[] = [], { hangUp = false } = {}): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    let closedByServer = false;
    let sent = head.length;
    const finish = () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      const body = received.slice(received.indexOf("\r\n\r\n") + 4);
      resolve({ status: status ? Number(status) : undefined, body, closedByServer, sent });
    };
    socket.on("data", (data) => {
      received += data.toString("latin1");
      const headEnd = received.indexOf("\r\n\r\n");
      const length = /content-length: (\d+)\r\n/i.exec(received.slice(0, headEnd))?.[1];
      const closing = /\r\nconnection: close\r\n/i.test(received.slice(0, headEnd + 2));
      // A kept-alive answer is over when its body is in; a closing one when the server closes.
      if (!closing && length !== undefined && received.length >= headEnd + 4 + Number(length)) {
        socket.destroy();
        finish();
      }
    });
    socket.on("end", () => {
      closedByServer = true;
    });
    socket.on("close", () => finish());
    socket.on("error", (error) => {
      // The server may close while we are still sending: that is the refusal this tests.
      if (
        (error as NodeJS.ErrnoException).code !== "EPIPE" &&
        (error as NodeJS.ErrnoException).code !== "ECONNRESET"
      )
        reject(error);
    });
    const send = (i: number) => {
      if (received !== "" || socket.destroyed) return;
      if (i === chunks.length) {
        if (hangUp) socket.destroy();
        return;
      }
      sent += chunks[i]!.length;
      socket.write(chunks[i]!, () => send(i + 1));
    };
    socket.write(head, () => send(0));
  });
}

const head = (method: string, path: string, headers: Record<string, string | number>) =>
  `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: limits-test\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("")}\r\n`;

/** `bytes` of JSON that creates a user: the object, padded with trailing spaces. */
const userJson = (bytes: number, login: string) =>
  Buffer.from(
    JSON.stringify({
      username: login,
      login,
      name: login,
      email: `${login}@example.com`,
      password: "long-enough-pw",
    }).padEnd(bytes, " "),
  );

/** `body` in HTTP/1.1 chunks of 16 KiB, with the terminating chunk unless `unfinished`. */
const chunked = (body: Buffer, { unfinished = false } = {}) => {
  const chunks: Buffer[] = [];
  for (let at = 0; at < body.length; at += 16 * 1024) {
    const piece = body.subarray(at, at + 16 * 1024);
    chunks.push(Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]));
  }
  if (!unfinished) chunks.push(Buffer.from("0\r\n\r\n"));
  return chunks;
};

const GITLAB = { path: "/api/v4/users", auth: { "PRIVATE-TOKEN": ROOT_TOKEN } };
const GITHUB = { path: "/api/v3/admin/users", auth: { Authorization: `token ${ROOT_TOKEN}` } };
const JSON_TYPE = { "Content-Type": "application/json" };

// Real sockets against the adapters' limits; the engine plays no part, so this runs once.
describe.skipIf(process.env.TEST_DATABASE_URL)("body limits over real sockets", () => {
  it.each([
    ["GitLab", GITLAB, { message: "413 Request Entity Too Large" }],
    ["GitHub", GITHUB, { message: "Request Entity Too Large", status: "413" }],
  ] as const)(
    "%s: a chunked body one byte over the limit is cut off → 413, and one at the limit is accepted",
    async (_d, dialect, tooLarge) => {
      const headers = { ...dialect.auth, ...JSON_TYPE, "Transfer-Encoding": "chunked" };
      const over = await exchange(
        head("POST", dialect.path, headers),
        chunked(userJson(MAX_BODY_BYTES + 1, `over-${_d}`)),
      );
      expect(over.status).toBe(413);
      expect(JSON.parse(over.body.replace(/^[0-9a-f]+\r\n|\r\n0\r\n\r\n$/g, ""))).toMatchObject(tooLarge);
      const at = await exchange(
        head("POST", dialect.path, headers),
        chunked(userJson(MAX_BODY_BYTES, `at-${_d.toLowerCase()}`)),
      );
      expect(at.status).toBe(201);
    },
  );

  it.each([
    ["GitLab", GITLAB],
    ["GitHub", GITHUB],
  ] as const)(
    "%s: a Content-Length one byte over → 413 before the body is sent; at the limit → 201",
    async (_d, dialect) => {
      const over = await exchange(
        head("POST", dialect.path, { ...dialect.auth, ...JSON_TYPE, "Content-Length": MAX_BODY_BYTES + 1 }),
        [userJson(MAX_BODY_BYTES + 1, `cl-over-${_d}`)],
      );
      expect(over.status).toBe(413);
      const at = await exchange(
        head("POST", dialect.path, { ...dialect.auth, ...JSON_TYPE, "Content-Length": MAX_BODY_BYTES }),
        [userJson(MAX_BODY_BYTES, `cl-at-${_d.toLowerCase()}`)],
      );
      expect(at.status).toBe(201);
    },
  );

  it.each([
    ["GitLab", "/api/v4/users"],
    ["GitHub", "/api/v3/admin/users"],
  ])(
    "%s: an anonymous 100 MB POST is answered and the connection closed without the body being read",
    async (_d, path) => {
      // Sent 16 KiB at a time, and only until an answer arrives: a server that read the body
      // first would have to wait for all of it.
      const piece = Buffer.alloc(16 * 1024, " ");
      const pieces = Array.from({ length: HUNDRED_MB / piece.length }, () => piece);
      const res = await exchange(head("POST", path, { ...JSON_TYPE, "Content-Length": HUNDRED_MB }), pieces);
      expect(res.status).toBe(413);
      expect(res.closedByServer).toBe(true);
    },
  );

  it("GitHub: an anonymous chunked write is refused with its 401 before its body is read", async () => {
    const headers = { ...JSON_TYPE, "Transfer-Encoding": "chunked" };
    // The body never ends: only a server that does not wait for it can answer.
    const res = await exchange(
      head("POST", GITHUB.path, headers),
      chunked(Buffer.alloc(1024, " "), { unfinished: true }),
    );
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body.replace(/^[0-9a-f]+\r\n|\r\n0\r\n\r\n$/g, ""))).toMatchObject({
      message: "Requires authentication",
    });
  });

  it.each([
    ["GitLab", GITLAB],
    ["GitHub", GITHUB],
  ] as const)(
    "%s: a client that hangs up halfway through its body is not an unexpected error",
    async (_d, dialect) => {
      const done = nextRequestHandled();
      const half = userJson(1000, "half").subarray(0, 500);
      const res = await exchange(
        head("POST", dialect.path, { ...dialect.auth, ...JSON_TYPE, "Content-Length": 1000 }),
        [half],
        {
          hangUp: true,
        },
      );
      expect(res.status).toBeUndefined();
      await done;
      expect(unexpected).toEqual([]);
    },
  );
});

/** A GET with Node's own HTTP client, which refuses more than 16 KiB of response headers. */
const nodeGet = (path: string, headers: Record<string, string>) =>
  new Promise<{ status: number; headerBytes: number }>((resolve, reject) => {
    httpGet(
      { host: "127.0.0.1", port, path, headers: { "User-Agent": "limits-test", ...headers } },
      (res) => {
        res.resume();
        const headerBytes = res.rawHeaders.reduce((sum, part) => sum + part.length + 2, 0);
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headerBytes }));
      },
    ).on("error", reject);
  });

describe.skipIf(process.env.TEST_DATABASE_URL)("Link over a long query", () => {
  it.each([
    ["GitLab", "/api/v4/users/1/followers?per_page=1", { "PRIVATE-TOKEN": ROOT_TOKEN }],
    ["GitHub", "/api/v3/users/root/followers?per_page=1", {}],
  ])(
    "%s: 8 KB of unknown parameters is a 200 Node's client reads, its Link without them",
    async (_d, path, headers) => {
      const fans = await graph.seeder.users(2);
      for (const fan of fans) await graph.seeder.follow(fan.user.id, 1);
      const junk = Array.from({ length: 8 }, (_, i) => `junk${i}=${"j".repeat(1000)}`).join("&");
      const res = await nodeGet(`${path}&${junk}`.slice(0, 8192), headers);
      expect(res.status).toBe(200);
      expect(res.headerBytes).toBeLessThan(4096);
    },
  );
});
