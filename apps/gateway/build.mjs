// Bundles the gateway into one file that plain `node` starts: loading hundreds of modules
// through a TypeScript loader was most of the start-up time. PGlite stays outside the bundle
// because it loads its WebAssembly and data files from beside its own module.
import { cpSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
rmSync(here("dist"), { recursive: true, force: true });
await build({
  entryPoints: [here("src/main.ts"), here("src/cli.ts")],
  outdir: here("dist"),
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["@electric-sql/pglite"],
  define: { BUNDLED_MIGRATIONS_FOLDER: JSON.stringify("./drizzle/") },
  // Some bundled dependencies are CommonJS and call require().
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  logLevel: "warning",
});
cpSync(here("../../packages/core/drizzle"), here("dist/drizzle"), { recursive: true });
