// The API documents and their page, on paths neither dialect uses (as GitLab's own `/-/…`):
// `/-/openapi/github.json`, `/-/openapi/gitlab.json` and `/-/docs`.
import type { Hono } from "hono";
import { createDocsPage, DOCS_PATH } from "./docs-page.ts";
import { type Dialect, generateDocument, type OpenApiDocument, serversOf } from "./documents.ts";

// biome-ignore lint/suspicious/noExplicitAny: any dialect app, whatever its context type.
type AnyHono = Hono<any, any, any>;

export interface ApiDocsOptions {
  /** The GitHub app at the root (api.github.com's layout): its paths are the document's. */
  github: AnyHono;
  gitlab: AnyHono;
  /** The external origin servers point at; otherwise the origin each request was sent to. */
  publicUrl?: string;
}

const DOCUMENTS: Record<string, Dialect> = {
  "/-/openapi/github.json": "github",
  "/-/openapi/gitlab.json": "gitlab",
};

/** Answers the documentation paths; undefined for every other request, at the cost of one prefix test. */
export function createApiDocs({ github, gitlab, publicUrl }: ApiDocsOptions) {
  const apps = { github, gitlab };
  const configuredOrigin = publicUrl ? new URL(publicUrl).origin : undefined;
  const page = createDocsPage();
  // The routes do not change once the apps are built: each document is generated once, when
  // first asked for.
  const generated = new Map<Dialect, Promise<OpenApiDocument>>();
  const documentOf = (dialect: Dialect) => {
    let document = generated.get(dialect);
    if (!document) {
      document = generateDocument(dialect, apps[dialect]);
      generated.set(dialect, document);
      document.catch(() => generated.delete(dialect));
    }
    return document;
  };

  async function serveDocument(dialect: Dialect, url: URL): Promise<Response> {
    const document = await documentOf(dialect);
    const body = { ...document, servers: serversOf(dialect, configuredOrigin ?? url.origin) };
    return new Response(JSON.stringify(body), {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "cache-control": "no-cache",
        // Documentation tools elsewhere may read it; it holds nothing private.
        "access-control-allow-origin": "*",
        ...(configuredOrigin ? {} : { vary: "Host" }),
      },
    });
  }

  return function handle(request: Request, target: string): Response | Promise<Response> | undefined {
    if (!target.startsWith("/-/openapi/") && !target.startsWith(DOCS_PATH)) return undefined;
    const url = new URL(request.url);
    const { pathname } = url;
    const ours =
      pathname.startsWith("/-/openapi/") || pathname === DOCS_PATH || pathname.startsWith(`${DOCS_PATH}/`);
    if (!ours) return undefined;
    if (request.method !== "GET" && request.method !== "HEAD")
      return new Response("Method Not Allowed", { status: 405, headers: { allow: "GET, HEAD" } });
    const dialect = DOCUMENTS[pathname];
    if (dialect) return serveDocument(dialect, url);
    return page(pathname) ?? new Response("Not Found", { status: 404 });
  };
}
