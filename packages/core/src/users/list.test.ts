import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, userInput } from "../testing/index.ts";
import type { UserListFilter, UserListOrder } from "./list-query.ts";
import type { User } from "./user.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.cleanup());

const ADMIN = { isAdmin: true };
const MEMBER = { isAdmin: false };
const NEWEST_FIRST: UserListOrder = { by: "id", direction: "desc" };

// Every test's users carry a tag of their own, so one file's database serves them all.
let tagCount = 0;
const newTag = () => `tag${Date.now().toString(36)}x${(tagCount++).toString(36)}`;

async function create(fields: Partial<ReturnType<typeof userInput>> & { publicEmail?: string }) {
  return t.core.users.createUser({ ...userInput(), ...fields });
}

async function list(
  viewer: { isAdmin: boolean } | null,
  filter: UserListFilter,
  order: UserListOrder = NEWEST_FIRST,
  page = { limit: 100, offset: 0 },
) {
  const { users, total } = await t.core.users.listUsers(viewer, filter, order, page, 10_001);
  return { ids: users.map((u: User) => u.id), total };
}

describe("listUsers: search", () => {
  it("matches names and usernames by substring, ignoring case, and public emails whole", async () => {
    const tag = newTag();
    const byName = await create({ name: `Ann ${tag.toUpperCase()} Smith` });
    const byUsername = await create({ username: `u_${tag}_x` });
    const byPublicEmail = await create({ publicEmail: `${tag}@public.example` });
    await create({ name: "someone else" });
    expect((await list(MEMBER, { search: tag })).ids).toEqual([byUsername.id, byName.id]);
    expect((await list(MEMBER, { search: `${tag.toUpperCase()}@PUBLIC.example` })).ids).toEqual([
      byPublicEmail.id,
    ]);
    // A part of an email address is no match: GitLab matches emails whole.
    expect((await list(MEMBER, { search: `${tag}@public` })).ids).toEqual([]);
  });

  it("compares primary emails only for administrators", async () => {
    const tag = newTag();
    const user = await create({ email: `${tag}@private.example` });
    expect((await list(MEMBER, { search: user.email })).ids).toEqual([]);
    expect((await list(null, { search: user.email })).ids).toEqual([]);
    expect((await list(ADMIN, { search: user.email.toUpperCase() })).ids).toEqual([user.id]);
  });

  it("reads a leading @ as a mention and ignores surrounding blanks; a blank search holds everyone", async () => {
    const tag = newTag();
    const user = await create({ username: `at_${tag}` });
    expect((await list(MEMBER, { search: `  @at_${tag} ` })).ids).toEqual([user.id]);
    const everyone = await list(ADMIN, {});
    for (const blank of ["", "   ", "@"]) expect(await list(ADMIN, { search: blank })).toEqual(everyone);
  });

  it("takes LIKE's wildcards and backslash literally", async () => {
    const tag = newTag();
    const percent = await create({ name: `w${tag}%x` });
    const underscore = await create({ name: `w${tag}_x` });
    const backslash = await create({ name: `w${tag}\\x` });
    const plain = await create({ name: `w${tag}yx` });
    expect((await list(MEMBER, { search: `w${tag}%` })).ids).toEqual([percent.id]);
    expect((await list(MEMBER, { search: `w${tag}_` })).ids).toEqual([underscore.id]);
    expect((await list(MEMBER, { search: `w${tag}\\` })).ids).toEqual([backslash.id]);
    expect((await list(MEMBER, { search: `${tag}%x` })).ids).toEqual([percent.id]);
    expect((await list(MEMBER, { search: `w${tag}` })).ids).toEqual([
      plain.id,
      backslash.id,
      underscore.id,
      percent.id,
    ]);
  });

  it("treats SQL and regex metacharacters, unicode and NUL as text to look for", async () => {
    const tag = newTag();
    const quoted = await create({ name: `O'Brien (${tag}) [.*]` });
    const unicode = await create({ name: `Zoë ${tag} 漢字 🙂` });
    expect((await list(MEMBER, { search: `O'Brien (${tag})` })).ids).toEqual([quoted.id]);
    expect((await list(MEMBER, { search: "[.*]" })).ids).toContain(quoted.id);
    expect((await list(MEMBER, { search: `zoë ${tag} 漢字 🙂` })).ids).toEqual([unicode.id]);
    for (const search of ["'; drop table users; --", "^$", "a|b)", "a\0b", "\uFFFD"])
      expect((await list(MEMBER, { search })).ids).toEqual([]);
    expect((await list(MEMBER, { search: quoted.username })).ids).toEqual([quoted.id]);
  });

  it("orders a best-match search by exact public email, username, name, then by name and id", async () => {
    const tag = newTag();
    const containsOnly = await create({ name: `a ${tag} z` });
    const exactName = await create({ name: tag });
    const exactUsername = await create({ username: tag, name: `b ${tag}` });
    const exactPublicEmail = await create({ publicEmail: `${tag}@x.example`, name: `c ${tag}` });
    const sameNameLater = await create({ name: `a ${tag} z` });
    const emailAsName = await create({ name: `${tag}@x.example` });
    expect((await list(MEMBER, { search: tag }, "best_match")).ids).toEqual([
      exactUsername.id,
      exactName.id,
      containsOnly.id,
      sameNameLater.id,
      exactPublicEmail.id,
      emailAsName.id,
    ]);
    expect((await list(MEMBER, { search: `${tag}@x.example` }, "best_match")).ids).toEqual([
      exactPublicEmail.id,
      emailAsName.id,
    ]);
    // Without a search there is nothing to match: newest first.
    const newest = await list(MEMBER, {}, "best_match", { limit: 1, offset: 0 });
    expect(newest.ids).toEqual((await list(MEMBER, {}, NEWEST_FIRST, { limit: 1, offset: 0 })).ids);
  });
});

describe("listUsers: states, fields and order", () => {
  it("hides blocked and banned users from everyone but administrators, whatever the filter asks", async () => {
    const tag = newTag();
    const [active, blocked, banned, deactivated] = [
      await create({ name: `${tag} active` }),
      await create({ name: `${tag} blocked` }),
      await create({ name: `${tag} banned` }),
      await create({ name: `${tag} deactivated` }),
    ];
    await t.core.users.moderate(1, blocked.id, "block");
    await t.core.users.moderate(1, banned.id, "ban");
    await t.core.users.moderate(1, deactivated.id, "deactivate");
    const ascending: UserListOrder = { by: "id", direction: "asc" };
    expect((await list(MEMBER, { search: tag }, ascending)).ids).toEqual([active.id, deactivated.id]);
    expect((await list(null, { search: tag, states: ["blocked"] })).ids).toEqual([]);
    expect((await list(ADMIN, { search: tag }, ascending)).ids).toEqual([
      active.id,
      blocked.id,
      banned.id,
      deactivated.id,
    ]);
    expect((await list(ADMIN, { search: tag, states: ["blocked"] })).ids).toEqual([blocked.id]);
    expect((await list(ADMIN, { search: tag, states: [] })).ids).toEqual([]);
    expect((await list(ADMIN, { search: tag, exceptStates: ["active"] }, ascending)).ids).toEqual([
      blocked.id,
      banned.id,
      deactivated.id,
    ]);
    expect((await list(MEMBER, { search: tag, exceptStates: ["active"] })).ids).toEqual([deactivated.id]);
  });

  it("finds a username exactly, ignoring case, and never by part", async () => {
    const user = await create({ username: `Exact_${newTag()}` });
    expect((await list(MEMBER, { username: user.username.toUpperCase() })).ids).toEqual([user.id]);
    expect((await list(MEMBER, { username: user.username.slice(0, -1) })).ids).toEqual([]);
    expect((await list(MEMBER, { username: "a\0b" })).ids).toEqual([]);
  });

  it("filters administrators and creation times", async () => {
    const tag = newTag();
    const before = await create({ name: `${tag} one` });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const admin = await t.core.users.createUser({ ...userInput(), name: `${tag} two`, isAdmin: true });
    expect((await list(ADMIN, { search: tag, isAdmin: true })).ids).toEqual([admin.id]);
    expect((await list(ADMIN, { search: tag, isAdmin: false })).ids).toEqual([before.id]);
    expect((await list(ADMIN, { search: tag, createdAfter: admin.createdAt })).ids).toEqual([admin.id]);
    expect(
      (await list(ADMIN, { search: tag, createdBefore: new Date(before.createdAt.getTime() + 1) })).ids,
    ).toEqual([before.id]);
  });

  it("orders by a field either way, ties broken by id in the same direction", async () => {
    const tag = newTag();
    const b1 = await create({ name: `${tag} b`, username: `zz_${tag}` });
    const a = await create({ name: `${tag} a`, username: `yy_${tag}` });
    const b2 = await create({ name: `${tag} b`, username: `xx_${tag}` });
    expect((await list(ADMIN, { search: tag }, { by: "name", direction: "asc" })).ids).toEqual([
      a.id,
      b1.id,
      b2.id,
    ]);
    expect((await list(ADMIN, { search: tag }, { by: "name", direction: "desc" })).ids).toEqual([
      b2.id,
      b1.id,
      a.id,
    ]);
    expect((await list(ADMIN, { search: tag }, { by: "username", direction: "asc" })).ids).toEqual([
      b2.id,
      a.id,
      b1.id,
    ]);
    expect((await list(ADMIN, { search: tag }, { by: "createdAt", direction: "asc" })).ids).toEqual([
      b1.id,
      a.id,
      b2.id,
    ]);
    await t.core.users.updateUser(b1.id, { bio: "changed" });
    expect((await list(ADMIN, { search: tag }, { by: "updatedAt", direction: "desc" })).ids[0]).toBe(b1.id);
  });

  it("pages through what the filter holds and counts only that", async () => {
    const tag = newTag();
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await create({ name: `${tag} ${i}` }));
    const ids = made.map((u) => u.id).reverse();
    expect(await list(MEMBER, { search: tag }, NEWEST_FIRST, { limit: 2, offset: 0 })).toEqual({
      ids: ids.slice(0, 2),
      total: 5,
    });
    expect(await list(MEMBER, { search: tag }, NEWEST_FIRST, { limit: 2, offset: 4 })).toEqual({
      ids: ids.slice(4),
      total: 5,
    });
    const capped = await t.core.users.listUsers(
      MEMBER,
      { search: tag },
      NEWEST_FIRST,
      { limit: 1, offset: 0 },
      3,
    );
    expect(capped.total).toBe(3);
  });
});
