import { describe, expect, it } from "vitest";
import { ENTERPRISE_VERSION } from "./headers.ts";
import { GHES, PUBLIC_URL, ROOT_TOKEN, read, setupGitHub } from "./testing.ts";

const h = setupGitHub();

/** Both mounts: api.github.com's at the root, GHES's under `/api/v3`. */
const LAYOUTS = [
  { layout: "api.github.com", prefix: "" },
  { layout: "GHES", prefix: "/api/v3" },
] as const;

const JSON_TYPE = "application/json; charset=utf-8";
const NOT_FOUND = { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" };
const VERSION_400 =
  '{"message":"Bad Request","errors":"The version you specified in the \\"X-GitHub-API-Version\\" request header, \\"1999-01-01\\", is not a supported version. The following versions are currently supported: \\"2026-03-10\\" (most recent) and \\"2022-11-28\\".","documentation_url":"https://docs.github.com/rest","status":"400"}';
const REQUEST_ID = /^[0-9A-F]+(?::[0-9A-F]+){4}$/i;
const WEAK_SHA256_ETAG = /^W\/"[0-9a-f]{64}"$/;

/** A comma-separated header as a list of its trimmed items. */
const items = (value: string | null) => (value ?? "").split(",").map((item) => item.trim());

/** A user with one follower, so its lists are not trivially empty. */
async function followedUser() {
  const [owner, fan] = await h.users(2);
  await h.follow(fan!.user.id, owner!.user.id);
  return { owner: owner!, fan: fan!, login: owner!.user.username };
}

describe.each(LAYOUTS)("X-GitHub-Api-Version ($layout)", ({ prefix }) => {
  it("selects 2022-11-28 when no version is asked for", async () => {
    const { login } = await followedUser();
    const res = await h.get(`${prefix}/users/${login}/followers`);
    expect(res.status).toBe(200);
    expect(res.headers.get("X-GitHub-Api-Version-Selected")).toBe("2022-11-28");
    // The request header has no echo of its own.
    expect(res.headers.get("X-GitHub-Api-Version")).toBeNull();
  });

  it.each([
    ["2026-03-10", "2026-03-10"],
    ["2022-11-28", "2022-11-28"],
    [" 2022-11-28 ", "2022-11-28"],
    ["\t2026 - 03 - 10", "2026-03-10"],
  ])("selects %j as %s", async (asked, selected) => {
    const { login } = await followedUser();
    const res = await h.get(`${prefix}/users/${login}/followers`, {
      headers: { "X-GitHub-Api-Version": asked },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("X-GitHub-Api-Version-Selected")).toBe(selected);
    expect((await read(res)).body).toHaveLength(1);
  });

  it("refuses an unknown version with GitHub's 400, errors being a string", async () => {
    const { owner, login } = await followedUser();
    const res = await h.get(`${prefix}/users/${login}/followers`, {
      token: owner.token,
      headers: { "X-GitHub-Api-Version": "1999-01-01" },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("Content-Type")).toBe(JSON_TYPE);
    expect(await res.text()).toBe(VERSION_400);
    expect(res.headers.get("X-GitHub-Api-Version-Selected")).toBeNull();
    expect(res.headers.get("X-GitHub-Request-Id")).toMatch(REQUEST_ID);
    // Still an API response: it varies and is not kept by caches like a 200.
    expect(items(res.headers.get("Vary"))).toContain("Accept");
    expect(res.headers.get("Cache-Control") ?? "").not.toMatch(/max-age=60/);
  });

  it("names the version as sent in the 400 (v3)", async () => {
    const { login } = await followedUser();
    const res = await h.get(`${prefix}/users/${login}/followers`, {
      headers: { "X-GitHub-Api-Version": "v3" },
    });
    expect(await read(res)).toEqual({
      status: 400,
      body: {
        message: "Bad Request",
        errors:
          'The version you specified in the "X-GitHub-API-Version" request header, "v3", is not a supported version. The following versions are currently supported: "2026-03-10" (most recent) and "2022-11-28".',
        documentation_url: "https://docs.github.com/rest",
        status: "400",
      },
    });
    expect(res.headers.get("X-GitHub-Api-Version-Selected")).toBeNull();
  });

  it("checks the version before credentials: a bad token with a bad version is a 400", async () => {
    const res = await h.get(`${prefix}/user/followers`, {
      token: "no-such-token",
      headers: { "X-GitHub-Api-Version": "1999-01-01" },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(VERSION_400);
  });

  it("checks the version before a missing token would be refused", async () => {
    const res = await h.get(`${prefix}/user/followers`, {
      headers: { "X-GitHub-Api-Version": "1999-01-01" },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(VERSION_400);
  });

  it("checks the version before routing: an unknown path is a 400", async () => {
    const res = await h.get(`${prefix}/no/such/route`, { headers: { "X-GitHub-Api-Version": "1999-01-01" } });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(VERSION_400);
  });

  it("stores nothing for a write sent with an unknown version", async () => {
    const [a, b] = await h.users(2);
    const before = await h.snapshot();
    const res = await h.put(`${prefix}/user/following/${b!.user.username}`, {
      token: a!.token,
      headers: { "X-GitHub-Api-Version": "1999-01-01" },
    });
    expect(res.status).toBe(400);
    expect(await h.snapshot()).toBe(before);
  });
});

describe.each(LAYOUTS)("media types ($layout)", ({ prefix }) => {
  it.each([
    ["application/vnd.github+json"],
    ["application/vnd.github.v3+json"],
    ["application/json"],
    ["*/*"],
    [undefined],
    ["application/vnd.github.merge-info-preview+json, application/vnd.github.nebula-preview"],
    ["application/vnd.github.squirrel-girl-preview"],
    ["text/html"],
    ["application/xml;q=0.9"],
    ["garbage"],
    [";;;,,,"],
  ])("Accept %j is served as JSON (github.v3; format=json)", async (accept) => {
    const { login, fan } = await followedUser();
    const res = await h.get(`${prefix}/users/${login}/followers`, {
      headers: accept === undefined ? {} : { Accept: accept },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("X-GitHub-Media-Type")).toBe("github.v3; format=json");
    expect(res.headers.get("Content-Type")).toBe(JSON_TYPE);
    const body = (await read(res)).body as { login: string }[];
    expect(body.map((u) => u.login)).toEqual([fan.user.username]);
  });

  it.each([["application/vnd.github.full+json"], ["application/vnd.github.v3.full+json"]])(
    "Accept %j names param=full",
    async (accept) => {
      const { owner } = await followedUser();
      const res = await h.get(`${prefix}/user/followers`, {
        token: owner.token,
        headers: { Accept: accept },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("X-GitHub-Media-Type")).toBe("github.v3; param=full; format=json");
      expect(res.headers.get("Content-Type")).toBe(JSON_TYPE);
    },
  );

  it("reports the media type on errors and 204s too", async () => {
    const [a, b] = await h.users(2);
    const put = await h.put(`${prefix}/user/following/${b!.user.username}`, {
      token: a!.token,
      headers: { Accept: "application/vnd.github.v3+json" },
    });
    expect(put.status).toBe(204);
    expect(put.headers.get("X-GitHub-Media-Type")).toBe("github.v3; format=json");
    const missing = await h.get(`${prefix}/users/no-such-user-anywhere/followers`, {
      headers: { Accept: "text/html" },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("X-GitHub-Media-Type")).toBe("github.v3; format=json");
    expect(missing.headers.get("Content-Type")).toBe(JSON_TYPE);
  });
});

describe.each(LAYOUTS)("headers on every response ($layout)", ({ layout, prefix }) => {
  const SECURITY_HEADERS: Record<string, string> = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers":
      "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset",
    "X-Frame-Options": "deny",
    "X-Content-Type-Options": "nosniff",
    "X-XSS-Protection": "0",
    "Referrer-Policy": "origin-when-cross-origin, strict-origin-when-cross-origin",
    "Content-Security-Policy": "default-src 'none'",
  };

  /** One response of each kind: 200, 204, 304, 400, 401 and 404. */
  async function responsesOfEveryKind() {
    const { owner, fan, login } = await followedUser();
    const ok = await h.get(`${prefix}/users/${login}/followers`);
    const etag = ok.headers.get("ETag")!;
    return {
      200: ok,
      204: await h.get(`${prefix}/users/${fan.user.username}/following/${login}`),
      304: await h.get(`${prefix}/users/${login}/followers`, { headers: { "If-None-Match": etag } }),
      400: await h.get(`${prefix}/user`, { headers: { "X-GitHub-Api-Version": "1999-01-01" } }),
      401: await h.get(`${prefix}/user`, { token: "not-a-token" }),
      404: await h.get(`${prefix}/users/${login}/following/${owner.user.username}`),
    };
  }

  it("carries a well-formed X-GitHub-Request-Id on every status", async () => {
    const responses = await responsesOfEveryKind();
    for (const [status, res] of Object.entries(responses)) {
      expect(res.status, status).toBe(Number(status));
      expect(res.headers.get("X-GitHub-Request-Id"), status).toMatch(REQUEST_ID);
    }
  });

  it("gives each request its own X-GitHub-Request-Id", async () => {
    const ids = new Set<string | null>();
    for (let i = 0; i < 20; i++)
      ids.add((await h.get(`${prefix}/users/nobody-${i}`)).headers.get("X-GitHub-Request-Id"));
    expect(ids.size).toBe(20);
    expect(ids.has(null)).toBe(false);
  });

  it("sends the CORS and security headers on every status", async () => {
    const responses = await responsesOfEveryKind();
    for (const [status, res] of Object.entries(responses))
      for (const [name, value] of Object.entries(SECURITY_HEADERS))
        expect(res.headers.get(name), `${name} on ${status}`).toBe(value);
  });

  it(
    layout === "GHES"
      ? `reports X-GitHub-Enterprise-Version ${ENTERPRISE_VERSION} on every status`
      : "sends no X-GitHub-Enterprise-Version",
    async () => {
      const responses = await responsesOfEveryKind();
      for (const [status, res] of Object.entries(responses))
        expect(res.headers.get("X-GitHub-Enterprise-Version"), status).toBe(
          layout === "GHES" ? "3.19.0" : null,
        );
    },
  );

  it("sends exact JSON: the type clients parse, compact, no trailing newline", async () => {
    const { owner, login } = await followedUser();
    for (const res of [
      await h.get(`${prefix}/users/${login}/followers`),
      await h.get(`${prefix}/user`, { token: owner.token }),
      await h.get(`${prefix}/users/${login}`),
      await h.get(`${prefix}/users/no-such-user-here/followers`),
      await h.get(`${prefix}/user/followers`),
    ]) {
      expect(res.headers.get("Content-Type")).toBe(JSON_TYPE);
      const text = await res.text();
      expect(text.endsWith("\n")).toBe(false);
      expect(text).toBe(JSON.stringify(JSON.parse(text)));
    }
  });

  it("sends 204s with no body and no Content-Type, but with the API headers", async () => {
    const [a, b] = await h.users(2);
    const path = `${prefix}/user/following/${b!.user.username}`;
    for (const res of [
      await h.put(path, { token: a!.token }),
      await h.get(path, { token: a!.token }),
      await h.delete(path, { token: a!.token }),
    ]) {
      expect(res.status).toBe(204);
      expect(res.headers.get("Content-Type")).toBeNull();
      expect(await res.text()).toBe("");
      expect(res.headers.get("X-GitHub-Request-Id")).toMatch(REQUEST_ID);
      expect(res.headers.get("X-GitHub-Media-Type")).toBe("github.v3; format=json");
      expect(res.headers.get("X-OAuth-Scopes")).toBe("user");
      expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(res.headers.get("X-GitHub-Api-Version-Selected")).toBe("2022-11-28");
    }
  });

  it("marks anonymous GET 200s publicly cacheable and signed-in ones private", async () => {
    const { owner, login } = await followedUser();
    const anonymous = await h.get(`${prefix}/users/${login}/followers`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get("Cache-Control")).toBe("public, max-age=60, s-maxage=60");
    const signedIn = await h.get(`${prefix}/users/${login}/followers`, { token: owner.token });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get("Cache-Control")).toBe("private, max-age=60, s-maxage=60");
    const mine = await h.get(`${prefix}/user/followers`, { token: owner.token });
    expect(mine.headers.get("Cache-Control")).toBe("private, max-age=60, s-maxage=60");
  });

  it("does not let caches keep errors or writes for a minute", async () => {
    const [a, b] = await h.users(2);
    const missing = await h.get(`${prefix}/users/no-such-user-for-cache`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("Cache-Control") ?? "").not.toMatch(/max-age=60/);
    const put = await h.put(`${prefix}/user/following/${b!.user.username}`, { token: a!.token });
    expect(put.status).toBe(204);
    expect(put.headers.get("Cache-Control") ?? "").not.toMatch(/max-age=60/);
  });

  it("varies on Accept, and on Authorization when signed in", async () => {
    const { owner, login } = await followedUser();
    const anonymous = await h.get(`${prefix}/users/${login}/followers`);
    expect(items(anonymous.headers.get("Vary"))).toContain("Accept");
    const signedIn = await h.get(`${prefix}/users/${login}/followers`, { token: owner.token });
    expect(items(signedIn.headers.get("Vary"))).toEqual(expect.arrayContaining(["Accept", "Authorization"]));
  });
});

describe.each(LAYOUTS)("conditional requests ($layout)", ({ prefix }) => {
  it("puts a weak, quoted sha256 ETag on every GET 200", async () => {
    const { owner, login } = await followedUser();
    const token = owner.token;
    for (const [path, opts] of [
      [`${prefix}/users/${login}/followers`, {}],
      [`${prefix}/users/${login}/following`, {}],
      [`${prefix}/user/${owner.user.id}/followers`, {}],
      [`${prefix}/user/${owner.user.id}/following`, {}],
      [`${prefix}/users/${login}`, {}],
      [`${prefix}/user/${owner.user.id}`, {}],
      [`${prefix}/user/followers`, { token }],
      [`${prefix}/user/following`, { token }],
      [`${prefix}/user`, { token }],
      [prefix || "/", {}],
    ] as const) {
      const res = await h.get(path, opts);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("ETag"), path).toMatch(WEAK_SHA256_ETAG);
    }
  });

  it.each([
    ["the weak form", (etag: string) => etag],
    ["the strong form", (etag: string) => etag.slice(2)],
    ["a list containing it", (etag: string) => `"0000", ${etag.slice(2)} , W/"ffff"`],
    ["*", () => "*"],
  ])("answers If-None-Match with %s by a bodiless 304", async (_, ifNoneMatch) => {
    const { owner, login } = await followedUser();
    for (const [path, token] of [
      [`${prefix}/users/${login}/followers`, undefined],
      [`${prefix}/user/followers`, owner.token],
      [`${prefix}/user`, owner.token],
    ] as const) {
      const first = await h.get(path, { token });
      const etag = first.headers.get("ETag")!;
      expect(etag).toMatch(WEAK_SHA256_ETAG);
      const again = await h.get(path, { token, headers: { "If-None-Match": ifNoneMatch(etag) } });
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe("");
      expect(again.headers.get("Content-Type")).toBeNull();
      expect(again.headers.get("ETag")).toBe(etag);
      expect(again.headers.get("X-GitHub-Request-Id")).toMatch(REQUEST_ID);
      expect(again.headers.get("Cache-Control")).toBe(first.headers.get("Cache-Control"));
      expect(again.headers.get("Cache-Control")).toMatch(/max-age=60, s-maxage=60$/);
      expect(again.headers.get("Vary")).toBe(first.headers.get("Vary"));
    }
  });

  it("answers a stale or unrelated If-None-Match with the full 200", async () => {
    const { login, fan } = await followedUser();
    const res = await h.get(`${prefix}/users/${login}/followers`, {
      headers: { "If-None-Match": `W/"${"0".repeat(64)}", "abc"` },
    });
    expect(res.status).toBe(200);
    expect(((await read(res)).body as { login: string }[]).map((u) => u.login)).toEqual([fan.user.username]);
  });

  it("gives a list a new ETag when its items change, so a revalidation gets the new page", async () => {
    const { login } = await followedUser();
    const path = `${prefix}/users/${login}/followers`;
    const before = await h.get(path);
    const etag = before.headers.get("ETag")!;
    const newcomer = await h.user();
    expect(
      (await h.request("PUT", `${prefix}/user/following/${login}`, { token: newcomer.token })).status,
    ).toBe(204);
    const after = await h.get(path, { headers: { "If-None-Match": etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get("ETag")).not.toBe(etag);
    // A renamed follower changes the body, so the tag changes with it.
    await h.core.users.updateUser(newcomer.user.id, { username: `${newcomer.user.username}_renamed` });
    const renamed = await h.get(path, { headers: { "If-None-Match": after.headers.get("ETag")! } });
    expect(renamed.status).toBe(200);
    expect(((await read(renamed)).body as { login: string }[]).at(-1)?.login).toBe(
      `${newcomer.user.username}_renamed`,
    );
  });

  it("gives a different ETag for a different Authorization", async () => {
    const { owner, login } = await followedUser();
    const secondToken = await h.token(owner.user.id, ["user"]);
    const path = `${prefix}/users/${login}/followers`;
    const anonymous = await h.get(path);
    const first = await h.get(path, { token: owner.token });
    const second = await h.get(path, { token: secondToken });
    // Same body three times over, yet three tags: a cache must not cross credentials.
    const bodies = await Promise.all([anonymous, first, second].map((r) => r.clone().text()));
    expect(new Set(bodies).size).toBe(1);
    const tags = [anonymous, first, second].map((r) => r.headers.get("ETag"));
    expect(new Set(tags).size).toBe(3);
    // And one credential's tag does not validate another's request.
    const crossed = await h.get(path, { token: owner.token, headers: { "If-None-Match": tags[0]! } });
    expect(crossed.status).toBe(200);
  });

  it("gives a different ETag for a different Accept", async () => {
    const { login } = await followedUser();
    const path = `${prefix}/users/${login}/followers`;
    const json = await h.get(path, { headers: { Accept: "application/json" } });
    const github = await h.get(path, { headers: { Accept: "application/vnd.github+json" } });
    expect(json.headers.get("ETag")).toMatch(WEAK_SHA256_ETAG);
    expect(github.headers.get("ETag")).toMatch(WEAK_SHA256_ETAG);
    expect(json.headers.get("ETag")).not.toBe(github.headers.get("ETag"));
    const crossed = await h.get(path, {
      headers: { Accept: "application/json", "If-None-Match": github.headers.get("ETag")! },
    });
    expect(crossed.status).toBe(200);
  });

  it("keeps the ETag while nothing changes and changes it with the list", async () => {
    const { owner, login } = await followedUser();
    const path = `${prefix}/user/followers`;
    const first = await h.get(path, { token: owner.token });
    const etag = first.headers.get("ETag")!;
    const same = await h.get(path, { token: owner.token });
    expect(same.headers.get("ETag")).toBe(etag);

    const [newcomer] = await h.users(1);
    await h.follow(newcomer!.user.id, owner.user.id);
    const changed = await h.get(path, { token: owner.token, headers: { "If-None-Match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).toMatch(WEAK_SHA256_ETAG);
    expect(changed.headers.get("ETag")).not.toBe(etag);
    expect(((await read(changed)).body as unknown[]).length).toBe(2);

    const publicList = await h.get(`${prefix}/users/${login}/followers`, {
      headers: { "If-None-Match": etag },
    });
    expect(publicList.status).toBe(200);
  });

  it("puts no ETag on 204s and errors", async () => {
    const { fan, login } = await followedUser();
    const yes = await h.get(`${prefix}/users/${fan.user.username}/following/${login}`);
    expect(yes.status).toBe(204);
    expect(yes.headers.get("ETag")).toBeNull();
    const missing = await h.get(`${prefix}/users/nobody-with-an-etag`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("ETag")).toBeNull();
  });
});

describe.each(LAYOUTS)("404s ($layout)", ({ prefix }) => {
  it.each([
    ["GET", "/no/such/route"],
    ["GET", "/users"],
    ["GET", "/users/octocat/followers/extra/parts"],
    ["GET", "/user/followers/"],
    ["GET", "/user/following/"],
    ["GET", "/user/"],
    ["POST", "/user/followers"],
    ["DELETE", "/user/followers"],
    ["POST", "/user/following/someone"],
    ["PATCH", "/user/following/someone"],
    ["PUT", "/users/someone/followers"],
  ])("%s %s is GitHub's 404 Not Found", async (method, path) => {
    const res = await h.request(method, `${prefix}${path}`, { token: ROOT_TOKEN });
    expect(await read(res)).toEqual({ status: 404, body: NOT_FOUND });
    expect(res.headers.get("Content-Type")).toBe(JSON_TYPE);
    expect(res.headers.get("X-GitHub-Request-Id")).toMatch(REQUEST_ID);
  });

  it("answers a trailing slash on a real route with 404 while the route itself works", async () => {
    const { owner, login } = await followedUser();
    for (const path of [`/users/${login}/followers`, `/users/${login}`, `/user/following/${login}`]) {
      expect((await h.get(`${prefix}${path}/`, { token: owner.token })).status, path).toBe(404);
    }
    expect((await h.get(`${prefix}/users/${login}/followers`)).status).toBe(200);
    expect((await h.get(`${prefix}/users/${login}`)).status).toBe(200);
  });

  it("answers a wrong method with 404 and changes nothing", async () => {
    const { owner, fan, login } = await followedUser();
    const before = await h.snapshot();
    for (const method of ["POST", "PATCH"]) {
      const res = await h.request(method, `${prefix}/user/following/${login}`, { token: fan.token });
      expect(await read(res)).toEqual({ status: 404, body: NOT_FOUND });
    }
    const del = await h.delete(`${prefix}/users/${login}/followers`, { token: owner.token });
    expect(await read(del)).toEqual({ status: 404, body: NOT_FOUND });
    expect(await h.snapshot()).toBe(before);
  });

  it("answers an unknown path without credentials with 404, not 401", async () => {
    const res = await h.get(`${prefix}/user/nothing-here`);
    expect(await read(res)).toEqual({ status: 404, body: NOT_FOUND });
  });
});

describe("the API root", () => {
  it.each([[`${GHES}/`], [GHES], [`${PUBLIC_URL}/`]])("GET %s is the root document", async (url) => {
    const res = await h.get(url);
    const { status, body } = await read(res);
    expect(status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe(JSON_TYPE);
    const base = url.startsWith(GHES) ? GHES : PUBLIC_URL;
    expect(body).toMatchObject({
      current_user_url: `${base}/user`,
      followers_url: `${base}/user/followers`,
      user_url: `${base}/users/{user}`,
    });
  });
});

describe("the front end", () => {
  const UA_MESSAGE =
    /^Request forbidden by administrative rules\. Please make sure your request has a User-Agent header/;

  it("refuses a request without User-Agent on api.github.com with a plain-text 403", async () => {
    const { login } = await followedUser();
    for (const opts of [
      {},
      { token: "not-a-token" },
      { headers: { "X-GitHub-Api-Version": "1999-01-01" } },
    ]) {
      const res = await h.get(`/users/${login}/followers`, {
        ...opts,
        headers: { ...(opts as { headers?: Record<string, string> }).headers, "User-Agent": "" },
      });
      expect(res.status).toBe(403);
      expect(res.headers.get("Content-Type")).toMatch(/^text\/plain/);
      expect(await res.text()).toMatch(UA_MESSAGE);
      // The front end answers before the API: none of its headers.
      expect(res.headers.get("X-GitHub-Request-Id")).toBeNull();
    }
  });

  it("does not insist on a User-Agent on GHES", async () => {
    const { login, fan } = await followedUser();
    const res = await h.get(`/api/v3/users/${login}/followers`, { headers: { "User-Agent": "" } });
    expect(res.status).toBe(200);
    expect(((await read(res)).body as { login: string }[]).map((u) => u.login)).toEqual([fan.user.username]);
  });

  it("accepts any non-empty User-Agent", async () => {
    const { login } = await followedUser();
    const res = await h.get(`/users/${login}/followers`, { headers: { "User-Agent": "x" } });
    expect(res.status).toBe(200);
  });

  describe.each(LAYOUTS)("lengths ($layout)", ({ prefix }) => {
    it("refuses a PUT with neither Content-Length nor Transfer-Encoding with 411, storing nothing", async () => {
      const [a, b] = await h.users(2);
      const before = await h.snapshot();
      const res = await h.put(`${prefix}/user/following/${b!.user.username}`, {
        token: a!.token,
        headers: { "Content-Length": "" },
      });
      expect(res.status).toBe(411);
      expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
      expect(await h.snapshot()).toBe(before);
    });

    it.each([
      ["POST", "/admin/users"],
      ["PATCH", "/admin/users/root"],
    ])("refuses a %s with no length with 411 before any route, storing nothing", async (method, path) => {
      const before = await h.snapshot();
      const res = await h.request(method, `${prefix}${path}`, {
        token: ROOT_TOKEN,
        headers: { "Content-Length": "" },
      });
      expect(res.status).toBe(411);
      expect(await res.text()).toBe("<html><body><h1>411 Length Required</h1></body></html>\n");
      expect(await h.snapshot()).toBe(before);
    });

    it("accepts a PUT sent chunked", async () => {
      const [a, b] = await h.users(2);
      const res = await h.put(`${prefix}/user/following/${b!.user.username}`, {
        token: a!.token,
        headers: { "Content-Length": "", "Transfer-Encoding": "chunked" },
      });
      expect(res.status).toBe(204);
      const check = await h.get(`${prefix}/user/following/${b!.user.username}`, { token: a!.token });
      expect(check.status).toBe(204);
    });

    it("accepts a PUT with Content-Length 0 and a JSON Content-Type on the empty body", async () => {
      const [a, b] = await h.users(2);
      const res = await h.put(`${prefix}/user/following/${b!.user.username}`, {
        token: a!.token,
        headers: { "Content-Length": "0", "Content-Type": "application/json; charset=utf-8" },
      });
      expect(res.status).toBe(204);
      const check = await h.get(`${prefix}/user/following/${b!.user.username}`, { token: a!.token });
      expect(check.status).toBe(204);
    });

    it("accepts a DELETE without Content-Length", async () => {
      const { fan, login } = await followedUser();
      const res = await h.delete(`${prefix}/user/following/${login}`, { token: fan.token });
      expect(res.status).toBe(204);
      const check = await h.get(`${prefix}/user/following/${login}`, { token: fan.token });
      expect(check.status).toBe(404);
    });
  });
});

describe("HEAD and CORS preflight", () => {
  it("HEAD is GET without the body: same status, ETag and caching headers", async () => {
    const { user } = await h.user();
    const get = await h.get(`/users/${user.username}`);
    const head = await h.request("HEAD", `/users/${user.username}`);
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect(head.headers.get("etag")).toBe(get.headers.get("etag"));
    expect(head.headers.get("cache-control")).toBe("public, max-age=60, s-maxage=60");
    const conditional = await h.request("HEAD", `/users/${user.username}`, {
      headers: { "If-None-Match": get.headers.get("etag")! },
    });
    expect(conditional.status).toBe(304);
  });

  it.each(["/user/following/someone", "/api/v3/user/following/someone"])(
    "OPTIONS %s → 204 allowing Authorization and the version header from any origin, before auth",
    async (path) => {
      const res = await h.request("OPTIONS", path, {
        headers: {
          Origin: "https://app.example",
          "Access-Control-Request-Method": "PUT",
          "Access-Control-Request-Headers": "authorization, x-github-api-version",
          Authorization: "token not-a-real-token",
        },
      });
      expect(res.status).toBe(204);
      expect(await res.text()).toBe("");
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.get("access-control-allow-methods")).toBe("GET, POST, PATCH, PUT, DELETE");
      expect(res.headers.get("access-control-allow-headers")).toContain("Authorization");
      expect(res.headers.get("access-control-allow-headers")).toContain("X-GitHub-Api-Version");
    },
  );
});
