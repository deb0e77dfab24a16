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
/** Whether a path is the documents' or their page's (its assets included), never a dialect's. */
export const isApiDocsPath = (pathname: string) =>
  pathname.startsWith("/-/openapi/") || pathname === DOCS_PATH || pathname.startsWith(`${DOCS_PATH}/`);

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

  // Each document's text, per origin its servers point at: a few (PUBLIC_URL, or the Hosts the
  // server is reached by), so the cache is small, and emptied should Host headers vary wildly.
  const texts = new Map<string, Promise<string>>();
  const MAX_TEXTS = 32;
  function textOf(dialect: Dialect, origin: string): Promise<string> {
    const key = `${dialect} ${origin}`;
    let text = texts.get(key);
    if (!text) {
      if (texts.size >= MAX_TEXTS) texts.clear();
      text = documentOf(dialect).then((document) =>
        JSON.stringify({ ...document, servers: serversOf(dialect, origin) }),
      );
      texts.set(key, text);
      text.catch(() => texts.delete(key));
    }
    return text;
  }

  async function serveDocument(dialect: Dialect, url: URL): Promise<Response> {
    return new Response(await textOf(dialect, configuredOrigin ?? url.origin), {
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
    if (!isApiDocsPath(pathname)) return undefined;
    if (request.method !== "GET" && request.method !== "HEAD")
      return new Response("Method Not Allowed", { status: 405, headers: { allow: "GET, HEAD" } });
    const dialect = DOCUMENTS[pathname];
    if (dialect) return serveDocument(dialect, url);
    return page(pathname) ?? new Response("Not Found", { status: 404 });
  };
}
