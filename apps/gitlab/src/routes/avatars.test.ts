import { rowsOf, sql, userInput } from "@follow-graph/core/testing";
import { describe, expect, it } from "vitest";
import { API, PUBLIC_URL, ROOT_TOKEN, read, setupGitLab } from "../testing.ts";

// A body limit above the 200 KiB avatar cap, so both refusals can be reached.
const MAX_BODY_BYTES = 300 * 1024;
const h = setupGitLab({ maxBodyBytes: MAX_BODY_BYTES });

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const GIF = Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");
const MALFORMED = { status: 400, body: { error: "message body does not match declared format" } };
const TOO_BIG = { status: 400, body: { message: { avatar: ["is too big (should be at most 200 KB)"] } } };
const NOT_AN_IMAGE = {
  status: 400,
  body: {
    message: {
      avatar: [
        "file format is not supported. Please try one of the following supported formats: png, jpg, jpeg, gif, bmp, tiff, ico, webp",
      ],
    },
  },
};

type Field = string | { bytes: Uint8Array; filename: string; type?: string };

function form(fields: Record<string, Field>): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields))
    if (typeof value === "string") body.append(name, value);
    else body.append(name, new Blob([value.bytes], { type: value.type ?? "image/png" }), value.filename);
  return body;
}

/** A request whose body is sent as given: FormData (fetch picks the boundary) or raw bytes. */
const send = (method: string, path: string, body: FormData | string, headers: Record<string, string> = {}) =>
  h.app.request(`${API}${path}`, { method, headers: { "PRIVATE-TOKEN": ROOT_TOKEN, ...headers }, body });

const newUserFields = (extra: Record<string, Field> = {}) => ({
  ...userInput("upl"),
  password: "S3cure-pass-123!",
  ...extra,
});

const avatarPathOf = (id: number, extension: string) =>
  `${PUBLIC_URL}/uploads/-/system/user/avatar/${id}/avatar.${extension}`;

/** Everything stored, uploaded avatars included. */
async function stored(): Promise<string> {
  const avatars = await h.t.database.db.execute(
    sql`select user_id, content_type, encode(bytes, 'hex') as bytes from user_avatars order by user_id`,
  );
  return `${await h.snapshot()}${JSON.stringify(rowsOf(avatars))}`;
}

async function unchanged(act: () => Promise<void>) {
  const before = await stored();
  await act();
  expect(await stored()).toBe(before);
}

const oversized = () => {
  const bytes = new Uint8Array(200 * 1024 + 1);
  bytes.set(PNG);
  return bytes;
};

describe("POST /users with multipart/form-data (python-gitlab's and curl -F's form)", () => {
  it("fields alone → 201, as with JSON", async () => {
    const fields = newUserFields({ bio: "from a form" });
    const { status, body } = await read(await send("POST", "/users", form(fields)));
    expect(status).toBe(201);
    expect(body).toMatchObject({ username: fields.username, email: fields.email, bio: "from a form" });
  });

  it("with an avatar → 201 whose avatar_url is where the image is served, bytes stored as sent", async () => {
    const fields = newUserFields({ avatar: { bytes: PNG, filename: "me.png" } });
    const { status, body } = await read(await send("POST", "/users", form(fields)));
    expect(status).toBe(201);
    const user = body as { id: number; avatar_url: string };
    expect(user.avatar_url).toBe(avatarPathOf(user.id, "png"));
    const avatar = await h.core.avatars.readAvatar(user.id);
    expect(avatar?.contentType).toBe("image/png");
    expect(Buffer.from(avatar!.bytes).equals(PNG)).toBe(true);
    // GET /users/:id shows the same URL.
    expect((await read(await h.get(`/users/${user.id}`, { token: ROOT_TOKEN }))).body).toMatchObject({
      avatar_url: user.avatar_url,
    });
  });

  it("Booleans in python-gitlab's spelling (True/False) are Grape's Booleans", async () => {
    const fields = newUserFields({
      private_profile: "True",
      admin: "False",
      avatar: { bytes: PNG, filename: "p.png" },
    });
    expect(await read(await send("POST", "/users", form(fields)))).toMatchObject({
      status: 201,
      body: { private_profile: true, is_admin: false },
    });
  });

  it("the type comes from the bytes, not from the name or Content-Type the client gave", async () => {
    const fields = newUserFields({ avatar: { bytes: GIF, filename: "me.png", type: "image/png" } });
    const { body } = await read(await send("POST", "/users", form(fields)));
    const user = body as { id: number; avatar_url: string };
    expect(user.avatar_url).toBe(avatarPathOf(user.id, "gif"));
    expect((await h.core.avatars.readAvatar(user.id))?.contentType).toBe("image/gif");
  });

  it("an avatar over 200 KiB → 400 is too big; no user is created", async () => {
    await unchanged(async () => {
      const fields = newUserFields({ avatar: { bytes: oversized(), filename: "big.png" } });
      expect(await read(await send("POST", "/users", form(fields)))).toEqual(TOO_BIG);
    });
  });

  it.each([
    ["HTML", Buffer.from("<html><script>alert(1)</script></html>"), "evil.png"],
    ["SVG", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), "logo.svg"],
    ["an empty file", Buffer.alloc(0), "empty.png"],
  ])(
    "an avatar that is %s → 400 file format is not supported; no user is created",
    async (_what, bytes, filename) => {
      await unchanged(async () => {
        const fields = newUserFields({ avatar: { bytes, filename } });
        expect(await read(await send("POST", "/users", form(fields)))).toEqual(NOT_AN_IMAGE);
      });
    },
  );

  it("avatar sent as a text field, not a file → 400 avatar is invalid", async () => {
    await unchanged(async () => {
      expect(await read(await send("POST", "/users", form(newUserFields({ avatar: "me.png" }))))).toEqual({
        status: 400,
        body: { error: "avatar is invalid" },
      });
    });
  });

  it("a missing required field is still reported before the avatar is looked at", async () => {
    await unchanged(async () => {
      const { email: _email, ...fields } = newUserFields({
        avatar: { bytes: oversized(), filename: "b.png" },
      });
      expect(await read(await send("POST", "/users", form(fields)))).toEqual({
        status: 400,
        body: { error: "email is missing" },
      });
    });
  });
});

describe("PUT /users/:id with multipart/form-data", () => {
  it("changes fields and the avatar together → 200 with the new avatar_url", async () => {
    const { user } = await h.user();
    const res = await send(
      "PUT",
      `/users/${user.id}`,
      form({ bio: "new bio", avatar: { bytes: PNG, filename: "a.png" } }),
    );
    expect(await read(res)).toMatchObject({
      status: 200,
      body: { id: user.id, bio: "new bio", avatar_url: avatarPathOf(user.id, "png") },
    });
    const again = await send("PUT", `/users/${user.id}`, form({ avatar: { bytes: GIF, filename: "a.gif" } }));
    expect((await read(again)).body).toMatchObject({ avatar_url: avatarPathOf(user.id, "gif") });
    expect((await h.core.avatars.readAvatar(user.id))?.contentType).toBe("image/gif");
  });

  it("a refused avatar changes nothing, not even the fields sent with it", async () => {
    const { user } = await h.user();
    await send("PUT", `/users/${user.id}`, form({ avatar: { bytes: PNG, filename: "a.png" } }));
    await unchanged(async () => {
      const big = form({ bio: "not stored", avatar: { bytes: oversized(), filename: "b.png" } });
      expect(await read(await send("PUT", `/users/${user.id}`, big))).toEqual(TOO_BIG);
      const html = form({
        bio: "not stored",
        avatar: { bytes: Buffer.from("<p>hi</p>"), filename: "c.png" },
      });
      expect(await read(await send("PUT", `/users/${user.id}`, html))).toEqual(NOT_AN_IMAGE);
    });
  });

  it("an unknown user → 404, and no avatar is stored for it", async () => {
    await unchanged(async () => {
      expect(
        await read(
          await send("PUT", "/users/987654321", form({ avatar: { bytes: PNG, filename: "a.png" } })),
        ),
      ).toEqual({ status: 404, body: { message: "404 User Not Found" } });
    });
  });

  it("__proto__ and constructor[] are ordinary field names in a multipart body too", async () => {
    const { user } = await h.user();
    const fields = form({ __proto__: "x", "constructor[]": "1", name: "Proto Safe" });
    expect(await read(await send("PUT", `/users/${user.id}`, fields))).toMatchObject({
      status: 200,
      body: { name: "Proto Safe" },
    });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe("malformed and oversized multipart bodies", () => {
  const multipart = (boundary: string) => ({ "Content-Type": `multipart/form-data; boundary=${boundary}` });

  it.each([
    ["no closing boundary", '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n'],
    [
      "a boundary other than the declared one",
      '--other\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--other--\r\n',
    ],
    ["a part without Content-Disposition", "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n"],
    ["plain text", "name=x"],
  ])("%s → 400 message body does not match declared format; nothing changes", async (_what, body) => {
    const { user } = await h.user();
    await unchanged(async () => {
      expect(await read(await send("POST", "/users", body, multipart("b")))).toEqual(MALFORMED);
      expect(await read(await send("PUT", `/users/${user.id}`, body, multipart("b")))).toEqual(MALFORMED);
    });
  });

  it("a multipart Content-Type without a boundary → 400 malformed", async () => {
    await unchanged(async () => {
      const res = await send("POST", "/users", "--b\r\n\r\n--b--\r\n", {
        "Content-Type": "multipart/form-data",
      });
      expect(await read(res)).toEqual(MALFORMED);
    });
  });

  it("a body over the limit → 413, declared by Content-Length or streamed without one", async () => {
    const TOO_LARGE = { status: 413, body: { message: "413 Request Entity Too Large" } };
    await unchanged(async () => {
      const big = form(
        newUserFields({ avatar: { bytes: new Uint8Array(MAX_BODY_BYTES + 1), filename: "x.png" } }),
      );
      expect(await read(await send("POST", "/users", big))).toEqual(TOO_LARGE);
      const chunk = new TextEncoder().encode(
        `--b\r\nContent-Disposition: form-data; name="bio"\r\n\r\n${"x".repeat(64 * 1024)}`,
      );
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 8) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const res = await h.app.request(`${API}/users`, {
        method: "POST",
        headers: { "PRIVATE-TOKEN": ROOT_TOKEN, ...multipart("b") },
        body: stream,
        duplex: "half",
      } as RequestInit);
      expect(await read(res)).toEqual(TOO_LARGE);
    });
  });

  it("an empty multipart body reads as no fields → 400 for the missing ones", async () => {
    expect(await read(await send("POST", "/users", "", multipart("b")))).toEqual({
      status: 400,
      body: { error: "email is missing, name is missing, username is missing" },
    });
  });
});
