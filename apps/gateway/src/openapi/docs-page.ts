import { readFile } from "node:fs/promises";
// The default import: the bundles' banner declares its own `createRequire`.
import nodeModule from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// Swagger UI, served from the swagger-ui-dist package on this server (never a CDN: the
// emulator often runs without internet). Only these files are served.
export const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
  "favicon-16x16.png": "image/png",
};

/**
 * Set by the follow-graph package's bundle, which carries a copy of these files beside itself
 * rather than depending on swagger-ui-dist (whose install brings a telemetry package).
 */
declare const BUNDLED_SWAGGER_UI: string | undefined;

/** The directory of Swagger UI's files, or undefined where there is none (a bundle without it). */
function assetDirectory(): string | undefined {
  if (typeof BUNDLED_SWAGGER_UI === "string")
    return fileURLToPath(new URL(BUNDLED_SWAGGER_UI, import.meta.url));
  try {
    return dirname(nodeModule.createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  } catch {
    return undefined;
  }
}

export const DOCS_PATH = "/-/docs";
const ASSET_PREFIX = `${DOCS_PATH}/assets/`;

/**
 * The page: Swagger UI with a picker between the two documents. The validator badge is off:
 * it would send the document to validator.swagger.io.
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>follow-graph API documents</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${ASSET_PREFIX}swagger-ui.css">
<link rel="icon" type="image/png" href="${ASSET_PREFIX}favicon-32x32.png" sizes="32x32">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${ASSET_PREFIX}swagger-ui-bundle.js"></script>
<script src="${ASSET_PREFIX}swagger-ui-standalone-preset.js"></script>
<script src="${ASSET_PREFIX}init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({
  urls: [
    { url: "/-/openapi/github.json", name: "GitHub REST dialect" },
    { url: "/-/openapi/gitlab.json", name: "GitLab v4 dialect" },
  ],
  "urls.primaryName": new URLSearchParams(location.search).get("dialect") === "gitlab" ? "GitLab v4 dialect" : "GitHub REST dialect",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout",
});
`;

const text = (body: string, status: number, type = "text/plain; charset=utf-8") =>
  new Response(body, { status, headers: { "content-type": type, "cache-control": "no-cache" } });

/** Serves `/-/docs` and its assets; undefined for any other path (the caller's 404). */
export function createDocsPage() {
  const directory = assetDirectory();
  const cache = new Map<string, Promise<Uint8Array>>();

  async function asset(name: string): Promise<Response> {
    const type = ASSETS[name];
    if (!type) return text("Not Found", 404);
    if (!directory)
      return text(
        "The documentation page's assets (the swagger-ui-dist package) are not installed beside this server; the documents themselves are at /-/openapi/github.json and /-/openapi/gitlab.json.",
        503,
      );
    let bytes = cache.get(name);
    if (!bytes) {
      bytes = readFile(join(directory, name));
      cache.set(name, bytes);
      bytes.catch(() => cache.delete(name));
    }
    return new Response(await bytes, {
      headers: { "content-type": type, "cache-control": "public, max-age=3600" },
    });
  }

  return function handle(pathname: string): Response | Promise<Response> | undefined {
    if (pathname === DOCS_PATH || pathname === `${DOCS_PATH}/`)
      return text(PAGE, 200, "text/html; charset=utf-8");
    if (pathname === `${ASSET_PREFIX}init.js`) return text(INIT, 200, "text/javascript; charset=utf-8");
    if (pathname.startsWith(ASSET_PREFIX)) return asset(pathname.slice(ASSET_PREFIX.length));
    return undefined;
  };
}
