import { describe, expect, it } from "vitest";
import { API, ROOT_TOKEN, read, setupGitLab, USER_BASIC_KEYS, userBasic } from "../testing.ts";

const h = setupGitLab();

// Every test's users carry a tag of their own, so one file's database serves them all.
let tagCount = 0;
const newTag = () => `tag${Date.now().toString(36)}x${(tagCount++).toString(36)}`;

async function ids(path: string, token?: string) {
  const res = await h.get(path, { token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: number }[]).map((u) => u.id);
}

describe("GET /users?search=", () => {
  it("finds users by part of their name or username, not everyone (nor root), best match and then name first", async () => {
    const tag = newTag();
    const { token } = await h.user();
    const ann = await h.user({ name: `Ann ${tag}` });
    const bob = await h.user({ username: `bob_${tag.toUpperCase()}` });
    const res = await h.get(`/users?search=${tag}`, { token });
    expect(await read(res)).toEqual({ status: 200, body: [userBasic(ann.user), userBasic(bob.user)] });
    expect(res.headers.get("x-total")).toBe("2");
    expect(await ids(`/users?search=${encodeURIComponent(`@bob_${tag}`)}`, token)).toEqual([bob.user.id]);
    expect(await ids("/users?search=Administrator", token)).toEqual([1]);
  });

  it("non-admins: a public email matches whole, a primary email never, and the best match comes first", async () => {
    const tag = newTag();
    const { token } = await h.user();
    const longer = await h.user({ username: `${tag}_2` });
    const exact = await h.user({ username: tag });
    const withEmail = await h.user({ publicEmail: `${tag}@pub.example` });
    expect(await ids(`/users?search=${tag}`, token)).toEqual([exact.user.id, longer.user.id]);
    expect(await ids(`/users?search=${tag}@pub.example`, token)).toEqual([withEmail.user.id]);
    expect(await ids(`/users?search=${encodeURIComponent(exact.user.email)}`, token)).toEqual([]);
  });

  it("admins: primary emails match too, and order_by/sort apply (default id desc)", async () => {
    const tag = newTag();
    const longer = await h.user({ username: `${tag}_2`, name: `a ${tag}` });
    const exact = await h.user({ username: tag, name: `b ${tag}` });
    expect(await ids(`/users?search=${tag}`, ROOT_TOKEN)).toEqual([exact.user.id, longer.user.id]);
    expect(await ids(`/users?search=${tag}&order_by=name&sort=asc`, ROOT_TOKEN)).toEqual([
      longer.user.id,
      exact.user.id,
    ]);
    expect(await ids(`/users?search=${encodeURIComponent(exact.user.email)}`, ROOT_TOKEN)).toEqual([
      exact.user.id,
    ]);
  });

  it("order_by and sort are validated for everyone but applied only for admins", async () => {
    const tag = newTag();
    const { token } = await h.user();
    const first = await h.user({ name: `a ${tag}` });
    const second = await h.user({ name: `b ${tag}` });
    const path = `/users?search=${tag}&order_by=id&sort=asc`;
    expect(await ids(path, ROOT_TOKEN)).toEqual([first.user.id, second.user.id]);
    // Best match, then name: sort=desc would have put b first.
    expect(await ids(`/users?search=${tag}&order_by=name&sort=desc`, token)).toEqual([
      first.user.id,
      second.user.id,
    ]);
    for (const t of [token, ROOT_TOKEN]) {
      expect(await read(await h.get("/users?order_by=email", { token: t }))).toEqual({
        status: 400,
        body: { error: "order_by does not have a valid value" },
      });
      expect(await read(await h.get("/users?sort=up&order_by=", { token: t }))).toEqual({
        status: 400,
        body: { error: "order_by does not have a valid value, sort does not have a valid value" },
      });
    }
  });

  it("bad values are Grape's 400s, listed together with pagination's, before the anonymous 403", async () => {
    expect(await read(await h.get("/users?active=maybe&created_after=soon&page=x"))).toEqual({
      status: 400,
      body: { error: "active is invalid, created_after is invalid, page is invalid" },
    });
    expect(await read(await h.get("/users?extern_uid=1", { token: ROOT_TOKEN }))).toEqual({
      status: 400,
      body: { error: "extern_uid, provider provide all or none of parameters" },
    });
    const { token } = await h.user();
    expect(await read(await h.get("/users?extern_uid=1&provider=ldap", { token }))).toEqual({
      status: 403,
      body: { message: "403 Forbidden" },
    });
    expect(await read(await h.get("/users?extern_uid=1&provider=ldap", { token: ROOT_TOKEN }))).toEqual({
      status: 200,
      body: [],
    });
  });

  it("SQL and regex metacharacters, LIKE wildcards, unicode and NUL are text to look for, never a 500", async () => {
    const tag = newTag();
    const { token } = await h.user();
    const percent = await h.user({ name: `${tag} 100%` });
    await h.user({ name: `${tag} 1000` });
    expect(await ids(`/users?search=${encodeURIComponent(`${tag} 100%`)}`, token)).toEqual([percent.user.id]);
    for (const search of ["%", "_", "\\", "'--", "(.*", "ü漢🙂", "\0", "%00"]) {
      const res = await h.get(`/users?search=${encodeURIComponent(search)}`, { token });
      expect(res.status).toBe(200);
      const found = (await res.json()) as { name: string; username: string }[];
      for (const user of found) expect(`${user.name} ${user.username}`).toContain(search);
    }
  });

  it("Link headers keep the search and the other filters on every page", async () => {
    const tag = newTag();
    const { token } = await h.user();
    for (let i = 0; i < 3; i++) await h.user({ name: `${tag} ${i}` });
    const res = await h.get(`/users?search=${tag}&active=true&per_page=2&ignored=1`, { token });
    expect(res.headers.get("x-total")).toBe("3");
    expect(res.headers.get("link")).toBe(
      [
        `<${API}/users?active=true&page=2&per_page=2&search=${tag}>; rel="next"`,
        `<${API}/users?active=true&page=1&per_page=2&search=${tag}>; rel="first"`,
        `<${API}/users?active=true&page=2&per_page=2&search=${tag}>; rel="last"`,
      ].join(", "),
    );
    expect(await ids(`/users?search=${tag}&active=true&per_page=2&page=2`, token)).toHaveLength(1);
  });
});

describe("GET /users state filters", () => {
  async function usersInEveryState(tag: string) {
    const made = {
      active: await h.user({ name: `${tag} active` }),
      blocked: await h.user({ name: `${tag} blocked` }),
      banned: await h.user({ name: `${tag} banned` }),
      deactivated: await h.user({ name: `${tag} deactivated` }),
    };
    await h.core.users.moderate(1, made.blocked.user.id, "block");
    await h.core.users.moderate(1, made.banned.user.id, "ban");
    await h.core.users.moderate(1, made.deactivated.user.id, "deactivate");
    return {
      active: made.active.user.id,
      blocked: made.blocked.user.id,
      banned: made.banned.user.id,
      deactivated: made.deactivated.user.id,
    };
  }

  it("active, blocked and exclude_active map onto states; non-admins never see blocked or banned", async () => {
    const tag = newTag();
    const { token } = await h.user();
    const u = await usersInEveryState(tag);
    const list = (query: string, t: string) => ids(`/users?search=${tag}&order_by=id&sort=asc${query}`, t);
    // Not an admin: order_by and sort are dropped, and the search orders by best match, then name.
    expect(await list("", token)).toEqual([u.active, u.deactivated]);
    expect(await list("&active=true", token)).toEqual([u.active]);
    expect(await list("&blocked=true", token)).toEqual([]);
    expect(await list("&exclude_active=true", token)).toEqual([u.deactivated]);
    expect(await list("", ROOT_TOKEN)).toEqual([u.active, u.blocked, u.banned, u.deactivated]);
    expect(await list("&active=true", ROOT_TOKEN)).toEqual([u.active]);
    expect(await list("&blocked=true", ROOT_TOKEN)).toEqual([u.blocked]);
    expect(await list("&active=true&blocked=true", ROOT_TOKEN)).toEqual([]);
    expect(await list("&exclude_active=true", ROOT_TOKEN)).toEqual([u.blocked, u.banned, u.deactivated]);
    // Grape's Boolean spellings, Python's `True` (python-gitlab sends it) among them.
    for (const spelling of ["True", "yes", "on", "t"])
      expect(await list(`&active=${spelling}`, ROOT_TOKEN)).toEqual([u.active]);
    // `false` filters nothing, as GitLab documents no active=false.
    expect(await list("&active=false&blocked=0", ROOT_TOKEN)).toHaveLength(4);
  });

  it("filters this graph has nothing for: holding nobody, or everyone, as GitLab would", async () => {
    const tag = newTag();
    const { token } = await h.user();
    const u = await usersInEveryState(tag);
    const visible = [u.active, u.deactivated];
    const list = (query: string, t = token) => ids(`/users?search=${tag}${query}`, t);
    for (const nobody of ["&external=true", "&exclude_humans=true"]) expect(await list(nobody)).toEqual([]);
    for (const everyone of [
      "&exclude_external=true",
      "&humans=true",
      "&exclude_internal=true",
      "&without_project_bots=true",
    ])
      expect(await list(everyone)).toEqual(visible);
    // Administrators' filters: ignored for everyone else.
    for (const ignored of [
      "&two_factor=enabled",
      "&auditors=true",
      "&admins=true",
      "&created_after=2999-01-01",
    ])
      expect(await list(ignored)).toEqual(visible);
    expect(await list("&two_factor=enabled", ROOT_TOKEN)).toEqual([]);
    expect(await list("&auditors=true", ROOT_TOKEN)).toEqual([]);
    expect(await list("&two_factor=disabled&without_projects=true", ROOT_TOKEN)).toHaveLength(4);
    expect(await list("&created_after=2999-01-01T00:00:00Z", ROOT_TOKEN)).toEqual([]);
    expect(await list("&created_before=2000-01-01", ROOT_TOKEN)).toEqual([]);
    const res = await h.get(`/users?search=${tag}&external=true`, { token });
    expect(res.headers.get("x-total")).toBe("0");
  });

  it("admins=true: administrators only, for administrators", async () => {
    const tag = newTag();
    const admin = await h.user({ name: `${tag} admin`, isAdmin: true });
    const member = await h.user({ name: `${tag} member` });
    expect(await ids(`/users?search=${tag}&admins=true`, ROOT_TOKEN)).toEqual([admin.user.id]);
    expect(await ids(`/users?search=${tag}&admins=true`, member.token)).toEqual([
      admin.user.id,
      member.user.id,
    ]);
  });

  it("anonymous callers still need a username, and get UserBasic", async () => {
    const tag = newTag();
    const { user } = await h.user({ username: `anon_${tag}` });
    expect((await read(await h.get(`/users?search=${tag}`))).status).toBe(403);
    const { body } = await read(await h.get(`/users?username=anon_${tag}&search=anon`));
    expect(body).toEqual([userBasic(user)]);
    expect(Object.keys((body as object[])[0]!)).toEqual(USER_BASIC_KEYS);
  });
});
