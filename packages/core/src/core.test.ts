import { describe, expect, it } from "vitest";
import { createCore } from "./core.ts";
import { createTestDatabase } from "./testing/index.ts";

describe("createCore", () => {
  it("lets no driver error escape: a dead database becomes `unavailable`", async () => {
    const t = await createTestDatabase();
    const reported: unknown[] = [];
    const core = createCore({ db: t.database.db, onUnexpectedError: (e) => reported.push(e) });
    await t.cleanup();
    await expect(core.users.findUser(1)).rejects.toMatchObject({ name: "DomainError", code: "unavailable" });
    await expect(core.follows.follow(2, 3)).rejects.toMatchObject({ code: "unavailable" });
    expect(reported.length).toBe(2);
  });
});
