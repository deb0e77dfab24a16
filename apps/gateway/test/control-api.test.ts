import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ROOT_TOKEN, startTestServer, type TestServer } from "./test-server.ts";

// The control API through real HTTP: on and off, every token form, faults per dialect, the journal.

let server: TestServer;
let off: TestServer;
beforeAll(async () => {
  [server, off] = await Promise.all([startTestServer({ FOLLOW_GRAPH_CONTROL: "1" }), startTestServer()]);
});
afterAll(() => Promise.all([server?.stop(), off?.stop()]));
beforeEach(async () => {
  await server.control!.reset();
  server.control!.clearFaults();
  server.control!.clearRequests();
});

const root = { "PRIVATE-TOKEN": ROOT_TOKEN };
const call = (path: string, init: RequestInit & { base?: string } = {}) =>
  fetch(`${init.base ?? server.url}${path}`, {
    ...init,
    headers: { "User-Agent": "t", ...(init.headers ?? {}) },
  });
// biome-ignore lint/suspicious/noExplicitAny: the tests read answers they then assert on whole.
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });
const post = (path: string, body: unknown, headers: Record<string, string> = root) =>
  call(path, {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

const FIXTURE = {
  users: [
    { username: "alice", token: "alice-token-123" },
    { username: "bob", tokens: [{ secret: "bob-token-1234", scopes: ["user:follow"] }] },
  ],
  follows: [["alice", "bob"]],
};

describe("the control API is off by default", () => {
  it("answers the dialect's plain 404 there, root token or not", async () => {
    const res = await call("/__follow-graph/reset", { method: "POST", base: off.url, headers: root });
    expect(await json(res)).toEqual({
      status: 404,
      body: { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" },
    });
    expect(off.control).toBeUndefined();
  });
});

describe("authentication", () => {
  it.each([
    ["PRIVATE-TOKEN", { "PRIVATE-TOKEN": ROOT_TOKEN }],
    ["Authorization: token", { Authorization: `token ${ROOT_TOKEN}` }],
    ["Authorization: Bearer", { Authorization: `Bearer ${ROOT_TOKEN}` }],
  ])("takes root's token as %s", async (_, headers) => {
    expect((await call("/__follow-graph/state", { headers })).status).toBe(200);
  });

  it("takes it as the private_token parameter, and the journal never shows it", async () => {
    expect((await call(`/__follow-graph/state?private_token=${ROOT_TOKEN}`)).status).toBe(200);
    await call(`/api/v4/user?private_token=${ROOT_TOKEN}&x=1`);
    const entries = server.control!.requests();
    expect(entries).toEqual([
      expect.objectContaining({
        method: "GET",
        path: "/api/v4/user?x=1",
        dialect: "gitlab",
        status: 200,
        callerId: 1,
      }),
    ]);
    expect(JSON.stringify(entries)).not.toContain(ROOT_TOKEN);
  });

  it("refuses others in the shape of the dialect their token form belongs to", async () => {
    await server.control!.loadFixtures(FIXTURE);
    expect(
      await json(await call("/__follow-graph/state", { headers: { "PRIVATE-TOKEN": "wrong-token-1" } })),
    ).toEqual({
      status: 401,
      body: { message: "401 Unauthorized" },
    });
    expect(
      await json(await call("/__follow-graph/state", { headers: { "PRIVATE-TOKEN": "alice-token-123" } })),
    ).toEqual({
      status: 403,
      body: { message: "403 Forbidden" },
    });
    const github = { documentation_url: "https://docs.github.com/rest" };
    expect(
      await json(await call("/__follow-graph/state", { headers: { Authorization: "token wrong-token-1" } })),
    ).toEqual({
      status: 401,
      body: { message: "Bad credentials", ...github, status: "401" },
    });
    expect(
      await json(
        await call("/__follow-graph/state", { headers: { Authorization: "Bearer alice-token-123" } }),
      ),
    ).toMatchObject({
      status: 403,
      body: { ...github, status: "403" },
    });
    expect(await json(await call("/__follow-graph/state"))).toEqual({
      status: 401,
      body: { message: "Requires authentication", ...github, status: "401" },
    });
  });
});

describe("reset, fixtures, snapshots, state", () => {
  it("loads a JSON fixture, snapshots, resets and restores", async () => {
    const loaded = await json(await post("/__follow-graph/fixtures", FIXTURE));
    expect(loaded).toEqual({
      status: 201,
      body: {
        users: [
          { id: 2, username: "alice", token: "alice-token-123" },
          { id: 3, username: "bob", token: "bob-token-1234" },
        ],
        follows: 1,
      },
    });
    // The fixture's token works in both dialects.
    expect((await call("/api/v4/user", { headers: { "PRIVATE-TOKEN": "alice-token-123" } })).status).toBe(
      200,
    );
    expect(
      (await call("/user/following/bob", { headers: { Authorization: "token alice-token-123" } })).status,
    ).toBe(204);
    const snap = await json(await post("/__follow-graph/snapshots", {}));
    expect(snap).toEqual({ status: 201, body: { id: expect.any(String) } });
    expect((await post("/__follow-graph/reset", {})).status).toBe(204);
    expect((await json(await call("/__follow-graph/state", { headers: root }))).body).toEqual({
      users: [expect.objectContaining({ id: 1, username: "root" })],
      follows: [],
    });
    expect((await post(`/__follow-graph/snapshots/${snap.body.id}/restore`, {})).status).toBe(204);
    const state = (await json(await call("/__follow-graph/state", { headers: root }))).body;
    expect(state.follows).toEqual([{ follower: "alice", followee: "bob", createdAt: expect.any(String) }]);
    expect(state.users.map((u: { username: string }) => u.username)).toEqual(["root", "alice", "bob"]);
    expect(await json(await post("/__follow-graph/snapshots/nope/restore", {}))).toMatchObject({
      status: 404,
    });
  });

  it("loads YAML with a YAML content type", async () => {
    const yaml = "users:\n  - username: carol\n    admin: true\nfollows:\n  - [carol, root]\n";
    const res = await call("/__follow-graph/fixtures", {
      method: "POST",
      headers: { ...root, "Content-Type": "application/yaml" },
      body: yaml,
    });
    expect(await json(res)).toEqual({
      status: 201,
      body: { users: [{ id: 2, username: "carol" }], follows: 1 },
    });
  });

  it("answers 422 with every problem and loads nothing", async () => {
    const res = await post("/__follow-graph/fixtures", { users: [{ username: "-x" }], follows: [["ghost"]] });
    expect(await json(res)).toEqual({
      status: 422,
      body: {
        message: "Invalid fixtures",
        problems: [
          "users[0].username: is not a valid username",
          "follows[0][1]: must be a username or a user id",
        ],
      },
    });
    const broken = await call("/__follow-graph/fixtures", {
      method: "POST",
      headers: { ...root, "Content-Type": "application/json" },
      body: "{nope",
    });
    expect(await json(broken)).toMatchObject({
      status: 422,
      body: { problems: [expect.stringMatching(/^\(document\): not valid JSON/)] },
    });
    expect((await server.control!.state()).users).toHaveLength(1);
  });
});

describe("faults", () => {
  it("answers the next N matching requests with the dialect's error and Retry-After", async () => {
    const injected = await json(
      await post("/__follow-graph/faults", { status: 503, count: 2, route: "GET /api/v4/**", retryAfter: 7 }),
    );
    expect(injected).toEqual({ status: 201, body: { id: expect.any(String) } });
    for (let i = 0; i < 2; i++) {
      const res = await call("/api/v4/users/1", { headers: root });
      expect(res.headers.get("retry-after")).toBe("7");
      expect(await json(res)).toEqual({ status: 503, body: { message: "503 Service Unavailable" } });
    }
    expect((await call("/api/v4/users/1", { headers: root })).status).toBe(200);
    // The GitHub layout was never matched.
    expect((await call("/users/root")).status).toBe(200);
  });

  it("answers GitHub's 429 with its rate-limit headers, by dialect", async () => {
    await post("/__follow-graph/faults", { status: 429, dialect: "github" });
    const res = await call("/api/v3/users/root");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(await res.json()).toMatchObject({
      status: "429",
      documentation_url: "https://docs.github.com/rest",
    });
    expect((await call("/api/v4/users/1", { headers: root })).status).toBe(200);
    const gitlab = await post("/__follow-graph/faults", {
      status: 429,
      dialect: "gitlab",
      route: "/api/v4/users/*",
    });
    const limited = await call("/api/v4/users/1", { headers: root });
    expect([limited.status, await limited.text()]).toEqual([429, "Retry later\n"]);
    expect(
      (
        await call(`/__follow-graph/faults/${((await gitlab.json()) as { id: string }).id}`, {
          method: "DELETE",
          headers: root,
        })
      ).status,
    ).toBe(204);
    expect((await call("/api/v4/users/1", { headers: root })).status).toBe(200);
  });

  it("matches a route pattern segment by segment, and a rate of 0 never fires", async () => {
    await post("/__follow-graph/faults", { status: 500, route: "/api/v4/users/*/followers" });
    await post("/__follow-graph/faults", { status: 502, rate: 0 });
    expect((await call("/api/v4/users/1/followers", { headers: root })).status).toBe(500);
    expect((await call("/api/v4/users/1/following", { headers: root })).status).toBe(200);
    expect((await call("/api/v4/users/1/x/followers", { headers: root })).status).toBe(404);
  });

  it("adds latency and then answers as usual", async () => {
    await post("/__follow-graph/faults", { latencyMs: 150, count: 1 });
    const res = await call("/api/v4/users/1", { headers: root });
    expect(res.status).toBe(200);
    const [entry] = server.control!.requests();
    expect(entry!.durationMs).toBeGreaterThanOrEqual(140);
  });

  it("refuses a fault it cannot read with 422", async () => {
    for (const body of [
      { status: 200 },
      { count: 1 },
      { status: 500, rate: 2 },
      { status: 500, colour: "red" },
    ])
      expect((await post("/__follow-graph/faults", body)).status).toBe(422);
  });
});

describe("the journal", () => {
  it("records method, path, dialect, status and caller, newest last, and not the control requests", async () => {
    await server.control!.loadFixtures(FIXTURE);
    await call("/api/v4/users/2/follow", { method: "POST", headers: { "PRIVATE-TOKEN": "bob-token-1234" } });
    await call("/user/following/alice", {
      method: "PUT",
      headers: { Authorization: "token bob-token-1234" },
    });
    await call("/users/nobody-here");
    const res = await json(await call("/__follow-graph/requests", { headers: root }));
    expect(res.body).toEqual([
      expect.objectContaining({
        method: "POST",
        path: "/api/v4/users/2/follow",
        dialect: "gitlab",
        status: 201,
        callerId: 3,
      }),
      expect.objectContaining({
        method: "PUT",
        path: "/user/following/alice",
        dialect: "github",
        status: 204,
        callerId: 3,
      }),
      expect.objectContaining({ method: "GET", path: "/users/nobody-here", status: 404, callerId: null }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain("bob-token-1234");
    expect((await call("/__follow-graph/requests", { method: "DELETE", headers: root })).status).toBe(204);
    expect(server.control!.requests()).toEqual([]);
  });
});
