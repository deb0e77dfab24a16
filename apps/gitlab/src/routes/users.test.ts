import { describe, expect, it } from "vitest";
import { ROOT_TOKEN, read, setupGitLab, USER_BASIC_KEYS, userBasic } from "../testing.ts";

const h = setupGitLab();

/** `User` keys in the newest GitLab order (§6.2). */
const USER_KEYS = [
  ...USER_BASIC_KEYS,
  "created_at",
  "bio",
  "location",
  "linkedin",
  "twitter",
  "discord",
  "website_url",
  "github",
  "job_title",
  "pronouns",
  "organization",
  "bot",
  "work_information",
  "followers",
  "following",
  "is_followed",
  "local_time",
];
const FOLLOW_KEYS = ["followers", "following", "is_followed"];
const without = (keys: string[], drop: string[]) => keys.filter((k) => !drop.includes(k));

async function getUser(id: number, token: string) {
  const { status, body } = await read(await h.get(`/users/${id}`, { token }));
  return { status, body: body as Record<string, unknown> };
}

describe("§6.2 GET /users/:id — counts and is_followed", () => {
  it("another user's profile: every User key in order, with followers, following and is_followed", async () => {
    const [target, viewer, third] = await h.users(3);
    await h.follow(viewer!.user.id, target!.user.id);
    await h.follow(third!.user.id, target!.user.id);
    await h.follow(target!.user.id, third!.user.id);
    const { status, body } = await getUser(target!.user.id, viewer!.token);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(USER_KEYS);
    expect(body).toMatchObject({
      ...userBasic(target!.user),
      created_at: target!.user.createdAt.toISOString(),
      bot: false,
      followers: 2,
      following: 1,
      is_followed: true,
      local_time: null,
    });
    expect((await getUser(target!.user.id, third!.token)).body.is_followed).toBe(true);
    expect((await getUser(third!.user.id, viewer!.token)).body).toMatchObject({
      followers: 1,
      following: 1,
      is_followed: false,
    });
  });

  it("counts only active users, matching the list totals", async () => {
    const [target, viewer, fan, blockedFan] = await h.users(4);
    await h.follow(fan!.user.id, target!.user.id);
    await h.follow(blockedFan!.user.id, target!.user.id);
    await h.core.users.moderate(1, blockedFan!.user.id, "block");
    expect((await getUser(target!.user.id, viewer!.token)).body.followers).toBe(1);
  });

  it("yourself: followers, following and is_followed absent (created_at present)", async () => {
    const [me, fan] = await h.users(2);
    await h.follow(fan!.user.id, me!.user.id);
    const { status, body } = await getUser(me!.user.id, me!.token);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(without(USER_KEYS, FOLLOW_KEYS));
  });

  it("viewer has following disabled: counts absent (inferred from code)", async () => {
    const { user: target } = await h.user();
    const { token } = await h.user({ followingEnabled: false });
    expect(Object.keys((await getUser(target.id, token)).body)).toEqual(without(USER_KEYS, FOLLOW_KEYS));
  });

  it("target has following disabled: counts absent, also for admins (inferred from code)", async () => {
    const { user: target } = await h.user({ followingEnabled: false });
    const { token } = await h.user();
    expect(Object.keys((await getUser(target.id, token)).body)).toEqual(without(USER_KEYS, FOLLOW_KEYS));
    const admin = (await getUser(target.id, ROOT_TOKEN)).body;
    for (const key of FOLLOW_KEYS) expect(admin).not.toHaveProperty(key);
  });

  it("private profile viewed by another user: 200 with counts and created_at absent", async () => {
    const { user: target, token: own } = await h.user({ privateProfile: true });
    const { token } = await h.user();
    const { status, body } = await getUser(target.id, token);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(without(USER_KEYS, [...FOLLOW_KEYS, "created_at"]));
    expect(Object.keys((await getUser(target.id, own)).body)).toContain("created_at");
  });

  it("private profile viewed by an admin: created_at and counts present", async () => {
    const { user: target } = await h.user({ privateProfile: true });
    const { body } = await getUser(target.id, ROOT_TOKEN);
    expect(body).toMatchObject({ created_at: target.createdAt.toISOString(), followers: 0, following: 0 });
    expect(body.is_followed).toBe(false);
  });

  it("a blocked user is still found (200) with the restricted fields omitted for non-admins", async () => {
    const { user: target } = await h.user();
    const { token } = await h.user();
    await h.core.users.moderate(1, target.id, "block");
    const { status, body } = await getUser(target.id, token);
    expect(status).toBe(200);
    expect(body.state).toBe("blocked");
    expect(Object.keys(body)).toEqual(without(USER_KEYS, [...FOLLOW_KEYS, "created_at"]));
  });

  it("admins get UserWithAdmin fields", async () => {
    const { user: target } = await h.user();
    const { body } = await getUser(target.id, ROOT_TOKEN);
    expect(body).toMatchObject({
      id: target.id,
      email: target.email,
      is_admin: false,
      private_profile: false,
    });
  });

  it("admins get UserDetailsWithAdmin: every key in GitLab's order, with this server's honest values", async () => {
    const { user: target } = await h.user({ note: "a note" });
    const { body } = await getUser(target.id, ROOT_TOKEN);
    const created = target.createdAt.toISOString();
    const expected = {
      ...userBasic(target),
      created_at: created,
      bio: "",
      location: "",
      linkedin: "",
      twitter: "",
      discord: "",
      website_url: "",
      github: "",
      job_title: "",
      pronouns: null,
      organization: "",
      bot: false,
      work_information: null,
      followers: 0,
      following: 0,
      is_followed: false,
      local_time: null,
      // UserPublic
      last_sign_in_at: null,
      confirmed_at: created,
      last_activity_on: null,
      email: target.email,
      theme_id: 1,
      color_scheme_id: 1,
      projects_limit: 100000,
      current_sign_in_at: null,
      identities: [],
      can_create_group: true,
      can_create_project: true,
      two_factor_enabled: false,
      external: false,
      private_profile: false,
      commit_email: target.email,
      // UserWithAdmin, with EE's additions
      is_admin: false,
      note: "a note",
      namespace_id: target.id,
      created_by: null,
      email_reset_offered_at: null,
      using_license_seat: false,
      is_auditor: false,
      provisioned_by_group_id: null,
      // UserDetailsWithAdmin, with EE's additions
      highest_role: 0,
      current_sign_in_ip: null,
      last_sign_in_ip: null,
      sign_in_count: 0,
      plan: null,
      trial: false,
    };
    expect(body).toEqual(expected);
    expect(Object.keys(body)).toEqual(Object.keys(expected));
    // Lists show UserWithAdmin: the details (and the follow counts) are the single user's.
    const { body: listed } = await read(
      await h.get(`/users?username=${target.username}`, { token: ROOT_TOKEN }),
    );
    const singleUserOnly = [
      ...FOLLOW_KEYS,
      "highest_role",
      "current_sign_in_ip",
      "last_sign_in_ip",
      "sign_in_count",
      "plan",
      "trial",
    ];
    const listKeys = Object.keys(expected).filter((key) => !singleUserOnly.includes(key));
    expect(Object.keys((listed as object[])[0]!)).toEqual(listKeys);
  });

  it("anonymous → 403; unknown id → 404", async () => {
    expect(await read(await h.get("/users/1"))).toEqual({
      status: 403,
      body: { message: "403 Forbidden - Not authorized!" },
    });
    expect(await read(await h.get("/users/987654321", { token: ROOT_TOKEN }))).toEqual({
      status: 404,
      body: { message: "404 User Not Found" },
    });
  });
});

describe("§6.3 GET /user", () => {
  it("the caller as UserPublic, without followers/following/is_followed (open question: assumed absent)", async () => {
    const [me, fan] = await h.users(2);
    await h.follow(fan!.user.id, me!.user.id);
    const { status, body } = await read(await h.get("/user", { token: me!.token }));
    expect(status).toBe(200);
    const keys = Object.keys(body as object);
    expect(keys.slice(0, 8)).toEqual(USER_BASIC_KEYS);
    for (const key of FOLLOW_KEYS) expect(keys).not.toContain(key);
    expect(body).toMatchObject({ id: me!.user.id, email: me!.user.email, private_profile: false });
    expect(body).not.toHaveProperty("is_admin");
  });

  it("admins get UserWithAdmin; anonymous → 401", async () => {
    expect((await read(await h.get("/user", { token: ROOT_TOKEN }))).body).toMatchObject({
      id: 1,
      username: "root",
      is_admin: true,
    });
    expect(await read(await h.get("/user"))).toEqual({ status: 401, body: { message: "401 Unauthorized" } });
  });
});

describe("§7 GET /users?username=", () => {
  it("matches the username case-insensitively → [UserBasic]", async () => {
    const { user } = await h.user({ username: `MixedCase_${Date.now()}` });
    const { token } = await h.user();
    for (const form of [user.username, user.username.toLowerCase(), user.username.toUpperCase()]) {
      const res = await h.get(`/users?username=${form}`, { token });
      expect(await read(res)).toEqual({ status: 200, body: [userBasic(user)] });
    }
  });

  it("anonymous callers may look up a username", async () => {
    const { user } = await h.user();
    expect(await read(await h.get(`/users?username=${user.username}`))).toEqual({
      status: 200,
      body: [userBasic(user)],
    });
  });

  it("anonymous without username → 403 Not authorized to access /api/v4/users (also with an empty username)", async () => {
    for (const path of ["/users", "/users?username="]) {
      expect(await read(await h.get(path))).toEqual({
        status: 403,
        body: { message: "403 Forbidden - Not authorized to access /api/v4/users" },
      });
    }
  });

  it("an unknown username → []", async () => {
    expect(await read(await h.get("/users?username=nobody_by_this_name", { token: ROOT_TOKEN }))).toEqual({
      status: 200,
      body: [],
    });
  });

  it.each([
    ["blocked", "block"],
    ["banned", "ban"],
  ] as const)(
    "%s users are hidden from non-admins and anonymous callers, shown to admins",
    async (_state, action) => {
      const { user } = await h.user();
      const { token } = await h.user();
      await h.core.users.moderate(1, user.id, action);
      const path = `/users?username=${user.username}`;
      expect(await read(await h.get(path, { token }))).toEqual({ status: 200, body: [] });
      expect(await read(await h.get(path))).toEqual({ status: 200, body: [] });
      const admin = (await read(await h.get(path, { token: ROOT_TOKEN }))).body as Record<string, unknown>[];
      expect(admin).toHaveLength(1);
      expect(admin[0]).toMatchObject({ id: user.id, is_admin: false, email: user.email });
    },
  );

  it("deactivated users are not a forbidden search state: still found", async () => {
    const { user } = await h.user();
    const { token } = await h.user();
    await h.core.users.moderate(1, user.id, "deactivate");
    const { body } = await read(await h.get(`/users?username=${user.username}`, { token }));
    expect(body).toEqual([{ ...userBasic(user), state: "deactivated" }]);
  });

  it("without username, signed-in callers get users newest first with pagination headers", async () => {
    const [a, b] = await h.users(2);
    const res = await h.get("/users?per_page=2", { token: a!.token });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: number }[]).map((u) => u.id)).toEqual([b!.user.id, a!.user.id]);
    expect(res.headers.get("x-per-page")).toBe("2");
    expect(res.headers.get("x-page")).toBe("1");
    expect(res.headers.get("x-next-page")).toBe("2");
    const total = Number(res.headers.get("x-total"));
    expect(total).toBeGreaterThanOrEqual(3);
    expect(res.headers.get("x-total-pages")).toBe(String(Math.ceil(total / 2)));
  });
});
