import type { Hono } from "hono";
import { generateSpecs } from "hono-openapi";

export type Dialect = "github" | "gitlab";

/** An OpenAPI document as JSON. */
export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

// biome-ignore lint/suspicious/noExplicitAny: any dialect app, whatever its context type.
type AnyHono = Hono<any, any, any>;

const GITLAB_PREFIX = "/api/v4";

const DOCUMENTATION = {
  github: {
    info: {
      title: "follow-graph: GitHub REST dialect",
      version: "2022-11-28",
      description:
        "The follow graph in GitHub's REST dialect: users, followers, blocks, and GitHub Enterprise Server's user administration. " +
        "Served in api.github.com's layout at the root and in GitHub Enterprise Server's under /api/v3.",
    },
    components: {
      securitySchemes: {
        token: {
          type: "http",
          scheme: "bearer",
          description: "A token, as `Authorization: Bearer …` (or `token …`).",
        },
      },
    },
  },
  gitlab: {
    info: {
      title: "follow-graph: GitLab v4 dialect",
      version: "v4",
      description:
        "The follow graph in GitLab's v4 dialect: users, follows, user administration and tokens, under /api/v4.",
    },
    components: {
      securitySchemes: {
        privateToken: { type: "apiKey", in: "header", name: "PRIVATE-TOKEN" },
        bearer: { type: "http", scheme: "bearer", description: "A personal or OAuth token." },
      },
    },
  },
} as const;

/** Reading without credentials is allowed on some routes: every scheme is optional. */
const OPTIONAL_SECURITY = {
  github: [{}, { token: [] }],
  gitlab: [{}, { privateToken: [] }, { bearer: [] }],
};

/**
 * The dialect's OpenAPI 3.1 document, generated from the routes of its app and the
 * descriptions attached to them, without servers (they depend on where it is asked for).
 * GitLab's paths are given without their /api/v4 prefix, which its server URL carries.
 */
export async function generateDocument(dialect: Dialect, app: AnyHono): Promise<OpenApiDocument> {
  const generated = (await generateSpecs(app, {
    documentation: { ...DOCUMENTATION[dialect], security: OPTIONAL_SECURITY[dialect] } as never,
  })) as unknown as OpenApiDocument;
  if (dialect === "gitlab")
    generated.paths = Object.fromEntries(
      Object.entries(generated.paths).map(([path, item]) => [
        path.startsWith(`${GITLAB_PREFIX}/`) ? path.slice(GITLAB_PREFIX.length) : path,
        item,
      ]),
    );
  return generated;
}

/** Where the document's paths are served, on this server's public origin. */
export function serversOf(dialect: Dialect, origin: string) {
  return dialect === "gitlab"
    ? [{ url: `${origin}${GITLAB_PREFIX}`, description: "GitLab's v4 API" }]
    : [
        { url: origin, description: "api.github.com's layout" },
        { url: `${origin}/api/v3`, description: "GitHub Enterprise Server's layout" },
      ];
}
