// Where this server's documents of the follower operations differ from the publishers' own:
// GitHub's description (github/rest-api-description, as @octokit/openapi-types 29 renders it)
// and GitLab's "User follow and unfollow API" page. The publishers' facts are pinned here (not
// copied files), and so are the differences kept, each with its reason: a change on either
// side fails this test until the difference is looked at.
import { createTestDatabase, type TestDatabase } from "@follow-graph/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway } from "../src/gateway.ts";
import { type Document, operationOf, type Schema } from "./openapi-support.ts";

interface Facts {
  parameters: string[];
  statuses: number[];
  /** The success body: a component's name, `name[]` for a list of them, or null for none. */
  body: string | null;
}

// GitHub's description of the follower operations: parameter names, response statuses, body.
const GITHUB_PUBLISHED: Record<string, Facts> = {
  "GET /users/{username}/followers": {
    parameters: ["page", "per_page", "username"],
    statuses: [200],
    body: "simple-user[]",
  },
  "GET /users/{username}/following": {
    parameters: ["page", "per_page", "username"],
    statuses: [200],
    body: "simple-user[]",
  },
  "GET /user/followers": {
    parameters: ["page", "per_page"],
    statuses: [200, 304, 401, 403],
    body: "simple-user[]",
  },
  "GET /user/following": {
    parameters: ["page", "per_page"],
    statuses: [200, 304, 401, 403],
    body: "simple-user[]",
  },
  "GET /user/following/{username}": {
    parameters: ["username"],
    statuses: [204, 304, 401, 403, 404],
    body: null,
  },
  "PUT /user/following/{username}": {
    parameters: ["username"],
    statuses: [204, 304, 401, 403, 404, 422],
    body: null,
  },
  "DELETE /user/following/{username}": {
    parameters: ["username"],
    statuses: [204, 304, 401, 403, 404],
    body: null,
  },
  "GET /users/{username}/following/{target_user}": {
    parameters: ["target_user", "username"],
    statuses: [204, 404],
    body: null,
  },
};

// GitHub's `simple-user`.
const GITHUB_SIMPLE_USER = {
  required: [
    "avatar_url",
    "events_url",
    "followers_url",
    "following_url",
    "gists_url",
    "gravatar_id",
    "html_url",
    "id",
    "login",
    "node_id",
    "organizations_url",
    "received_events_url",
    "repos_url",
    "site_admin",
    "starred_url",
    "subscriptions_url",
    "type",
    "url",
  ],
  optional: ["email", "name", "starred_at", "user_view_type"],
};

// GitLab's page documents one attribute (`id`, an integer) and no statuses; its examples show
// these fields of each user.
const GITLAB_PUBLISHED = {
  operations: [
    "POST /users/{id}/follow",
    "POST /users/{id}/unfollow",
    "GET /users/{id}/followers",
    "GET /users/{id}/following",
  ],
  attributes: ["id"],
  exampleFields: ["avatar_url", "id", "locked", "name", "state", "username", "web_url"],
};

const LIST_EXTRAS = {
  // Link headers carry a cursor, so a page stays put while the list changes.
  parametersAdded: ["cursor"],
  parametersMissing: [],
};
const NO_PARAMETER_CHANGES = { parametersAdded: [], parametersMissing: [] };

/** The differences kept from GitHub's description, and why (see the comments). */
const GITHUB_DIFFERENCES = {
  // Answered by every operation here: an unsupported X-GitHub-Api-Version or malformed cursor
  // (400); credentials naming nobody (401); a suspended account or a spent rate limit (403).
  // GitHub answers them too; its description leaves them out of some operations. An unknown
  // user is GitHub's 404, and lists are conditional (ETag), hence 304.
  "GET /users/{username}/followers": {
    ...LIST_EXTRAS,
    statusesAdded: [304, 400, 401, 403, 404],
    statusesMissing: [],
  },
  "GET /users/{username}/following": {
    ...LIST_EXTRAS,
    statusesAdded: [304, 400, 401, 403, 404],
    statusesMissing: [],
  },
  "GET /user/followers": { ...LIST_EXTRAS, statusesAdded: [400], statusesMissing: [] },
  "GET /user/following": { ...LIST_EXTRAS, statusesAdded: [400], statusesMissing: [] },
  // The checks and writes are not conditional here: no 304.
  "GET /user/following/{username}": { ...NO_PARAMETER_CHANGES, statusesAdded: [400], statusesMissing: [304] },
  // A follow GitHub would refuse (oneself, a block) is its silent 204 here, as GitHub really
  // answers them: no 422.
  "PUT /user/following/{username}": {
    ...NO_PARAMETER_CHANGES,
    statusesAdded: [400],
    statusesMissing: [304, 422],
  },
  "DELETE /user/following/{username}": {
    ...NO_PARAMETER_CHANGES,
    statusesAdded: [400],
    statusesMissing: [304],
  },
  "GET /users/{username}/following/{target_user}": {
    ...NO_PARAMETER_CHANGES,
    statusesAdded: [400, 401, 403],
    statusesMissing: [],
  },
};

/**
 * `simple-user` as served: `user_view_type` is always sent, so it is required; `name` and
 * `email` (sent by GitHub only where a user is embedded with them) and `starred_at` (star
 * lists) never are.
 */
const SIMPLE_USER_DIFFERENCES = {
  requiredAdded: ["user_view_type"],
  requiredMissing: [],
  optionalMissing: ["email", "name", "starred_at"],
};

/** What this server documents beyond GitLab's page, and why. */
const GITLAB_DIFFERENCES = {
  parameters: {
    // GitLab's standard pagination applies to both lists (its pagination page documents it);
    // cursor is this server's, carried in the Link header.
    "GET /users/{id}/followers": ["cursor", "id", "page", "per_page"],
    "GET /users/{id}/following": ["cursor", "id", "page", "per_page"],
    "POST /users/{id}/follow": ["id"],
    "POST /users/{id}/unfollow": ["id"],
  },
  // GitLab's page names no statuses; these are what GitLab answers and this server too.
  statuses: {
    "GET /users/{id}/followers": [200, 400, 401, 403, 404],
    "GET /users/{id}/following": [200, 400, 401, 403, 404],
    "POST /users/{id}/follow": [201, 304, 400, 401, 403, 404],
    "POST /users/{id}/unfollow": [201, 304, 401, 403, 404],
  },
  // GitLab 17.x and later send `public_email` in UserBasic (its examples predate it); the
  // server can leave it out to mimic older releases, so it is optional.
  userBasicAdded: ["public_email"],
};

const sorted = <T>(values: Iterable<T>) => [...values].sort();
const minus = <T>(a: readonly T[], b: readonly T[]) => sorted(a.filter((x) => !b.includes(x)));

const componentName = (schema: Schema | undefined): string | null => {
  if (!schema) return null;
  if (typeof schema.$ref === "string") return schema.$ref.split("/").pop()!;
  if (schema.type === "array") return `${componentName(schema.items as Schema)}[]`;
  return "(inline)";
};

function factsOf(document: Document, key: string): Facts {
  const operation = operationOf(document, key);
  const statuses = Object.keys(operation.responses)
    .map(Number)
    .sort((a, b) => a - b);
  const success = operation.responses[String(statuses[0])];
  return {
    parameters: sorted((operation.parameters ?? []).map((p) => p.name)),
    statuses,
    body: componentName(success?.content?.["application/json"]?.schema),
  };
}

const fieldsOf = (schema: Schema) => {
  const properties = Object.keys(schema.properties as object);
  const required = (schema.required as string[]) ?? [];
  return { required: sorted(required), optional: minus(properties, required) };
};

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))(
  "the follower operations against the publishers' own documents",
  () => {
    let database: TestDatabase;
    let github: Document;
    let gitlab: Document;

    beforeAll(async () => {
      database = await createTestDatabase();
      const gateway = createGateway({ core: database.core, publicUrl: "http://docs.test" });
      const read = async (dialect: string) =>
        (await (
          await gateway.fetch(new Request(`http://docs.test/-/openapi/${dialect}.json`))
        ).json()) as Document;
      [github, gitlab] = await Promise.all([read("github"), read("gitlab")]);
    });
    afterAll(() => database?.cleanup());

    it("differ from GitHub's description only as pinned", () => {
      const differences = Object.fromEntries(
        Object.entries(GITHUB_PUBLISHED).map(([key, published]) => {
          const ours = factsOf(github, key);
          // The success body is GitHub's everywhere.
          expect({ key, body: ours.body }).toEqual({ key, body: published.body });
          return [
            key,
            {
              parametersAdded: minus(ours.parameters, published.parameters),
              parametersMissing: minus(published.parameters, ours.parameters),
              statusesAdded: minus(ours.statuses, published.statuses),
              statusesMissing: minus(published.statuses, ours.statuses),
            },
          ];
        }),
      );
      expect(differences).toEqual(GITHUB_DIFFERENCES);
    });

    it("serve GitHub's simple-user but for the pinned fields", () => {
      const ours = fieldsOf(github.components.schemas["simple-user"]!);
      expect({
        requiredAdded: minus(ours.required, GITHUB_SIMPLE_USER.required),
        requiredMissing: minus(GITHUB_SIMPLE_USER.required, ours.required),
        optionalMissing: minus(GITHUB_SIMPLE_USER.optional, [...ours.required, ...ours.optional]),
      }).toEqual(SIMPLE_USER_DIFFERENCES);
      // Nothing is served that GitHub's simple-user does not have.
      expect(
        minus(
          [...ours.required, ...ours.optional],
          [...GITHUB_SIMPLE_USER.required, ...GITHUB_SIMPLE_USER.optional],
        ),
      ).toEqual([]);
    });

    it("differ from GitLab's page only as pinned", () => {
      const parameters = Object.fromEntries(
        GITLAB_PUBLISHED.operations.map((key) => [key, factsOf(gitlab, key).parameters]),
      );
      expect(parameters).toEqual(GITLAB_DIFFERENCES.parameters);
      for (const key of GITLAB_PUBLISHED.operations) {
        const id = operationOf(gitlab, key).parameters?.find((p) => p.name === "id") as unknown as {
          in: string;
          required: boolean;
          schema: Schema;
        };
        // GitLab's one documented attribute, as GitLab documents it.
        expect({ key, in: id.in, required: id.required, type: id.schema.type }).toEqual({
          key,
          in: "path",
          required: true,
          type: "integer",
        });
      }
      const statuses = Object.fromEntries(
        GITLAB_PUBLISHED.operations.map((key) => [key, factsOf(gitlab, key).statuses]),
      );
      expect(statuses).toEqual(GITLAB_DIFFERENCES.statuses);
      for (const key of GITLAB_PUBLISHED.operations)
        expect({ key, body: factsOf(gitlab, key).body }).toEqual({
          key,
          body: key.startsWith("GET") ? "UserBasic[]" : "UserBasic",
        });
      const userBasic = fieldsOf(gitlab.components.schemas.UserBasic!);
      expect(minus(GITLAB_PUBLISHED.exampleFields, userBasic.required)).toEqual([]);
      expect(minus([...userBasic.required, ...userBasic.optional], GITLAB_PUBLISHED.exampleFields)).toEqual(
        GITLAB_DIFFERENCES.userBasicAdded,
      );
    });
  },
);
