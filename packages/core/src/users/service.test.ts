import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, userInput } from "../testing/index.ts";
import { transition } from "./moderation.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.cleanup());

describe("createUser", () => {
  it("stores a user with defaults and zero counts", async () => {
    const input = userInput();
    const user = await t.core.users.createUser(input);
    expect(user).toMatchObject({
      ...input,
      state: "active",
      isAdmin: false,
      privateProfile: false,
      followingEnabled: true,
    });
    expect(user.id).toBeGreaterThan(1);
    expect((await t.core.users.findUser(user.id))?.counts).toEqual({ followers: 0, following: 0 });
  });

  it("refuses usernames and emails already taken, ignoring case", async () => {
    const input = userInput();
    await t.core.users.createUser(input);
    await expect(
      t.core.users.createUser({ ...userInput(), username: input.username.toUpperCase() }),
    ).rejects.toMatchObject({ code: "username_taken", message: "Username has already been taken" });
    await expect(
      t.core.users.createUser({ ...userInput(), email: input.email.toUpperCase() }),
    ).rejects.toMatchObject({ code: "email_taken" });
  });

  it("validates fields and reports every problem by field", async () => {
    const error = await t.core.users
      .createUser({ username: "-bad name", name: "", email: "not-an-email" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "invalid_input" });
    expect(Object.keys((error as { fields: object }).fields).sort()).toEqual(["email", "name", "username"]);
  });

  it("reports each field's problems as data, not in a dialect's words", async () => {
    const error = await t.core.users
      .createUser({ username: "-bad name", name: "", email: "not-an-email", bio: "b".repeat(256) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "invalid_input",
      data: {
        fields: {
          username: [{ problem: "not_a_username" }],
          name: [{ problem: "blank" }],
          email: [{ problem: "not_an_email" }],
          bio: [{ problem: "too_long", max: 255 }],
        },
      },
    });
    await expect(t.core.users.createUser({ ...userInput(), name: "a\0b" })).rejects.toMatchObject({
      data: { fields: { name: [{ problem: "null_byte" }] } },
    });
    await expect(
      t.core.users.createUser({ ...userInput(), username: "repo.git", isAdmin: "yes" as never }),
    ).rejects.toMatchObject({
      data: { fields: { username: [{ problem: "reserved_suffix" }], isAdmin: [{ problem: "wrong_type" }] } },
    });
  });

  it("finds users by username case-insensitively", async () => {
    const input = userInput("Mixed");
    const user = await t.core.users.createUser(input);
    expect((await t.core.users.findUser({ username: input.username.toLowerCase() }))?.id).toBe(user.id);
  });
});

describe("ensureRoot", () => {
  it("creates the administrator root as id 1, once", async () => {
    const root = await t.core.users.ensureRoot();
    expect(root).toMatchObject({ id: 1, username: "root", isAdmin: true });
    expect((await t.core.users.ensureRoot()).id).toBe(1);
  });
});

describe("updateUser", () => {
  it("changes fields and keeps the username unique", async () => {
    const [a, b] = [await t.core.users.createUser(userInput()), await t.core.users.createUser(userInput())];
    const updated = await t.core.users.updateUser(a.id, { name: "Renamed", privateProfile: true });
    expect(updated).toMatchObject({ name: "Renamed", privateProfile: true });
    await expect(t.core.users.updateUser(a.id, { username: b.username })).rejects.toMatchObject({
      code: "username_taken",
    });
    await expect(t.core.users.updateUser(987654, { name: "x" })).rejects.toMatchObject({
      code: "user_not_found",
    });
  });
});

describe("moderation", () => {
  it.each([
    ["block", "active", false, { kind: "to", state: "blocked" }],
    ["block", "blocked", false, { kind: "unchanged" }],
    ["block", "active", true, { kind: "refused", refusal: { reason: "own_account", action: "block" } }],
    ["unblock", "blocked", false, { kind: "to", state: "active" }],
    ["unblock", "active", false, { kind: "failed" }],
    [
      "unblock",
      "deactivated",
      false,
      { kind: "refused", refusal: { reason: "deactivated", action: "unblock" } },
    ],
    ["ban", "active", false, { kind: "to", state: "banned" }],
    [
      "ban",
      "blocked",
      false,
      { kind: "refused", refusal: { reason: "not_active", action: "ban", from: "blocked" } },
    ],
    ["unban", "banned", false, { kind: "to", state: "active" }],
    [
      "unban",
      "active",
      false,
      { kind: "refused", refusal: { reason: "not_banned", action: "unban", from: "active" } },
    ],
    ["deactivate", "active", false, { kind: "to", state: "deactivated" }],
    ["deactivate", "deactivated", false, { kind: "unchanged" }],
    [
      "deactivate",
      "blocked",
      false,
      { kind: "refused", refusal: { reason: "blocked", action: "deactivate", from: "blocked" } },
    ],
    ["activate", "deactivated", false, { kind: "to", state: "active" }],
    ["activate", "active", false, { kind: "unchanged" }],
    [
      "activate",
      "banned",
      false,
      { kind: "refused", refusal: { reason: "blocked", action: "activate", from: "banned" } },
    ],
  ] as const)("%s on a %s user (self: %s)", (action, state, self, expected) => {
    expect(transition(action, state, self)).toEqual(expected);
  });

  it("applies a transition and reports refusals as transition_refused", async () => {
    const user = await t.core.users.createUser(userInput());
    expect(await t.core.users.moderate(1, user.id, "ban")).toBe(true);
    expect((await t.core.users.findUser(user.id))?.state).toBe("banned");
    await expect(t.core.users.moderate(1, user.id, "deactivate")).rejects.toMatchObject({
      code: "transition_refused",
    });
    expect(await t.core.users.moderate(1, user.id, "unban")).toBe(true);
    expect(await t.core.users.moderate(1, user.id, "unblock")).toBe(false);
    await expect(t.core.users.moderate(1, 987654, "block")).rejects.toMatchObject({ code: "user_not_found" });
  });

  it("refuses acting on one's own account with the action as data", async () => {
    const admin = await t.core.users.createUser({ ...userInput(), isAdmin: true });
    for (const [attempt, action] of [
      [() => t.core.users.moderate(admin.id, admin.id, "block"), "block"],
      [() => t.core.users.deleteUser(admin.id, admin.id), "delete"],
      [() => t.core.users.setAdmin(admin.id, admin.id, false), "demote"],
    ] as const)
      await expect(attempt()).rejects.toMatchObject({
        code: "transition_refused",
        data: { reason: "own_account", action },
      });
    expect((await t.core.users.findUser(admin.id))?.isAdmin).toBe(true);
  });
});
