// Bundles the follow-graph package: the bin and follow-graph/testing as plain ESM that Node 20
// runs without a TypeScript loader, every dependency inside except PGlite and Swagger UI's files (it loads its
// WebAssembly and data files from beside its own module). Beside them: the migrations, a
// freshly migrated PGlite data directory (an in-memory start loads it instead of running initdb
// and every migration), and the types of follow-graph/testing. Run with tsx: the template is
// made by the core's own TypeScript.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import ts from "typescript";
import { createPgliteTemplate } from "../../packages/core/src/db/database.ts";
import { templateFiles } from "../../packages/core/src/db/pglite-template.ts";
import { ASSETS as SWAGGER_UI_ASSETS } from "../gateway/src/openapi/docs-page.ts";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const dist = here("dist");
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);

await build({
  entryPoints: { bin: here("src/bin.ts"), testing: here("src/testing.ts") },
  outdir: dist,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["@electric-sql/pglite"],
  define: {
    BUNDLED_MIGRATIONS_FOLDER: JSON.stringify("./drizzle/"),
    BUNDLED_PGLITE_TEMPLATE: JSON.stringify("./pglite-template"),
    BUNDLED_SWAGGER_UI: JSON.stringify("./swagger-ui/"),
  },
  // Some bundled dependencies are CommonJS and call require().
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: "warning",
});
// The bin's shebang: esbuild keeps the entry's, and bin.ts has none (tsx runs it in the workspace).
const bin = `${dist}/bin.mjs`;
writeFileSync(bin, `#!/usr/bin/env node\n${readFileSync(bin, "utf8")}`, { mode: 0o755 });

cpSync(here("../../packages/core/drizzle"), `${dist}/drizzle`, { recursive: true });
// The docs page's files, copied so that the package needs no swagger-ui-dist (nor its telemetry).
const swaggerUi = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
mkdirSync(`${dist}/swagger-ui`);
for (const file of Object.keys(SWAGGER_UI_ASSETS))
  cpSync(`${swaggerUi}/${file}`, `${dist}/swagger-ui/${file}`);
for (const file of ["LICENSE", "NOTICE"]) cpSync(`${swaggerUi}/${file}`, `${dist}/swagger-ui/${file}`);
const template = await createPgliteTemplate();
const files = templateFiles(`${dist}/pglite-template`);
writeFileSync(files.tarball, template.tarball);
writeFileSync(files.manifest, `${JSON.stringify({ migrations: template.migrations })}\n`);

// testing.ts declares every type it exports itself, so its declarations need no other file.
const source = readFileSync(here("src/testing.ts"), "utf8");
const { outputText, diagnostics } = ts.transpileDeclaration(source, { fileName: "testing.ts" });
if (diagnostics?.length)
  throw new Error(
    `testing.ts: ${diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("; ")}`,
  );
writeFileSync(`${dist}/testing.d.ts`, outputText);
