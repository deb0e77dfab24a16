import { describe, expect, it } from "vitest";
import { DOCS } from "../docs.ts";
import { GHES, PUBLIC_URL, ROOT_TOKEN, read, SIMPLE_USER_KEYS, setupGitHub } from "../testing.ts";

const h = setupGitHub();

const PUBLIC_USER_EXTRA_KEYS = [
  "name",
  "company",
  "blog",
  "location",
  "email",
  "hireable",
  "bio",
  "twitter_username",
  "public_repos",
  "public_gists",
  "followers",
  "following",
  "created_at",
  "updated_at",
];
/** The private view puts `notification_email` among the public fields, after `twitter_username`. */
const PRIVATE_USER_PROFILE_KEYS = PUBLIC_USER_EXTRA_KEYS.flatMap((key) =>
  key === "twitter_username" ? [key, "notification_email"] : [key],
);
const PRIVATE_USER_EXTRA_KEYS = [
  "private_gists",
  "total_private_repos",
  "owned_private_repos",
  "disk_usage",
  "collaborators",
  "two_factor_authentication",
];

type Profile = Record<string, unknown> & { followers: number; following: number };
const profile = async (path: string, token?: string) =>
  (await read(await h.get(path, { token }))).body as Profile;
const listLength = async (path: string) =>
  ((await read(await h.get(`${path}?per_page=100`))).body as unknown[]).length;

describe("GET /users/{username}", () => {
  it("is public-user: simple-user fields, then the profile, in GitHub's order", async () => {
    const { user } = await h.user({
      name: "Mona Lisa",
      organization: "ACME",
      websiteUrl: "https://mona.example",
      location: "Paris",
      publicEmail: "mona@example.com",
      bio: "Paints",
      twitter: "mona",
    });
    const body = await profile(`/users/${user.username}`);
    expect(Object.keys(body)).toEqual([...SIMPLE_USER_KEYS, ...PUBLIC_USER_EXTRA_KEYS]);
    expect(body).toMatchObject({
      login: user.username,
      id: user.id,
      user_view_type: "public",
      name: "Mona Lisa",
      company: "ACME",
      blog: "https://mona.example",
      location: "Paris",
      email: "mona@example.com",
      hireable: null,
      bio: "Paints",
      twitter_username: "mona",
      public_repos: 0,
      followers: 0,
      following: 0,
    });
    expect(body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("blank profile fields are null, not empty strings; the private email never shows", async () => {
    const { user } = await h.user();
    const body = await profile(`/users/${user.username}`);
    expect(body).toMatchObject({
      company: null,
      location: null,
      email: null,
      bio: null,
      twitter_username: null,
    });
    expect(JSON.stringify(body)).not.toContain(user.email);
  });

  it("has no notification_email key on another user's profile, whoever asks, as GitHub leaves it out", async () => {
    const [viewer, other] = await h.users(2);
    for (const token of [undefined, viewer!.token, ROOT_TOKEN]) {
      expect(await profile(`/users/${other!.user.username}`, token)).not.toHaveProperty("notification_email");
      expect(await profile(`/user/${other!.user.id}`, token)).not.toHaveProperty("notification_email");
    }
  });

  it("followers and following always equal the lists' lengths, hidden users excluded", async () => {
    const [owner, a, b, c] = await h.users(4);
    await h.follow(a!.user.id, owner!.user.id);
    await h.follow(b!.user.id, owner!.user.id);
    await h.follow(owner!.user.id, c!.user.id);
    await h.core.users.moderate(1, b!.user.id, "block");
    const path = `/users/${owner!.user.username}`;
    const body = await profile(path);
    expect([body.followers, body.following]).toEqual([1, 1]);
    expect(await listLength(`${path}/followers`)).toBe(body.followers);
    expect(await listLength(`${path}/following`)).toBe(body.following);
  });

  it("unknown user → 404 with the get-a-user page", async () => {
    expect(await read(await h.get("/users/no-such-user"))).toEqual({
      status: 404,
      body: { message: "Not Found", documentation_url: DOCS.getByUsername, status: "404" },
    });
  });

  it("a suspended user is 404 to others and visible to site admins", async () => {
    const { user } = await h.user();
    await h.core.users.moderate(1, user.id, "block");
    expect((await h.get(`/users/${user.username}`)).status).toBe(404);
    expect((await h.get(`/users/${user.username}`, { token: ROOT_TOKEN })).status).toBe(200);
  });

  it("site admins see suspended_at (GHES): null, then the time of the suspension; others never see the key", async () => {
    const { user } = await h.user();
    const path = `/api/v3/users/${user.username}`;
    expect((await profile(path, ROOT_TOKEN)).suspended_at).toBeNull();
    expect(Object.keys(await profile(path))).not.toContain("suspended_at");
    const before = Date.now() - 1000;
    await h.core.users.moderate(1, user.id, "block");
    const suspended = await profile(path, ROOT_TOKEN);
    expect(Date.parse(String(suspended.suspended_at))).toBeGreaterThanOrEqual(
      Math.floor(before / 1000) * 1000,
    );
    expect(suspended.suspended_at).toBe(suspended.updated_at);
    await h.core.users.moderate(1, user.id, "unblock");
    expect((await profile(path, ROOT_TOKEN)).suspended_at).toBeNull();
  });

  it("URLs follow the layout: /api/v3 on Enterprise", async () => {
    const { user } = await h.user();
    expect((await profile(`/api/v3/users/${user.username}`)).url).toBe(`${GHES}/users/${user.username}`);
    expect((await profile(`/users/${user.username}`)).url).toBe(`${PUBLIC_URL}/users/${user.username}`);
  });
});

describe("GET /user/{account_id}", () => {
  it("is the same profile as by username", async () => {
    const { user } = await h.user();
    expect(await read(await h.get(`/user/${user.id}`))).toEqual(
      await read(await h.get(`/users/${user.username}`)),
    );
  });

  it("an unknown or absurd id → 404", async () => {
    expect(await read(await h.get("/user/987654321"))).toEqual({
      status: 404,
      body: { message: "Not Found", documentation_url: DOCS.getById, status: "404" },
    });
    expect((await h.get("/user/123456789012345678901234567890")).status).toBe(404);
  });
});

describe("GET /user", () => {
  it("with the user scope: private-user with the caller's counts", async () => {
    const [me, fan] = await h.users(2);
    await h.follow(fan!.user.id, me!.user.id);
    const body = await profile("/user", me!.token);
    expect(Object.keys(body)).toEqual([
      ...SIMPLE_USER_KEYS,
      ...PRIVATE_USER_PROFILE_KEYS,
      ...PRIVATE_USER_EXTRA_KEYS,
    ]);
    expect(body).toMatchObject({
      login: me!.user.username,
      user_view_type: "private",
      notification_email: me!.user.email,
      followers: 1,
      following: 0,
      two_factor_authentication: false,
    });
  });

  it("without it (read:user): public-user", async () => {
    const { token } = await h.user({}, ["read:user"]);
    const body = await profile("/user", token);
    expect(body.user_view_type).toBe("public");
    expect(Object.keys(body)).toEqual([...SIMPLE_USER_KEYS, ...PUBLIC_USER_EXTRA_KEYS]);
  });

  it("no token → 401 Requires authentication with the get-the-authenticated-user page", async () => {
    expect(await read(await h.get("/user"))).toEqual({
      status: 401,
      body: { message: "Requires authentication", documentation_url: DOCS.getAuthenticated, status: "401" },
    });
  });
});

describe("GET / (the API root)", () => {
  it("answers anonymously with URL templates on this server and prefix", async () => {
    const dotcom = (await read(await h.get("/"))).body as Record<string, string>;
    expect(dotcom.current_user_url).toBe(`${PUBLIC_URL}/user`);
    expect(dotcom.following_url).toBe(`${PUBLIC_URL}/user/following{/target}`);
    expect(dotcom.user_url).toBe(`${PUBLIC_URL}/users/{user}`);
    const enterprise = (await read(await h.get("/api/v3/"))).body as Record<string, string>;
    expect(enterprise.current_user_url).toBe(`${GHES}/user`);
  });
});

describe.each([
  { layout: "api.github.com", prefix: "" },
  { layout: "GHES", prefix: "/api/v3" },
])("Last-Modified on profiles ($layout)", ({ prefix }) => {
  /** A profile by login and by id (the caller's own, `/user`, is asked for beside them). */
  const pathsTo = (user: { id: number; username: string }) => [
    `${prefix}/users/${user.username}`,
    `${prefix}/user/${user.id}`,
  ];

  it("is the user's updated_at as an HTTP date, on GET /users/{u}, /user/{id} and /user", async () => {
    const { user, token } = await h.user();
    const body = await profile(`${prefix}/users/${user.username}`);
    const expected = new Date(String(body.updated_at)).toUTCString();
    for (const path of pathsTo(user)) expect((await h.get(path)).headers.get("Last-Modified")).toBe(expected);
    expect((await h.get(`${prefix}/user`, { token })).headers.get("Last-Modified")).toBe(expected);
  });

  it("answers If-Modified-Since at or after it with a bodiless 304, and an earlier one with the profile", async () => {
    const { user, token } = await h.user();
    const first = await h.get(`${prefix}/users/${user.username}`);
    const lastModified = first.headers.get("Last-Modified")!;
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    for (const path of pathsTo(user)) {
      const same = await h.get(path, { headers: { "If-Modified-Since": lastModified } });
      expect(same.status).toBe(304);
      expect(await same.text()).toBe("");
      expect(same.headers.get("Last-Modified")).toBe(lastModified);
      expect((await h.get(path, { headers: { "If-Modified-Since": earlier } })).status).toBe(200);
    }
    const mine = await h.get(`${prefix}/user`, { token, headers: { "If-Modified-Since": lastModified } });
    expect(mine.status).toBe(304);
  });

  it("serves the profile again once the user changes, and ignores a garbled or future date", async () => {
    const { user } = await h.user();
    const path = `${prefix}/users/${user.username}`;
    const lastModified = (await h.get(path)).headers.get("Last-Modified")!;
    const future = new Date(Date.now() + 86_400_000).toUTCString();
    for (const since of ["yesterday", future])
      expect((await h.get(path, { headers: { "If-Modified-Since": since } })).status).toBe(200);
    // Whole seconds: wait for the next one, so the change is later than the date the client holds.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await h.core.users.updateUser(user.id, { bio: "changed" });
    const changed = await h.get(path, { headers: { "If-Modified-Since": lastModified } });
    expect(changed.status).toBe(200);
    expect(Date.parse(changed.headers.get("Last-Modified")!)).toBeGreaterThan(Date.parse(lastModified));
  });

  it("lets If-None-Match decide when both are sent, as HTTP says", async () => {
    const { user } = await h.user();
    const path = `${prefix}/users/${user.username}`;
    const lastModified = (await h.get(path)).headers.get("Last-Modified")!;
    const stale = await h.get(path, {
      headers: { "If-None-Match": 'W/"other"', "If-Modified-Since": lastModified },
    });
    expect(stale.status).toBe(200);
  });
});
