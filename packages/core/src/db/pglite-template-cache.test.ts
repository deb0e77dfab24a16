import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { createPgliteTemplate } from "./database.ts";
import { cachedPgliteTemplate, discardCachedTemplate, templateCacheFile } from "./pglite-template-cache.ts";

const migrations = fileURLToPath(new URL("../../drizzle", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "follow-graph-template-cache-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// PGlite only, whichever engine the suite runs on: once is enough.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("the cached PGlite template", () => {
  it("is made once, renamed into place whole, and loads as a migrated database", async () => {
    const cache = join(scratch, "cache");
    let made = 0;
    const create = () => {
      made++;
      return createPgliteTemplate();
    };
    const first = await cachedPgliteTemplate(migrations, create, cache);
    const second = await cachedPgliteTemplate(migrations, create, cache);
    expect(made).toBe(1);
    expect(second?.size).toBe(first?.size);
    expect(readdirSync(cache)).toEqual([templateCacheFile(migrations, cache)!.slice(cache.length + 1)]);

    const client = await PGlite.create({ dataDir: "memory://", loadDataDir: second });
    try {
      const journal = JSON.parse(readFileSync(join(migrations, "meta/_journal.json"), "utf8")) as {
        entries: unknown[];
      };
      const applied = await client.query<{ n: number }>(
        "select count(*)::int as n from drizzle.__drizzle_migrations",
      );
      expect(applied.rows[0]?.n).toBe(journal.entries.length);
      await client.query("select id, username from users");
    } finally {
      await client.close();
    }
  });

  it("is keyed by the migrations, so a changed migration makes a new one", () => {
    const changed = join(scratch, "changed");
    cpSync(migrations, changed, { recursive: true });
    const before = templateCacheFile(changed, scratch);
    writeFileSync(join(changed, "9999_later.sql"), "select 1;");
    expect(templateCacheFile(changed, scratch)).not.toBe(before);
    expect(templateCacheFile(migrations, scratch)).not.toBe(templateCacheFile(changed, scratch));
  });

  it("is made again once discarded", async () => {
    const cache = join(scratch, "discarded");
    const fake = async () => ({ tarball: new Uint8Array([1, 2, 3]), migrations: "x" });
    await cachedPgliteTemplate(migrations, fake, cache);
    discardCachedTemplate(migrations, cache);
    expect(readdirSync(cache)).toEqual([]);
    let made = 0;
    await cachedPgliteTemplate(
      migrations,
      async () => {
        made++;
        return fake();
      },
      cache,
    );
    expect(made).toBe(1);
  });
});
