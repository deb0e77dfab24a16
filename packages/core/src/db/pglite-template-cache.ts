import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
// Aliased: the bundles' banners declare their own createRequire at the top level.
import { createRequire as requireRelativeTo } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { migrationsFingerprint, type PgliteTemplate } from "./pglite-template.ts";

/** Where cached templates live: outside the workspace, shared by every checkout's tests, keyed by content. */
export const DEFAULT_TEMPLATE_CACHE_DIR = join(tmpdir(), "follow-graph-pglite-templates");

/**
 * The installed PGlite's name and version: a data directory is only readable by the PostgreSQL
 * build that wrote it, so a template made by another version must not be loaded. Undefined when
 * PGlite cannot be located (then nothing is cached).
 */
function pgliteIdentity(): string | undefined {
  try {
    let dir = dirname(requireRelativeTo(import.meta.url).resolve("@electric-sql/pglite"));
    for (let depth = 0; depth < 4; depth++, dir = dirname(dir)) {
      const manifest = join(dir, "package.json");
      if (!existsSync(manifest)) continue;
      const { name, version } = JSON.parse(readFileSync(manifest, "utf8")) as {
        name?: string;
        version?: string;
      };
      if (name === "@electric-sql/pglite") return `${name}@${version}`;
    }
  } catch {}
  return undefined;
}

/** The cache file for these migrations on this PGlite, or undefined when it cannot be keyed. */
export function templateCacheFile(migrationsFolder: string, cacheDir = DEFAULT_TEMPLATE_CACHE_DIR) {
  const pglite = pgliteIdentity();
  if (!pglite) return undefined;
  const key = createHash("sha256")
    .update(`${pglite}\0${migrationsFingerprint(migrationsFolder)}`)
    .digest("hex")
    .slice(0, 32);
  return join(cacheDir, `${key}.tar.gz`);
}

/**
 * A migrated template for `migrationsFolder`, made once per migrations and PGlite version and
 * kept in `cacheDir`: an in-memory start from source then loads it instead of paying initdb
 * (seconds, most of a test file's set-up) and every migration. Several processes may miss at
 * once (vitest's workers); each writes its own temporary file and renames it into place, so
 * a reader sees a whole template or none. Undefined when the template cannot be cached (the
 * caller then starts the slow way).
 */
export async function cachedPgliteTemplate(
  migrationsFolder: string,
  create: () => Promise<PgliteTemplate>,
  cacheDir = DEFAULT_TEMPLATE_CACHE_DIR,
): Promise<Blob | undefined> {
  const file = templateCacheFile(migrationsFolder, cacheDir);
  if (!file) return undefined;
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const template = await create();
  try {
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.partial`;
    writeFileSync(partial, template.tarball);
    renameSync(partial, file);
  } catch {
    // An unwritable cache costs speed, not correctness: this start uses what it made.
  }
  return new Blob([template.tarball]);
}

/** Removes a cached template that failed to load, so that the next start makes it again. */
export function discardCachedTemplate(migrationsFolder: string, cacheDir = DEFAULT_TEMPLATE_CACHE_DIR) {
  const file = templateCacheFile(migrationsFolder, cacheDir);
  if (file) rmSync(file, { force: true });
}
