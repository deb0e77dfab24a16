import { read, setupTestGraph, userInput } from "@follow-graph/core/testing";
import { describe, expect, it } from "vitest";
import { createGateway } from "./gateway.ts";

const ROOT_TOKEN = "gateway-avatar-root-token";
const ORIGIN = "http://graph.test";
let gateway: ReturnType<typeof createGateway>;
let core: Parameters<typeof createGateway>[0]["core"];
setupTestGraph(ROOT_TOKEN, (t) => {
  core = t.core;
  gateway = createGateway({ core: t.core, publicUrl: ORIGIN });
});

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

const fetchPath = (path: string, init: RequestInit = {}) =>
  gateway.fetch(new Request(`${ORIGIN}${path}`, init));

async function userWithAvatar() {
  const user = await core.users.createUser(userInput("pic"));
  const updated = await core.avatars.setAvatar(user.id, new Uint8Array(PNG), ORIGIN);
  return { id: user.id, path: new URL(updated.avatarUrl!).pathname };
}

describe("GET /uploads/-/system/user/avatar/:id/avatar.<ext>", () => {
  it("serves the stored bytes with their type, an ETag, and revalidation on each use", async () => {
    const { id, path } = await userWithAvatar();
    expect(path).toBe(`/uploads/-/system/user/avatar/${id}/avatar.png`);
    const res = await fetchPath(path);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      "content-type": "image/png",
      "content-length": String(PNG.length),
      "cache-control": "public, max-age=0, must-revalidate",
      "x-content-type-options": "nosniff",
      etag: expect.stringMatching(/^"[\w-]+"$/),
      "last-modified": expect.stringMatching(/ GMT$/),
    });
  });

  it("If-None-Match with its ETag (strong, weak or in a list) → 304 without a body; another ETag → 200", async () => {
    const { path } = await userWithAvatar();
    const etag = (await fetchPath(path)).headers.get("etag")!;
    for (const candidates of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const res = await fetchPath(path, { headers: { "If-None-Match": candidates } });
      expect(res.status).toBe(304);
      expect(res.headers.get("etag")).toBe(etag);
      expect(await res.text()).toBe("");
    }
    expect((await fetchPath(path, { headers: { "If-None-Match": '"other"' } })).status).toBe(200);
  });

  it("a new upload changes the ETag", async () => {
    const { id, path } = await userWithAvatar();
    const before = (await fetchPath(path)).headers.get("etag");
    const other = Buffer.concat([PNG, Buffer.from([0])]);
    await core.avatars.setAvatar(id, new Uint8Array(other), ORIGIN);
    const res = await fetchPath(path);
    expect(res.headers.get("etag")).not.toBe(before);
    expect(Buffer.from(await res.arrayBuffer()).equals(other)).toBe(true);
  });

  it("HEAD → the headers without the body", async () => {
    const { path } = await userWithAvatar();
    const res = await fetchPath(path, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(await res.text()).toBe("");
  });

  it("an unknown user, a user without an avatar, another extension, or another file name → 404", async () => {
    const { id } = await userWithAvatar();
    const plain = await core.users.createUser(userInput("plain"));
    for (const path of [
      "/uploads/-/system/user/avatar/987654321/avatar.png",
      "/uploads/-/system/user/avatar/99999999999999999999/avatar.png",
      `/uploads/-/system/user/avatar/${plain.id}/avatar.png`,
      `/uploads/-/system/user/avatar/${id}/avatar.gif`,
      `/uploads/-/system/user/avatar/${id}/me.png`,
      `/uploads/-/system/user/avatar/${id}/avatar.png/x`,
      "/uploads/-/system/user/avatar/abc/avatar.png",
      "/uploads/-/system/user/avatar",
    ])
      expect((await fetchPath(path)).status, path).toBe(404);
  });

  it("deleting the user takes its avatar with it → 404", async () => {
    const { id, path } = await userWithAvatar();
    await core.users.deleteUser(1, id);
    expect((await fetchPath(path)).status).toBe(404);
  });

  it("other methods → 405 with Allow; paths that only begin alike stay api.github.com's", async () => {
    const { path } = await userWithAvatar();
    const res = await fetchPath(path, { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
    expect(
      await read(
        await fetchPath("/uploads/-/system/user/avatarx/1/avatar.png", { headers: { "User-Agent": "t" } }),
      ),
    ).toMatchObject({
      status: 404,
      body: { message: "Not Found", status: "404" },
    });
  });
});
