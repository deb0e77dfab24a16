import { userInput } from "@follow-graph/core/testing";
import { MAX_REQUEST_TARGET } from "@follow-graph/http";
import { describe, expect, it } from "vitest";
import { createGitLabApp } from "./app.ts";
import { API, ROOT_TOKEN, read, setupGitLab } from "./testing.ts";

const MAX_BODY_BYTES = 1024;
const h = setupGitLab({ maxBodyBytes: MAX_BODY_BYTES });

const TOO_LARGE = { status: 413, body: { message: "413 Request Entity Too Large" } };
const TOO_LONG = { status: 414, body: { message: "414 Request-URI Too Large" } };

/** A JSON body for POST /users, padded with trailing spaces (still JSON) to exactly `bytes`. */
const newUserJson = (bytes: number) => {
  const json = JSON.stringify({ ...userInput("limit"), password: "S3cure-pass-123!" });
  return json.padEnd(bytes, " ");
};

// The limits are the adapter's own, whatever the engine: run them once.
describe.skipIf(process.env.TEST_DATABASE_URL)("MAX_BODY_BYTES", () => {
  const post = (body: string, contentType = "application/json", token: string | undefined = ROOT_TOKEN) =>
    h.post("/users", { token, body, contentType });

  it("a body at the limit is read and acted on", async () => {
    expect((await post(newUserJson(MAX_BODY_BYTES))).status).toBe(201);
  });

  it("one byte over → 413 in GitLab's shape, and nothing stored", async () => {
    const before = await h.snapshot();
    expect(await read(await post(newUserJson(MAX_BODY_BYTES + 1)))).toEqual(TOO_LARGE);
    const form = `name=x&scopes[]=api&description=${"d".repeat(MAX_BODY_BYTES)}`;
    expect(
      await read(
        await h.post("/users/1/personal_access_tokens", {
          token: ROOT_TOKEN,
          body: form,
          contentType: "application/x-www-form-urlencoded",
        }),
      ),
    ).toEqual(TOO_LARGE);
    expect(await h.snapshot()).toBe(before);
  });

  it("a Content-Length over the limit → 413 before routing or authentication, and the connection closes", async () => {
    const res = await h.post("/users/1/follow", {
      headers: { "Content-Length": String(MAX_BODY_BYTES + 1) },
      body: "x".repeat(MAX_BODY_BYTES + 1),
    });
    expect(res.headers.get("connection")).toBe("close");
    expect(await read(res)).toEqual(TOO_LARGE);
  });
});

describe.skipIf(process.env.TEST_DATABASE_URL)("request target length", () => {
  const followers = "/users/1/followers";
  /** A followers URL whose target (path and query) is exactly `length` characters. */
  const target = (length: number) => {
    const prefix = `/api/v4${followers}?q=`;
    return `${API}${followers}?q=${"x".repeat(length - prefix.length)}`;
  };

  it(`up to ${MAX_REQUEST_TARGET} characters is answered; the unknown parameter stays out of Link`, async () => {
    const res = await h.get(target(MAX_REQUEST_TARGET), { token: ROOT_TOKEN });
    expect(res.status).toBe(200);
    expect(res.headers.get("link")).not.toContain("q=");
  });

  it("one more → 414 in GitLab's shape; a 9 KB target too", async () => {
    expect(await read(await h.get(target(MAX_REQUEST_TARGET + 1), { token: ROOT_TOKEN }))).toEqual(TOO_LONG);
    expect(await read(await h.get(target(9 * 1024)))).toEqual(TOO_LONG);
  });
});

describe.skipIf(process.env.TEST_DATABASE_URL)("Vary: Host", () => {
  it("without a public URL, URLs come from Host, so every answer varies on it", async () => {
    const app = createGitLabApp({ core: h.core });
    const res = await app.request("http://elsewhere.test/api/v4/users?username=root");
    expect(res.status).toBe(200);
    expect((await res.json()) as { web_url: string }[]).toMatchObject([
      { web_url: "http://elsewhere.test/root" },
    ]);
    expect(res.headers.get("vary")).toContain("Host");
    expect((await app.request("http://elsewhere.test/api/v4/user")).headers.get("vary")).toContain("Host");
  });

  it("with a public URL, Host changes nothing and Vary leaves it out", async () => {
    const res = await h.get("/users?username=root");
    expect(res.status).toBe(200);
    expect(res.headers.get("vary") ?? "").not.toContain("Host");
  });
});
