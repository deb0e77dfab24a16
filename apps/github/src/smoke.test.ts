import { describe, expect, it } from "vitest";
import { read, setupGitHub } from "./testing.ts";

const h = setupGitHub();

describe("smoke", () => {
  it("follows and lists", async () => {
    const [a, b] = await h.users(2);
    const put = await h.put(`/user/following/${b!.user.username}`, { token: a!.token });
    expect(put.status).toBe(204);
    const list = await read(await h.get(`/api/v3/users/${b!.user.username}/followers`));
    expect(list.status).toBe(200);
    expect((list.body as { login: string }[]).map((u) => u.login)).toEqual([a!.user.username]);
  });
});
