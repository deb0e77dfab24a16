import { beforeAll, describe, expect, it } from "vitest";
import { ROOT_TOKEN, read, type Seeded, setupGitLab } from "./testing.ts";

const h = setupGitLab();

const MALFORMED = { status: 400, body: { error: "message body does not match declared format" } };
const USER_NOT_FOUND = { status: 404, body: { message: "404 User Not Found" } };
const HUGE_IDS = ["99999999999999999999", "9223372036854775807", "9223372036854775808", "9007199254740993"];

let alice: Seeded;
let bob: Seeded;
beforeAll(async () => {
  [alice, bob] = (await h.users(2)) as [Seeded, Seeded];
  await h.follow(alice.user.id, bob.user.id);
});

/** Runs `act` and checks that nothing stored changed. */
async function unchanged(act: () => Promise<void>) {
  const before = await h.snapshot();
  await act();
  expect(await h.snapshot()).toBe(before);
}

describe("Bad input", () => {
  it.each([
    ["not JSON", "{not json"],
    ["truncated JSON", '{"username":'],
    ["a JSON array", "[1,2]"],
    ["a JSON string", '"alice"'],
    ["JSON null", "null"],
    ["a JSON number", "42"],
  ])("a body that is %s → 400 message body does not match declared format", async (_what, body) => {
    await unchanged(async () => {
      const json = { token: ROOT_TOKEN, body, contentType: "application/json" };
      expect(await read(await h.post("/users", json))).toEqual(MALFORMED);
      expect(await read(await h.put(`/users/${alice.user.id}`, json))).toEqual(MALFORMED);
      expect(await read(await h.post(`/users/${alice.user.id}/personal_access_tokens`, json))).toEqual(
        MALFORMED,
      );
    });
  });

  it("wrongly typed fields → 400 <field> is invalid", async () => {
    await unchanged(async () => {
      expect(
        await read(await h.put(`/users/${alice.user.id}`, { token: ROOT_TOKEN, json: { name: 5 } })),
      ).toEqual({
        status: 400,
        body: { error: "name is invalid" },
      });
      const maybe = { private_profile: "maybe" };
      expect(await read(await h.put(`/users/${alice.user.id}`, { token: ROOT_TOKEN, json: maybe }))).toEqual({
        status: 400,
        body: { error: "private_profile is invalid" },
      });
      const tokenBody = { name: "x", scopes: ["api"], expires_at: "31/12/2099" };
      expect(
        await read(
          await h.post(`/users/${alice.user.id}/personal_access_tokens`, {
            token: ROOT_TOKEN,
            json: tokenBody,
          }),
        ),
      ).toEqual({ status: 400, body: { error: "expires_at is invalid" } });
    });
  });

  it.each(HUGE_IDS)("id %s → 404 User Not Found on every user route, never 500", async (id) => {
    await unchanged(async () => {
      const token = alice.token;
      expect(await read(await h.get(`/users/${id}`, { token }))).toEqual(USER_NOT_FOUND);
      expect(await read(await h.get(`/users/${id}/followers`, { token }))).toEqual(USER_NOT_FOUND);
      expect(await read(await h.get(`/users/${id}/following`, { token }))).toEqual(USER_NOT_FOUND);
      expect(await read(await h.post(`/users/${id}/follow`, { token }))).toEqual(USER_NOT_FOUND);
      expect(await read(await h.post(`/users/${id}/unfollow`, { token }))).toEqual(USER_NOT_FOUND);
      expect(await read(await h.put(`/users/${id}`, { token: ROOT_TOKEN, json: { name: "x" } }))).toEqual(
        USER_NOT_FOUND,
      );
      expect(await read(await h.post(`/users/${id}/block`, { token: ROOT_TOKEN }))).toEqual(USER_NOT_FOUND);
      const json = { name: "x", scopes: ["api"] };
      expect(
        await read(await h.post(`/users/${id}/personal_access_tokens`, { token: ROOT_TOKEN, json })),
      ).toEqual(USER_NOT_FOUND);
      expect(await read(await h.request("DELETE", `/personal_access_tokens/${id}`, { token }))).toEqual({
        status: 404,
        body: { message: "404 Personal Access Token Not Found" },
      });
    });
  });

  it.each(HUGE_IDS)("Sudo: %s names nobody → 404, never 500", async (id) => {
    await unchanged(async () => {
      expect(await read(await h.get("/user", { token: ROOT_TOKEN, headers: { Sudo: id } }))).toEqual({
        status: 404,
        body: { message: `404 User with ID or username '${id}' Not Found` },
      });
    });
  });

  it("a huge id without credentials is still 401 on POST and 403 on GET (credentials are checked first)", async () => {
    await unchanged(async () => {
      expect((await h.post(`/users/${HUGE_IDS[0]}/follow`)).status).toBe(401);
      expect((await h.get(`/users/${HUGE_IDS[0]}/followers`)).status).toBe(403);
    });
  });

  it("huge page and per_page numbers → 200, [] past the end, per_page clamped", async () => {
    await unchanged(async () => {
      const token = alice.token;
      for (const path of [`/users/${bob.user.id}/followers`, `/users/${alice.user.id}/following`, "/users"]) {
        const res = await h.get(`${path}?page=99999999999999999999`, { token });
        expect(await read(res.clone())).toEqual({ status: 200, body: [] });
        expect(res.headers.get("x-page")).toBe("99999999999999999999");
        expect(res.headers.get("x-next-page")).toBe("");
      }
      const res = await h.get(`/users/${bob.user.id}/followers?per_page=99999999999999999999&page=1`, {
        token,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-per-page")).toBe("100");
      expect(((await res.json()) as { id: number }[]).map((u) => u.id)).toEqual([alice.user.id]);
    });
  });

  it("a username no one can have (NUL byte, very long) → 200 [], never 500", async () => {
    await unchanged(async () => {
      for (const username of ["a%00b", "x".repeat(5000), "%F0%9F%98%80"]) {
        expect(await read(await h.get(`/users?username=${username}`, { token: alice.token }))).toEqual({
          status: 200,
          body: [],
        });
      }
    });
  });

  it("a Sudo username with a NUL byte (query form) → 404, never 500", async () => {
    await unchanged(async () => {
      const res = await h.get("/user?sudo=a%00b", { token: ROOT_TOKEN });
      expect(res.status).toBe(404);
    });
  });
});

describe("Bad input: NUL bytes in bodies", () => {
  it("a user field with a NUL byte → 400 field error, never 500", async () => {
    await unchanged(async () => {
      const res = await h.put(`/users/${alice.user.id}`, { token: ROOT_TOKEN, json: { name: "a\u0000b" } });
      expect(await read(res)).toEqual({
        status: 400,
        body: { message: { name: ["cannot contain null bytes"] } },
      });
    });
  });

  it("a token name with a NUL byte → 400, never 500", async () => {
    await unchanged(async () => {
      const json = { name: "a\u0000b", scopes: ["api"] };
      const res = await h.post(`/users/${alice.user.id}/personal_access_tokens`, { token: ROOT_TOKEN, json });
      expect(await read(res)).toEqual({ status: 400, body: { error: "name is invalid" } });
    });
  });
});

describe("Grape reads the body before any endpoint code", () => {
  it("a malformed JSON body is a 400 before authentication, on follow routes and admin routes alike", async () => {
    await unchanged(async () => {
      const bad = { body: "{oops", contentType: "application/json" };
      expect(
        await read(await h.post(`/users/${bob.user.id}/follow`, { token: alice.token, ...bad })),
      ).toEqual(MALFORMED);
      expect(await read(await h.post("/users", bad))).toEqual(MALFORMED);
    });
  });

  it("an unknown route stays a 404 whatever its body", async () => {
    const bad = { body: "{oops", contentType: "application/json" };
    expect(await read(await h.post("/nowhere", bad))).toEqual({
      status: 404,
      body: { error: "404 Not Found" },
    });
  });

  it("private_token and sudo may come in a form or JSON body, as Grape merges body params", async () => {
    const form = await h.post(`/users/${alice.user.id}/follow`, {
      body: new URLSearchParams({ private_token: bob.token }).toString(),
      contentType: "application/x-www-form-urlencoded",
    });
    expect(form.status).toBe(201);
    const sudo = await h.post(`/users/${bob.user.id}/unfollow`, {
      token: ROOT_TOKEN,
      json: { sudo: alice.user.username },
    });
    expect(sudo.status).toBe(201);
    expect(await h.edgeStored(alice.user.id, bob.user.id)).toBe(false);
  });
});

describe("parameter names that Object.prototype also has", () => {
  const NAMES = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty"];
  const FORM = "application/x-www-form-urlencoded";
  let fan: Seeded;
  let idol: Seeded;
  beforeAll(async () => {
    [fan, idol] = (await h.users(2)) as [Seeded, Seeded];
    await h.follow(fan.user.id, idol.user.id);
  });

  it.each(NAMES)(
    "%s, bare and with [], in the query is a plain parameter on every kind of route",
    async (name) => {
      await unchanged(async () => {
        for (const q of [`${name}[]=x`, `${name}=x`, `${name}[]=x&${name}[]=y`]) {
          const lists = await h.get(`/users/${idol.user.id}/followers?${q}`, { token: fan.token });
          expect(lists.status).toBe(200);
          expect(lists.headers.get("link")).not.toContain(name);
          expect(await read(await h.get(`/users/${idol.user.id}/followers?${q}`))).toEqual({
            status: 403,
            body: { message: "403 Forbidden - Not authorized!" },
          });
          expect((await h.get(`/users?${q}&username=${fan.user.username}`)).status).toBe(200);
          expect(await read(await h.post(`/users/${idol.user.id}/follow?${q}`))).toEqual({
            status: 401,
            body: { message: "401 Unauthorized" },
          });
          // Already following: GitLab's bodiless 304.
          expect((await h.post(`/users/${idol.user.id}/follow?${q}`, { token: fan.token })).status).toBe(304);
        }
      });
    },
  );

  it.each(NAMES)("%s, bare and with [], in a form body is a plain parameter", async (name) => {
    await unchanged(async () => {
      for (const body of [`${name}[]=1`, `${name}=1`, `${name}=1&${name}[]=2`]) {
        expect(
          await read(await h.post(`/users/${idol.user.id}/follow`, { body, contentType: FORM })),
        ).toEqual({
          status: 401,
          body: { message: "401 Unauthorized" },
        });
        const follow = { token: fan.token, body, contentType: FORM };
        expect((await h.post(`/users/${idol.user.id}/follow`, follow)).status).toBe(304);
        expect(await read(await h.post("/users", { token: ROOT_TOKEN, body, contentType: FORM }))).toEqual({
          status: 400,
          body: { error: "email is missing, name is missing, username is missing" },
        });
      }
    });
  });

  it.each(NAMES)("%s as a JSON key is a field like any other, never the object's prototype", async (name) => {
    await unchanged(async () => {
      const body = `{"${name}": {"private_token": "${ROOT_TOKEN}", "admin": true}, "name": "renamed"}`;
      const json = { body, contentType: "application/json" };
      expect(await read(await h.put(`/users/${fan.user.id}`, json))).toEqual({
        status: 401,
        body: { message: "401 Unauthorized" },
      });
      expect(await read(await h.post(`/users/${idol.user.id}/follow`, json))).toEqual({
        status: 401,
        body: { message: "401 Unauthorized" },
      });
      expect(
        await read(
          await h.post("/users", {
            token: ROOT_TOKEN,
            body: `{"${name}": []}`,
            contentType: "application/json",
          }),
        ),
      ).toEqual({ status: 400, body: { error: "email is missing, name is missing, username is missing" } });
    });
    // The field beside it still applies, and the nested object granted nothing.
    const renamed = {
      token: ROOT_TOKEN,
      body: `{"${name}": {"admin": true}, "name": "Renamed ${name}"}`,
      contentType: "application/json",
    };
    expect(await read(await h.put(`/users/${idol.user.id}`, renamed))).toMatchObject({
      status: 200,
      body: { name: `Renamed ${name}`, is_admin: false },
    });
  });
});
