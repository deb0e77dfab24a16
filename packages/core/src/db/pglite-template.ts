import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A freshly migrated embedded data directory, dumped as a tarball, and the migrations it holds.
 * Loading it instead of running initdb and every migration makes an in-memory start seconds
 * shorter; it is used only while its migrations are exactly the ones beside the code.
 */
export interface PgliteTemplate {
  tarball: Uint8Array;
  /** migrationsFingerprint() of the folder it was migrated from. */
  migrations: string;
}

/** What identifies a migrations folder: every SQL file and the journal, by name and content. */
export function migrationsFingerprint(folder: string): string {
  const hash = createHash("sha256");
  const files = readdirSync(folder)
    .filter((name) => name.endsWith(".sql"))
    .sort();
  for (const name of [...files, "meta/_journal.json"]) {
    hash.update(`${name}\0`);
    hash.update(readFileSync(join(folder, name)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** The template's two files: `<base>.tar.gz` and `<base>.json` (its migrations fingerprint). */
export const templateFiles = (base: string) => ({ tarball: `${base}.tar.gz`, manifest: `${base}.json` });

/**
 * The tarball of the template at `base` when it was migrated from exactly the migrations in
 * `migrationsFolder`; undefined when there is none or it is stale (the start then migrates).
 */
export function readPgliteTemplate(base: string, migrationsFolder: string): Blob | undefined {
  const files = templateFiles(base);
  if (!existsSync(files.tarball) || !existsSync(files.manifest)) return undefined;
  const { migrations } = JSON.parse(readFileSync(files.manifest, "utf8")) as { migrations?: unknown };
  if (migrations !== migrationsFingerprint(migrationsFolder)) return undefined;
  return new Blob([readFileSync(files.tarball)]);
}
