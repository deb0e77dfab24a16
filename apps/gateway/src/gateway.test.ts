import { read, setupTestGraph } from "@follow-graph/core/testing";
import { describe, expect, it } from "vitest";
import { createGateway } from "./gateway.ts";

const ROOT_TOKEN = "gateway-root-token-1";
let gateway: ReturnType<typeof createGateway>;
setupTestGraph(ROOT_TOKEN, (t) => {
  gateway = createGateway({ core: t.core, publicUrl: "http://graph.test" });
});

const get = (path: string, headers: Record<string, string> = {}) =>
  gateway.fetch(new Request(`http://graph.test${path}`, { headers: { "User-Agent": "t", ...headers } }));

describe("createGateway: one port, three mounts", () => {
  it("/api/v4 is GitLab", async () => {
    const res = await get("/api/v4/user", { "PRIVATE-TOKEN": ROOT_TOKEN });
    expect(await read(res)).toMatchObject({ status: 200, body: { id: 1, username: "root", is_admin: true } });
    expect((await read(await get("/api/v4/nope"))).body).toEqual({ error: "404 Not Found" });
  });

  it("/api/v3 is GitHub Enterprise, with and without the trailing slash at its root", async () => {
    const res = await get("/api/v3/users/root");
    expect(res.headers.get("x-github-enterprise-version")).toBe("3.19.0");
    expect(await read(res)).toMatchObject({
      status: 200,
      body: { login: "root", url: "http://graph.test/api/v3/users/root" },
    });
    for (const root of ["/api/v3", "/api/v3/"])
      expect((await read(await get(root))).body).toMatchObject({
        current_user_url: "http://graph.test/api/v3/user",
      });
  });

  it("everything else is api.github.com's layout", async () => {
    const res = await get("/users/root");
    expect(res.headers.get("x-github-enterprise-version")).toBeNull();
    expect(await read(res)).toMatchObject({ status: 200, body: { url: "http://graph.test/users/root" } });
    // Only whole path segments select a mount.
    for (const path of ["/api/v4x/user", "/api/v3x/users/root", "/api"])
      expect(await read(await get(path))).toMatchObject({
        status: 404,
        body: { message: "Not Found", status: "404" },
      });
  });

  it("a query string right after the mount root still selects it", async () => {
    expect((await get("/api/v3?x=1")).headers.get("x-github-enterprise-version")).toBe("3.19.0");
  });
});
