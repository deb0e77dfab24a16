// follow-graph/testing as a suite uses it (the README's example): one emulator for the file,
// a fresh graph before each test, real clients over real HTTP. On PostgreSQL when
// TEST_DATABASE_URL is set, in a scratch database of its own.

import { createScratchDatabase } from "@follow-graph/core/testing";
import { Gitlab } from "@gitbeaker/rest";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FollowGraph, startFollowGraph } from "../src/testing.ts";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const server = process.env.TEST_DATABASE_URL;
const scratch = server ? await createScratchDatabase(server) : undefined;

let graph: FollowGraph;
beforeAll(async () => {
  graph = await startFollowGraph(scratch ? { databaseUrl: scratch.url } : {});
});
afterAll(async () => {
  await graph?.close();
  await scratch?.drop();
});
beforeEach(() => graph.reset());

describe("startFollowGraph", () => {
  it("serves Octokit and gitbeaker one graph", async () => {
    const alice = await graph.createUser({ username: "alice" });
    const bob = await graph.createUser({ username: "bob" });
    const octokit = new Octokit({ baseUrl: graph.githubUrl, auth: alice.token, log: quiet });
    await octokit.rest.users.follow({ username: "bob" });

    const gitlab = new Gitlab({ host: graph.url, token: bob.token });
    const followers = await gitlab.Users.allFollowers(bob.id);
    expect(followers.map((user) => user.username)).toEqual(["alice"]);
    const enterprise = new Octokit({ baseUrl: graph.enterpriseUrl, auth: bob.token, log: quiet });
    const { data: me } = await enterprise.rest.users.getAuthenticated();
    expect(me).toMatchObject({ login: "bob", followers: 1 });
  });

  it("starts each test from an empty graph: root alone, with the same token", async () => {
    const gitlab = new Gitlab({ host: graph.url, token: graph.rootToken });
    const users = await gitlab.Users.all();
    expect(users.map((user) => user.username)).toEqual(["root"]);
    // The next user gets id 2 again, so suites may hard-code GitLab's numeric routes.
    expect((await graph.createUser({ username: "carol" })).id).toBe(2);
  });

  it("follows and unfollows from the test's side, snapshots and restores", async () => {
    await graph.createUser({ username: "alice" });
    const bob = await graph.createUser({ username: "bob", scopes: ["read:user"] });
    await graph.follow("alice", "bob");
    const snapshot = await graph.snapshot();
    await graph.unfollow("alice", bob.id);
    const octokit = new Octokit({ baseUrl: graph.githubUrl, auth: bob.token, log: quiet });
    expect((await octokit.rest.users.listFollowersForAuthenticatedUser()).data).toEqual([]);
    await graph.restore(snapshot);
    const { data } = await octokit.rest.users.listFollowersForAuthenticatedUser();
    expect(data.map((user) => user.login)).toEqual(["alice"]);
  });

  it("journals the requests, with the caller and never a secret", async () => {
    const alice = await graph.createUser({ username: "alice" });
    const response = await fetch(`${graph.gitlabUrl}/user?private_token=${alice.token}`);
    expect(response.status).toBe(200);
    const last = graph.requests().at(-1);
    expect(last).toMatchObject({ method: "GET", path: "/api/v4/user", dialect: "gitlab", status: 200 });
    expect(last?.callerId).toBe(alice.id);
    expect(JSON.stringify(graph.requests())).not.toContain(alice.token);
  });

  it("refuses a bad fixture naming every bad path, loading nothing", async () => {
    const load = graph.loadFixtures({ users: [{ username: "dave" }, { username: "" }, { name: "x" }] });
    await expect(load).rejects.toThrow(/users\[1\]\.username[\s\S]*users\[2\]\.username/);
    const gitlab = new Gitlab({ host: graph.url, token: graph.rootToken });
    expect((await gitlab.Users.all()).map((user) => user.username)).toEqual(["root"]);
  });
});

describe("startFollowGraph with fixtures", () => {
  it("loads them at the start and brings them back on reset()", async () => {
    const own = await startFollowGraph({
      fixtures: {
        users: [
          { username: "erin", token: "erin-token-0001" },
          { username: "frank", token: "frank-token-0001" },
        ],
        follows: [["erin", "frank"]],
      },
      rootToken: "root-token-for-fixtures",
    });
    try {
      expect(own.rootToken).toBe("root-token-for-fixtures");
      const octokit = new Octokit({ baseUrl: own.githubUrl, auth: "frank-token-0001", log: quiet });
      await own.unfollow("erin", "frank");
      expect((await octokit.rest.users.listFollowersForAuthenticatedUser()).data).toEqual([]);
      await own.reset();
      const { data } = await octokit.rest.users.listFollowersForAuthenticatedUser();
      expect(data.map((user) => user.login)).toEqual(["erin"]);
    } finally {
      await own.close();
    }
  }, 120_000);
});
