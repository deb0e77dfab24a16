import { describe, expect, it } from "vitest";
import { DOCS } from "./docs.ts";
import { RateLimiter } from "./rate-limiter.ts";
import { ROOT_TOKEN, read, setupGitHub } from "./testing.ts";

// A small budget, and a clock the tests move, so an hour's window can end within a test.
let now = Date.UTC(2026, 10, 30, 12, 0, 0);
const limiter = new RateLimiter({ authenticated: 4, anonymous: 2 }, () => now);
const h = setupGitHub({ rateLimiter: limiter });
const unlimited = setupGitHub();

let addresses = 0;
/** An anonymous caller's address no other test spends from. */
const newAddress = () => `198.51.100.${++addresses}`;

const rate = (res: Response) => ({
  limit: res.headers.get("x-ratelimit-limit"),
  remaining: res.headers.get("x-ratelimit-remaining"),
  used: res.headers.get("x-ratelimit-used"),
  resource: res.headers.get("x-ratelimit-resource"),
});

describe("GitHub's primary rate limit, when it is on", () => {
  it("reports the caller's window on every response, whatever the status, on both layouts", async () => {
    const { user, token } = await h.githubUser();
    const [other] = await h.users(1);
    const replies = [
      await h.get(`/users/${user.username}`, { token }),
      await h.put(`/api/v3/user/following/${other!.user.username}`, { token }),
      await h.get("/users/nobody-here", { token }),
      await h.get("/api/v3/user/following/nobody-here", { token }),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 204, 404, 404]);
    expect(replies.map(rate)).toEqual(
      [1, 2, 3, 4].map((used) => ({
        limit: "4",
        remaining: String(4 - used),
        used: String(used),
        resource: "core",
      })),
    );
    const reset = Number(replies[0]!.headers.get("x-ratelimit-reset"));
    expect(reset).toBe(Math.ceil(now / 1000) + 3600);
    for (const reply of replies) expect(reply.headers.get("x-ratelimit-reset")).toBe(String(reset));
  });

  it("a spent budget is a 403 with Remaining 0, in GitHub's words, and the refused write stores nothing", async () => {
    const { user, token } = await h.githubUser();
    const [target] = await h.users(1);
    for (let i = 0; i < 4; i++) expect((await h.get("/user", { token })).status).toBe(200);
    const before = await h.snapshot();
    const refused = await h.put(`/user/following/${target!.user.username}`, { token });
    expect(refused.status).toBe(403);
    expect(rate(refused)).toEqual({ limit: "4", remaining: "0", used: "4", resource: "core" });
    expect((await read(refused)).body).toEqual({
      message: `API rate limit exceeded for user ID ${user.id}.`,
      documentation_url: DOCS.rateLimits,
      status: "403",
    });
    expect(refused.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await h.snapshot()).toBe(before);
    expect(await h.edgeStored(user.id, target!.user.id)).toBe(false);
    // Another user's budget is its own.
    const { token: fresh } = await h.githubUser();
    expect((await h.get("/user", { token: fresh })).status).toBe(200);
  });

  it("anonymous callers are counted per address, with the invitation to authenticate", async () => {
    const [owner] = await h.users(1);
    const path = `/users/${owner!.user.username}/followers`;
    const address = newAddress();
    expect((await h.get(path, { address })).status).toBe(200);
    expect(rate(await h.get(`/api/v3${path}`, { address }))).toMatchObject({ limit: "2", remaining: "0" });
    const refused = await h.get(path, { address });
    expect(refused.status).toBe(403);
    expect((await read(refused)).body).toMatchObject({
      message: `API rate limit exceeded for ${address}. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)`,
      status: "403",
    });
    // Another address, and any signed-in user, still get through.
    expect((await h.get(path, { address: newAddress() })).status).toBe(200);
    expect((await h.get(path, { address, token: ROOT_TOKEN })).status).toBe(200);
  });

  it("a 304 does not count", async () => {
    const { token } = await h.githubUser();
    const first = await h.get("/user", { token });
    expect(rate(first)).toMatchObject({ used: "1", remaining: "3" });
    const etag = first.headers.get("etag")!;
    for (let i = 0; i < 6; i++) {
      const again = await h.get("/user", { token, headers: { "If-None-Match": etag } });
      expect(again.status).toBe(304);
      expect(rate(again)).toMatchObject({ used: "1", remaining: "3" });
    }
    expect(rate(await h.get("/user", { token }))).toMatchObject({ used: "2", remaining: "2" });
  });

  it("GET /rate_limit is free and reports core as the headers do, plus search", async () => {
    const { token } = await h.githubUser();
    await h.get("/user", { token });
    for (const path of ["/rate_limit", "/api/v3/rate_limit", "/rate_limit"]) {
      const res = await h.get(path, { token });
      expect(res.status).toBe(200);
      expect(rate(res)).toEqual({ limit: "4", remaining: "3", used: "1", resource: "core" });
      const core = { limit: 4, used: 1, remaining: 3, reset: Math.ceil(now / 1000) + 3600 };
      const { body } = await read(res);
      expect(body).toEqual({
        resources: { core, search: { limit: 30, used: 0, remaining: 30, reset: expect.any(Number) } },
        rate: core,
      });
    }
    // Even with the budget spent, asking costs nothing and is answered.
    for (let i = 0; i < 3; i++) await h.get("/user", { token });
    expect((await h.get("/user", { token })).status).toBe(403);
    const spent = await h.get("/rate_limit", { token });
    expect(spent.status).toBe(200);
    expect((await read(spent)).body).toMatchObject({ rate: { remaining: 0, used: 4 } });
  });

  it("a window ends an hour after the caller's first request, and a fresh one opens", async () => {
    const { token } = await h.githubUser();
    for (let i = 0; i < 4; i++) await h.get("/user", { token });
    now += 3_599_000;
    expect((await h.get("/user", { token })).status).toBe(403);
    now += 1_000;
    const fresh = await h.get("/user", { token });
    expect(fresh.status).toBe(200);
    expect(rate(fresh)).toMatchObject({ used: "1", remaining: "3" });
    expect(fresh.headers.get("x-ratelimit-reset")).toBe(String(Math.ceil(now / 1000) + 3600));
  });

  it("bad credentials are refused before anything is counted", async () => {
    const address = newAddress();
    for (let i = 0; i < 3; i++) {
      const res = await h.get("/user", { token: "not-a-token", address });
      expect(res.status).toBe(401);
      expect(res.headers.get("x-ratelimit-limit")).toBeNull();
    }
    expect(rate(await h.get("/users/root", { address }))).toMatchObject({ used: "1", remaining: "1" });
  });
});

describe("GitHub's rate limit, when it is off (the default, as on GitHub Enterprise Server)", () => {
  it("sends no X-RateLimit-* headers and never refuses for volume", async () => {
    const { token } = await unlimited.githubUser();
    for (let i = 0; i < 10; i++) {
      const res = await unlimited.get("/api/v3/user", { token });
      expect(res.status).toBe(200);
      for (const name of ["limit", "remaining", "used", "reset", "resource"])
        expect(res.headers.get(`x-ratelimit-${name}`)).toBeNull();
    }
  });

  it.each(["/rate_limit", "/api/v3/rate_limit"])(
    "GET %s is a 404: Rate limiting is not enabled.",
    async (path) => {
      const res = await unlimited.get(path, { token: ROOT_TOKEN });
      expect(res.status).toBe(404);
      expect((await read(res)).body).toEqual({
        message: "Rate limiting is not enabled.",
        documentation_url: DOCS.rateLimitStatus,
        status: "404",
      });
    },
  );
});
