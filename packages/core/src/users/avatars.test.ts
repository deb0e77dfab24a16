import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, rowsOf, sql, type TestDatabase, userInput } from "../testing/index.ts";
import { AVATAR_FORMATS, checkAvatar, MAX_AVATAR_BYTES } from "./avatars.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.cleanup());

// A real 1×1 PNG, and the first bytes of a file of each other accepted format.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(
    parts.flatMap((part) => (typeof part === "string" ? [...Buffer.from(part, "latin1")] : part)),
  );
const SAMPLES: Record<string, Uint8Array> = {
  png: new Uint8Array(PNG),
  jpg: bytes([0xff, 0xd8, 0xff, 0xe0], "\0\x10JFIF"),
  gif: bytes("GIF89a", [1, 0, 1, 0]),
  bmp: bytes("BM", new Array(24).fill(0)),
  tiff: bytes("II*\0", [8, 0, 0, 0]),
  ico: bytes([0, 0, 1, 0, 1, 0]),
  webp: bytes("RIFF", [0x1a, 0, 0, 0], "WEBPVP8 "),
};

const avatarCount = async (userId: number) =>
  rowsOf(await t.database.db.execute(sql`select 1 from user_avatars where user_id = ${userId}`)).length;

describe("checkAvatar", () => {
  it.each(AVATAR_FORMATS.map((f) => [f.extension, f.contentType]))(
    "recognises %s by its magic bytes as %s",
    (extension, contentType) => {
      expect(checkAvatar(SAMPLES[extension]!)).toMatchObject({ extension, contentType });
    },
  );

  it.each([
    ["HTML", bytes("<html><script>alert(1)</script>")],
    ["SVG", bytes('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ["an empty file", new Uint8Array()],
    ["a truncated PNG signature", new Uint8Array(PNG.subarray(0, 7))],
    ["a RIFF that is not WebP", bytes("RIFF", [0, 0, 0, 0], "WAVEfmt ")],
    ["an ICO header with no images", bytes([0, 0, 1, 0, 0, 0])],
  ])("refuses %s as not_an_image", (_what, upload) => {
    expect(() => checkAvatar(upload)).toThrow(
      expect.objectContaining({ code: "avatar_refused", data: { reason: "not_an_image" } }),
    );
  });

  it("takes 200 KiB exactly and refuses one byte more as too_large, before looking at the type", () => {
    const atLimit = new Uint8Array(MAX_AVATAR_BYTES);
    atLimit.set(PNG);
    expect(checkAvatar(atLimit).extension).toBe("png");
    const over = new Uint8Array(MAX_AVATAR_BYTES + 1);
    over.set(PNG);
    expect(() => checkAvatar(over)).toThrow(
      expect.objectContaining({ code: "avatar_refused", data: { reason: "too_large", maxBytes: 204800 } }),
    );
  });
});

describe("setAvatar / readAvatar", () => {
  it("stores the bytes, points avatarUrl at GitLab's upload path on the origin, and reads them back", async () => {
    const user = await t.core.users.createUser(userInput());
    const updated = await t.core.avatars.setAvatar(user.id, SAMPLES.png!, "http://graph.test");
    expect(updated.avatarUrl).toBe(`http://graph.test/uploads/-/system/user/avatar/${user.id}/avatar.png`);
    expect((await t.core.users.findUser(user.id))?.avatarUrl).toBe(updated.avatarUrl);
    const stored = await t.core.avatars.readAvatar(user.id);
    expect(stored).toMatchObject({ contentType: "image/png", extension: "png" });
    expect(Buffer.from(stored!.bytes).equals(PNG)).toBe(true);
    expect(stored!.updatedAt).toBeInstanceOf(Date);
  });

  it("a second upload replaces the first, format and URL included", async () => {
    const user = await t.core.users.createUser(userInput());
    await t.core.avatars.setAvatar(user.id, SAMPLES.png!, "http://graph.test");
    const updated = await t.core.avatars.setAvatar(user.id, SAMPLES.gif!, "http://graph.test");
    expect(updated.avatarUrl).toMatch(/\/avatar\.gif$/);
    expect(await t.core.avatars.readAvatar(user.id)).toMatchObject({
      contentType: "image/gif",
      extension: "gif",
    });
    expect(await avatarCount(user.id)).toBe(1);
  });

  it("a refused upload stores nothing and leaves the user as it was", async () => {
    const user = await t.core.users.createUser(userInput());
    await expect(
      t.core.avatars.setAvatar(user.id, bytes("<html>"), "http://graph.test"),
    ).rejects.toMatchObject({
      code: "avatar_refused",
    });
    expect(await avatarCount(user.id)).toBe(0);
    expect((await t.core.users.findUser(user.id))?.avatarUrl).toBeNull();
  });

  it("an unknown user → user_not_found; reading one, or an id nobody can have, → null", async () => {
    await expect(
      t.core.avatars.setAvatar(987654321, SAMPLES.png!, "http://graph.test"),
    ).rejects.toMatchObject({
      code: "user_not_found",
    });
    expect(await t.core.avatars.readAvatar(987654321)).toBeNull();
    expect(await t.core.avatars.readAvatar(2 ** 63)).toBeNull();
  });

  it("deleting the user deletes its avatar", async () => {
    const user = await t.core.users.createUser(userInput());
    await t.core.avatars.setAvatar(user.id, SAMPLES.webp!, "http://graph.test");
    await t.core.users.deleteUser(1, user.id);
    expect(await avatarCount(user.id)).toBe(0);
    expect(await t.core.avatars.readAvatar(user.id)).toBeNull();
  });
});
