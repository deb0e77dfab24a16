import { describe, expect, it } from "vitest";
import { setupGitHub } from "./testing.ts";

const h = setupGitHub();

describe.each([
  { layout: "api.github.com", prefix: "" },
  { layout: "GHES", prefix: "/api/v3" },
])("Cache-Control on 204s ($layout)", ({ prefix }) => {
  it("a read's 204 carries GitHub's usual value: private signed in, public anonymous", async () => {
    const [fan, star] = await h.users(2);
    await h.follow(fan!.user.id, star!.user.id);
    const mine = await h.get(`${prefix}/user/following/${star!.user.username}`, { token: fan!.token });
    expect(mine.status).toBe(204);
    expect(mine.headers.get("Cache-Control")).toBe("private, max-age=60, s-maxage=60");
    const theirs = await h.get(`${prefix}/users/${fan!.user.username}/following/${star!.user.username}`);
    expect(theirs.status).toBe(204);
    expect(theirs.headers.get("Cache-Control")).toBe("public, max-age=60, s-maxage=60");
  });

  it("the answer 'not following' (404) is still not kept for a minute", async () => {
    const [fan, star] = await h.users(2);
    const res = await h.get(`${prefix}/user/following/${star!.user.username}`, { token: fan!.token });
    expect(res.status).toBe(404);
    expect(res.headers.get("Cache-Control")).toBe("no-cache");
  });
});
