import { setupTestGraph } from "@follow-graph/core/testing";
import { describe, expect, it } from "vitest";
import { parseEnv, SERVED_DEFAULTS } from "./env.ts";
import { createGateway } from "./gateway.ts";

const ROOT_TOKEN = "gateway-root-token-1";
let core: Parameters<typeof createGateway>[0]["core"];
setupTestGraph(ROOT_TOKEN, (t) => {
  core = t.core;
});

/** A gateway configured as GITHUB_RATE_LIMIT=`setting` (with `pnpm start`'s defaults when unset). */
function gatewayWith(setting?: string) {
  const parsed = parseEnv(setting === undefined ? {} : { GITHUB_RATE_LIMIT: setting }, SERVED_DEFAULTS);
  if (!parsed.ok) throw new Error(parsed.reason);
  const gateway = createGateway({ core, githubRateLimits: parsed.env.GITHUB_RATE_LIMIT });
  return (path: string, token?: string) =>
    gateway.fetch(
      new Request(`http://graph.test${path}`, {
        headers: { "User-Agent": "t", ...(token ? { Authorization: `token ${token}` } : {}) },
      }),
    );
}

describe("GitHub rate limits per layout", () => {
  it("as `pnpm start` has them: api.github.com's at the root, 5000 signed in and 60 anonymous; GHES's off", async () => {
    const get = gatewayWith();
    const anonymous = await get("/users/root");
    expect(anonymous.headers.get("X-RateLimit-Limit")).toBe("60");
    expect(anonymous.headers.get("X-RateLimit-Remaining")).toBe("59");
    const signedIn = await get("/users/root", ROOT_TOKEN);
    expect(signedIn.headers.get("X-RateLimit-Limit")).toBe("5000");
    expect(signedIn.headers.get("X-RateLimit-Used")).toBe("1");
    const status = await get("/rate_limit", ROOT_TOKEN);
    expect(status.status).toBe(200);
    expect(((await status.json()) as { rate: { limit: number } }).rate.limit).toBe(5000);

    const enterprise = await get("/api/v3/users/root", ROOT_TOKEN);
    expect(enterprise.status).toBe(200);
    expect(enterprise.headers.get("X-RateLimit-Limit")).toBeNull();
    const enterpriseStatus = await get("/api/v3/rate_limit", ROOT_TOKEN);
    expect(enterpriseStatus.status).toBe(404);
    expect(((await enterpriseStatus.json()) as { message: string }).message).toBe(
      "Rate limiting is not enabled.",
    );
  });

  it("off turns both off: no headers, and /rate_limit is GHES's 404 at the root too", async () => {
    const get = gatewayWith("off");
    for (const prefix of ["", "/api/v3"]) {
      expect((await get(`${prefix}/users/root`)).headers.get("X-RateLimit-Limit")).toBeNull();
      expect((await get(`${prefix}/rate_limit`)).status).toBe(404);
    }
  });

  it("limits given once are one budget across both layouts; per layout, each its own", async () => {
    const shared = gatewayWith("100,10");
    await shared("/users/root", ROOT_TOKEN);
    const after = await shared("/api/v3/users/root", ROOT_TOKEN);
    expect([after.headers.get("X-RateLimit-Limit"), after.headers.get("X-RateLimit-Used")]).toEqual([
      "100",
      "2",
    ]);

    const separate = gatewayWith("root=100;v3=7,3");
    await separate("/users/root", ROOT_TOKEN);
    const enterprise = await separate("/api/v3/users/root", ROOT_TOKEN);
    expect([enterprise.headers.get("X-RateLimit-Limit"), enterprise.headers.get("X-RateLimit-Used")]).toEqual(
      ["7", "1"],
    );
    expect((await separate("/api/v3/users/root")).headers.get("X-RateLimit-Limit")).toBe("3");
  });
});
