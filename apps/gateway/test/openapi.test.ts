// The OpenAPI documents at /-/openapi/{github,gitlab}.json on the real server: valid OpenAPI 3.1,
// one operation for every route each dialect serves (a route added without a description fails
// here), servers on the server's own origin, and real answers that conform to the schemas.
import { createTestDatabase, type TestDatabase } from "@follow-graph/core/testing";
import { createGitHubApp } from "@follow-graph/github";
import { createGitLabApp } from "@follow-graph/gitlab";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway } from "../src/gateway.ts";
import {
  type Document,
  documentedOperations,
  fetchDocument,
  responseErrors,
  servedOperations,
} from "./openapi-support.ts";
import {
  createGitHubUserWithToken,
  createUserWithToken,
  ROOT_TOKEN,
  startTestServer,
  type TestServer,
} from "./test-server.ts";

// The documents do not depend on the database engine: this runs in the PGlite pass only.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("the OpenAPI documents", () => {
  let server: TestServer;
  let database: TestDatabase;
  let github: Document;
  let gitlab: Document;

  beforeAll(async () => {
    [server, database] = await Promise.all([startTestServer(), createTestDatabase()]);
    [github, gitlab] = await Promise.all([
      fetchDocument(server.url, "github"),
      fetchDocument(server.url, "gitlab"),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.cleanup();
  });

  it("are valid OpenAPI 3.1", async () => {
    for (const document of [github, gitlab]) {
      expect(document.openapi).toBe("3.1.0");
      const result = await new Validator().validate(
        structuredClone(document) as unknown as Record<string, unknown>,
      );
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
    }
  });

  it("point their servers at this server, with each layout's prefix", () => {
    expect(github.servers.map((s) => s.url)).toEqual([server.url, `${server.url}/api/v3`]);
    expect(gitlab.servers.map((s) => s.url)).toEqual([`${server.url}/api/v4`]);
  });

  it("describe every route each dialect serves, and nothing else", () => {
    const core = database.core;
    expect(documentedOperations(github)).toEqual(servedOperations(createGitHubApp({ core })));
    expect(documentedOperations(gitlab)).toEqual(servedOperations(createGitLabApp({ core }), "/api/v4"));
    // The follower operations are there by name, so the comparison above is not of two empty lists.
    expect(documentedOperations(github)).toContain("GET /users/{username}/following/{target_user}");
    expect(documentedOperations(gitlab)).toContain("POST /users/{id}/follow");
  });

  it("give every operation a unique id", () => {
    for (const document of [github, gitlab]) {
      const ids = Object.values(document.paths).flatMap((item) =>
        Object.values(item).map((op) => op.operationId),
      );
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it("take PUBLIC_URL for their servers when it is set", async () => {
    const gateway = createGateway({
      core: database.core,
      publicUrl: "https://follow-graph.example.test:8443",
    });
    const answer = await gateway.fetch(new Request("http://127.0.0.1/-/openapi/gitlab.json"));
    const document = (await answer.json()) as Document;
    expect(document.servers.map((s) => s.url)).toEqual(["https://follow-graph.example.test:8443/api/v4"]);
  });

  it("answer only reads, and 404 for documents that do not exist", async () => {
    const posted = await fetch(`${server.url}/-/openapi/github.json`, { method: "POST" });
    expect([posted.status, posted.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
    expect((await fetch(`${server.url}/-/openapi/gitea.json`)).status).toBe(404);
    // Paths that merely start alike are still the dialects' (GitHub's 404 in its shape).
    const near = await fetch(`${server.url}/-/docsx`);
    expect([near.status, ((await near.json()) as { message: string }).message]).toEqual([404, "Not Found"]);
  });

  it("match what GitHub's routes really answer", async () => {
    const [alice, bob] = await Promise.all([
      createGitHubUserWithToken(server.url, "oa-alice", ["user"]),
      createGitHubUserWithToken(server.url, "oa-bob", ["user"]),
    ]);
    const as = (user: { token: string }) => ({ Authorization: `token ${user.token}` });
    const rootJson = { Authorization: `token ${ROOT_TOKEN}`, "Content-Type": "application/json" };
    expect(
      (await fetch(`${server.url}/user/following/oa-bob`, { method: "PUT", headers: as(alice) })).status,
    ).toBe(204);
    const samples: Array<[string, string, RequestInit?]> = [
      ["GET /users/{username}/followers", "/users/oa-bob/followers"],
      ["GET /users/{username}/following", "/users/oa-alice/following"],
      ["GET /user/followers", "/user/followers", { headers: as(bob) }],
      ["GET /user/following", "/user/following", { headers: as(alice) }],
      ["GET /user/{id}/followers", `/user/${bob.id}/followers`],
      ["GET /users/{username}", "/users/oa-alice"],
      ["GET /user", "/user", { headers: as(alice) }],
      ["GET /user/{id}", `/user/${alice.id}`, { headers: { Authorization: `token ${ROOT_TOKEN}` } }],
      ["GET /", "/"],
      ["GET /user/following/{username}", "/user/following/oa-alice", { headers: as(bob) }],
      ["GET /users/{username}/following/{target_user}", "/users/oa-bob/following/oa-alice"],
      [
        "PUT /user/following/{username}",
        "/user/following/nobody-here",
        { method: "PUT", headers: as(alice) },
      ],
      ["GET /rate_limit", "/rate_limit"],
      [
        "POST /admin/users",
        "/api/v3/admin/users",
        {
          method: "POST",
          headers: rootJson,
          body: JSON.stringify({ login: "oa_erin", email: "erin@example.com" }),
        },
      ],
      [
        "POST /admin/users/{username}/authorizations",
        "/api/v3/admin/users/oa-erin/authorizations",
        { method: "POST", headers: rootJson, body: JSON.stringify({ scopes: ["user"] }) },
      ],
      [
        "POST /admin/users",
        "/api/v3/admin/users",
        { method: "POST", headers: rootJson, body: JSON.stringify({ login: "oa-frank" }) },
      ],
      ["GET /users/{username}/followers", "/api/v3/users/oa-bob/followers"],
    ];
    for (const [operation, path, init] of samples) {
      const answer = await fetch(`${server.url}${path}`, init);
      const body = answer.status === 204 ? undefined : await answer.json();
      if (body === undefined) continue;
      expect({
        operation,
        status: answer.status,
        errors: responseErrors(github, operation, answer.status, body),
      }).toEqual({
        operation,
        status: answer.status,
        errors: null,
      });
    }
    // Conformance of a list is only shown by a list with someone in it.
    const followers = await (await fetch(`${server.url}/users/oa-bob/followers`)).json();
    expect(followers).toHaveLength(1);
  });

  it("match what GitLab's routes really answer", async () => {
    const [carol, dave] = await Promise.all([
      createUserWithToken(server.url, "oa-carol"),
      createUserWithToken(server.url, "oa-dave"),
    ]);
    const as = (user: { token: string }) => ({ "PRIVATE-TOKEN": user.token });
    const admin = { "PRIVATE-TOKEN": ROOT_TOKEN };
    const samples: Array<[string, string, RequestInit?]> = [
      ["POST /users/{id}/follow", `/users/${dave.id}/follow`, { method: "POST", headers: as(carol) }],
      ["GET /users/{id}/followers", `/users/${dave.id}/followers`, { headers: as(carol) }],
      ["GET /users/{id}/following", `/users/${carol.id}/following`, { headers: as(dave) }],
      ["GET /users/{id}", `/users/${dave.id}`, { headers: as(carol) }],
      ["GET /users/{id}", `/users/${dave.id}`, { headers: admin }],
      ["GET /user", "/user", { headers: as(carol) }],
      ["GET /user", "/user", { headers: admin }],
      ["GET /users", "/users?username=oa-dave"],
      ["GET /users", "/users", { headers: admin }],
      ["GET /users/{id}/followers", "/users/99999999/followers", { headers: as(carol) }],
      ["GET /users/{id}/followers", `/users/${dave.id}/followers?per_page=0`, { headers: as(carol) }],
      ["GET /users/{id}/followers", `/users/${dave.id}/followers`],
      ["POST /users/{id}/unfollow", `/users/${dave.id}/unfollow`, { method: "POST", headers: as(carol) }],
      [
        "POST /users/{user_id}/impersonation_tokens",
        `/users/${dave.id}/impersonation_tokens`,
        {
          method: "POST",
          headers: { ...admin, "Content-Type": "application/json" },
          body: JSON.stringify({ name: "docs", scopes: ["api"] }),
        },
      ],
      [
        "GET /users/{user_id}/impersonation_tokens",
        `/users/${dave.id}/impersonation_tokens`,
        { headers: admin },
      ],
      [
        "POST /users",
        "/users",
        {
          method: "POST",
          headers: { ...admin, "Content-Type": "application/json" },
          body: JSON.stringify({
            username: "oa-gina",
            name: "Gina",
            email: "gina@example.com",
            password: "long-enough-password",
          }),
        },
      ],
    ];
    const statuses: number[] = [];
    for (const [operation, path, init] of samples) {
      const answer = await fetch(`${server.url}/api/v4${path}`, init);
      statuses.push(answer.status);
      const body = await answer.json();
      expect({
        operation,
        status: answer.status,
        errors: responseErrors(gitlab, operation, answer.status, body),
      }).toEqual({
        operation,
        status: answer.status,
        errors: null,
      });
    }
    // The samples reach the success and the error shapes both.
    expect(statuses).toEqual([
      201, 200, 200, 200, 200, 200, 200, 200, 200, 404, 400, 403, 201, 201, 200, 201,
    ]);
  });
});
