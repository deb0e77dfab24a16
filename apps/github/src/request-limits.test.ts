import { MAX_REQUEST_TARGET } from "@follow-graph/http";
import { beforeAll, describe, expect, it } from "vitest";
import { createGitHubApp } from "./app.ts";
import { GHES, PUBLIC_URL, ROOT_TOKEN, read, type Seeded, setupGitHub } from "./testing.ts";

const MAX_BODY_BYTES = 1024;
const h = setupGitHub({ maxBodyBytes: MAX_BODY_BYTES });

const REST_DOCS = "https://docs.github.com/rest";
// A Content-Length over the limit is refused before routing, so before any operation is known.
const TOO_LARGE = {
  status: 413,
  body: {
    message: "Request Entity Too Large",
    documentation_url: REST_DOCS,
    status: "413",
  },
};

let fan: Seeded;
let idol: Seeded;
beforeAll(async () => {
  [fan, idol] = (await Promise.all([h.githubUser(), h.githubUser()])) as [Seeded, Seeded];
  await h.follow(fan.user.id, idol.user.id);
});

/** Runs `act` and checks that nothing stored changed. */
async function unchanged(act: () => Promise<void>) {
  const before = await h.snapshot();
  await act();
  expect(await h.snapshot()).toBe(before);
}

/** A body for POST /admin/users, padded with trailing spaces (still JSON) to exactly `bytes`. */
const newUserJson = (bytes: number, login: string) =>
  JSON.stringify({ login, email: `${login}@example.com` }).padEnd(bytes, " ");

// The limits are the adapter's own, whatever the engine: run them once.
describe.skipIf(process.env.TEST_DATABASE_URL)("MAX_BODY_BYTES", () => {
  const create = (body: string, token: string | null = ROOT_TOKEN) =>
    h.post("/api/v3/admin/users", {
      ...(token === null ? {} : { token }),
      body,
      headers: { "Content-Type": "application/json" },
    });

  it("a body at the limit is read and acted on", async () => {
    expect((await create(newUserJson(MAX_BODY_BYTES, "at-the-limit"))).status).toBe(201);
  });

  it("one byte over → 413 in GitHub's shape, the connection closed, nothing stored", async () => {
    await unchanged(async () => {
      const res = await create(newUserJson(MAX_BODY_BYTES + 1, "over-the-limit"));
      expect(res.headers.get("connection")).toBe("close");
      expect(res.headers.get("x-github-request-id")).toBeTruthy();
      expect(await read(res)).toEqual(TOO_LARGE);
    });
  });

  it("a caller refused anyway is refused before its body is looked at (within the limit)", async () => {
    const body = newUserJson(MAX_BODY_BYTES, "never-read");
    expect(await read(await create(body, null))).toMatchObject({
      status: 401,
      body: { message: "Requires authentication" },
    });
    expect(await read(await create(body, fan.token))).toMatchObject({
      status: 403,
      body: { message: "Must be a site administrator." },
    });
  });
});

describe.skipIf(process.env.TEST_DATABASE_URL)("request target length", () => {
  const path = (login: string) => `/api/v3/users/${login}/followers`;
  /** A followers URL whose target (path and query) is exactly `length` characters. */
  const target = (length: number) => {
    const prefix = `${path(idol.user.username)}?per_page=1&q=`;
    return `${PUBLIC_URL}${prefix}${"x".repeat(length - prefix.length)}`;
  };

  it(`up to ${MAX_REQUEST_TARGET} characters is answered; the unknown parameter stays out of Link`, async () => {
    await h.follow(idol.user.id, fan.user.id);
    const { user: other } = await h.user();
    await h.follow(other.id, idol.user.id);
    const res = await h.get(target(MAX_REQUEST_TARGET));
    expect(res.status).toBe(200);
    expect(res.headers.get("link")).toContain("per_page=1");
    expect(res.headers.get("link")).not.toContain("q=");
  });

  it("one more → 414 in GitHub's shape; a 9 KB target too", async () => {
    const tooLong = {
      status: 414,
      body: { message: "Request-URI Too Large", documentation_url: REST_DOCS, status: "414" },
    };
    expect(await read(await h.get(target(MAX_REQUEST_TARGET + 1)))).toEqual(tooLong);
    expect(await read(await h.get(`/users/x?q=${"x".repeat(9 * 1024)}`))).toEqual(tooLong);
  });
});

describe.skipIf(process.env.TEST_DATABASE_URL)("Vary: Host", () => {
  const get = (app: ReturnType<typeof createGitHubApp>, path: string) =>
    app.request(`http://elsewhere.test${path}`, { headers: { "User-Agent": "t" } });

  it("without a public URL, URLs come from Host, so answers vary on it, anonymous and signed in", async () => {
    const app = createGitHubApp({ core: h.core, basePath: "/api/v3" });
    const res = await get(app, "/api/v3/users/root");
    expect(res.headers.get("cache-control")).toMatch(/^public/);
    expect(((await res.json()) as { url: string }).url).toBe("http://elsewhere.test/api/v3/users/root");
    expect(res.headers.get("vary")).toMatch(/(^|, )Host$/);
    const signedIn = await app.request("http://elsewhere.test/api/v3/user", {
      headers: { "User-Agent": "t", Authorization: `token ${ROOT_TOKEN}` },
    });
    expect(signedIn.headers.get("vary")).toMatch(/Authorization.*(^|, )Host$/);
  });

  it("with a public URL, Vary is GitHub's own", async () => {
    const res = await h.get("/api/v3/users/root");
    expect(res.headers.get("vary")).toBe("Accept, Accept-Encoding, Accept, X-Requested-With");
  });
});

describe("parameter names that Object.prototype also has", () => {
  const NAMES = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty"];

  it.each(NAMES)("%s, bare and with [], in the query is a parameter like any other", async (name) => {
    await unchanged(async () => {
      for (const q of [`${name}[]=x`, `${name}=x`, `${name}[]=x&${name}[]=y`]) {
        const list = await h.get(`/api/v3/users/${idol.user.username}/followers?${q}`);
        expect(list.status).toBe(200);
        expect(list.headers.get("link")).toBeNull();
        expect((await h.get(`/user/followers?${q}`, { token: idol.token })).status).toBe(200);
        expect((await h.put(`/user/following/${idol.user.username}?${q}`, { token: fan.token })).status).toBe(
          204,
        );
        expect(await read(await h.post(`/api/v3/admin/users?${q}`, { json: {} }))).toMatchObject({
          status: 401,
          body: { message: "Requires authentication" },
        });
      }
    });
  });

  it.each(NAMES)("%s in a form body is GitHub's 400 like any form body", async (name) => {
    await unchanged(async () => {
      const body = `${name}[]=1&login=x`;
      expect(await read(await h.post("/api/v3/admin/users", { token: ROOT_TOKEN, body }))).toMatchObject({
        status: 400,
        body: { message: "Problems parsing JSON", status: "400" },
      });
    });
  });

  it.each(NAMES)("%s as a JSON key is a field like any other, never the object's prototype", async (name) => {
    await unchanged(async () => {
      // A login inherited through the prototype would create a user; the key grants nothing.
      const body = `{"${name}": {"login": "inherited", "email": "x@example.com"}}`;
      expect(
        await read(
          await h.post("/api/v3/admin/users", {
            token: ROOT_TOKEN,
            body,
            headers: { "Content-Type": "application/json" },
          }),
        ),
      ).toMatchObject({
        status: 422,
        body: { message: "Validation Failed", errors: [{ code: "missing_field", field: "login" }] },
      });
      expect(
        await read(
          await h.post(`${GHES}/admin/users/${idol.user.username}/authorizations`, {
            token: ROOT_TOKEN,
            body: `{"${name}": {"scopes": ["site_admin"]}}`,
          }),
        ),
      ).toMatchObject({ status: 422, body: { errors: [{ field: "scopes", code: "missing_field" }] } });
    });
  });
});
