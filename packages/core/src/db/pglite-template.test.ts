import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { createPgliteTemplate } from "./database.ts";
import { migrationsFingerprint, readPgliteTemplate, templateFiles } from "./pglite-template.ts";

const migrations = fileURLToPath(new URL("../../drizzle", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "follow-graph-template-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// PGlite only, whichever engine the suite runs on: once is enough.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("the migrated PGlite template", () => {
  it("loads as a data directory that already holds every migration", async () => {
    const template = await createPgliteTemplate();
    expect(template.migrations).toBe(migrationsFingerprint(migrations));
    const base = join(scratch, "template");
    const files = templateFiles(base);
    writeFileSync(files.tarball, template.tarball);
    writeFileSync(files.manifest, JSON.stringify({ migrations: template.migrations }));

    const blob = readPgliteTemplate(base, migrations);
    expect(blob).toBeInstanceOf(Blob);
    const client = await PGlite.create({ dataDir: "memory://", loadDataDir: blob });
    try {
      const applied = await client.query<{ n: number }>(
        "select count(*)::int as n from drizzle.__drizzle_migrations",
      );
      const journal = JSON.parse(readFileSync(join(migrations, "meta/_journal.json"), "utf8")) as {
        entries: unknown[];
      };
      expect(applied.rows[0]?.n).toBe(journal.entries.length);
      await client.query("select id, username from users where id = 1");
    } finally {
      await client.close();
    }
  });

  it("is not used once the migrations beside the code differ from the ones it was made from", () => {
    const changed = join(scratch, "changed");
    cpSync(migrations, changed, { recursive: true });
    const base = join(scratch, "stale");
    const files = templateFiles(base);
    writeFileSync(files.tarball, "not read");
    writeFileSync(files.manifest, JSON.stringify({ migrations: migrationsFingerprint(changed) }));
    expect(readPgliteTemplate(base, changed)).toBeInstanceOf(Blob);
    writeFileSync(join(changed, "9999_later.sql"), "select 1;");
    expect(readPgliteTemplate(base, changed)).toBeUndefined();
    expect(readPgliteTemplate(join(scratch, "missing"), changed)).toBeUndefined();
  });
});
