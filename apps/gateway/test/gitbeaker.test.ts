import { Gitlab } from "@gitbeaker/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserWithToken, startTestServer, type TestServer } from "./test-server.ts";

let server: TestServer;
let alice: Awaited<ReturnType<typeof createUserWithToken>>;
let bob: Awaited<ReturnType<typeof createUserWithToken>>;
let followers: Awaited<ReturnType<typeof createUserWithToken>>[];

beforeAll(async () => {
  server = await startTestServer();
  alice = await createUserWithToken(server.url, "alice");
  bob = await createUserWithToken(server.url, "bob");
  followers = [];
  for (let i = 0; i < 5; i++) followers.push(await createUserWithToken(server.url, `fan${i}`));
});
afterAll(() => server.stop());

const client = (token: string) => new Gitlab({ host: server.url, token });

describe("@gitbeaker/rest against the running server", () => {
  it("follows: 201 with the followed user", async () => {
    const user = await client(alice.token).Users.follow(bob.id);
    expect(user).toMatchObject({ id: bob.id, username: "bob", state: "active" });
  });

  it("surfaces a repeat follow as GitLab's 304, which gitbeaker throws", async () => {
    const error = await client(alice.token)
      .Users.follow(bob.id)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "GitbeakerRequestError", cause: { response: { status: 304 } } });
  });

  it("walks allFollowers and allFollowing across pages by the Link header, in id order", async () => {
    for (const fan of followers) await client(fan.token).Users.follow(bob.id);
    const all = await client(alice.token).Users.allFollowers(bob.id, { perPage: 2 });
    expect(all.map((u) => u.username)).toEqual(["alice", ...followers.map((f) => f.username)]);
    for (const fan of followers) await client(alice.token).Users.follow(fan.id);
    const following = await client(bob.token).Users.allFollowing(alice.id, { perPage: 2 });
    expect(following.map((u) => u.id)).toEqual([bob.id, ...followers.map((f) => f.id)]);
  });

  it("reads the pagination headers with showExpanded", async () => {
    const { data, paginationInfo } = await client(alice.token).Users.allFollowers(bob.id, {
      perPage: 2,
      page: 2,
      showExpanded: true,
    });
    expect(data).toHaveLength(2);
    expect(paginationInfo).toMatchObject({
      total: 6,
      totalPages: 3,
      current: 2,
      next: 3,
      previous: 1,
      perPage: 2,
    });
  });

  it("unfollows: 201, then 304 once nothing is left to remove", async () => {
    const user = await client(alice.token).Users.unfollow(bob.id);
    expect(user).toMatchObject({ id: bob.id });
    const error = await client(alice.token)
      .Users.unfollow(bob.id)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ cause: { response: { status: 304 } } });
    const all = await client(bob.token).Users.allFollowers(bob.id, { perPage: 100 });
    expect(all.map((u) => u.username)).not.toContain("alice");
  });

  it("shows counts and is_followed on Users.show", async () => {
    const shown = await client(followers[0]!.token).Users.show(bob.id);
    expect(shown).toMatchObject({ followers: 5, following: 0, is_followed: true });
  });

  it("acts for another user with sudo", async () => {
    const root = new Gitlab({ host: server.url, token: "root-test-token-0123456789", sudo: "bob" });
    await root.Users.follow(alice.id);
    const all = await client(alice.token).Users.allFollowers(alice.id);
    expect(all.map((u) => u.username)).toContain("bob");
  });
});
