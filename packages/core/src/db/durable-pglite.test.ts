import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./database.ts";
import type { Durability } from "./durable-pglite.ts";

const root = mkdtempSync(join(tmpdir(), "follow-graph-durable-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function open(durability: Durability) {
  const database = await openDatabase({ driver: "pglite", dataDir: join(root, durability), durability });
  await database.db.execute(sql`create table if not exists notes (id serial primary key, body text)`);
  return database;
}

const setting = async (
  database: Awaited<ReturnType<typeof open>>,
  name: "fsync" | "wal_sync_method" | "shared_buffers",
) =>
  ((await database.db.execute(sql.raw(`show ${name}`))) as unknown as { rows: Record<string, string>[] })
    .rows[0]?.[name];

// Durability concerns the embedded store only: it runs once, on the PGlite pass.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("PGlite's durability", () => {
  it("strict: every committed write is flushed before it returns, a read flushes nothing", async () => {
    const database = await open("strict");
    try {
      expect(await setting(database, "fsync")).toBe("on");
      expect(await setting(database, "wal_sync_method")).toBe("fsync");
      expect(await setting(database, "shared_buffers")).toBe("64MB");
      for (let i = 0; i < 5; i++) {
        const before = database.diskSyncs();
        await database.db.execute(sql`insert into notes (body) values ('kept')`);
        expect(database.diskSyncs()).toBeGreaterThan(before);
      }
      const before = database.diskSyncs();
      await database.db.execute(sql`select count(*) from notes`);
      expect(database.diskSyncs()).toBe(before);
      // A checkpoint flushes the data files it wrote before it lets the WAL go.
      await database.db.execute(sql`checkpoint`);
      expect(database.diskSyncs()).toBeGreaterThan(before + 1);
    } finally {
      await database.close();
    }
  });

  it("relaxed: writes are not flushed", async () => {
    const database = await open("relaxed");
    try {
      expect(await setting(database, "fsync")).toBe("off");
      expect(await setting(database, "shared_buffers")).toBe("64MB");
      await database.db.execute(sql`insert into notes (body) values ('in the page cache')`);
      expect(database.diskSyncs()).toBe(0);
    } finally {
      await database.close();
    }
  });

  it("a strict open flushes a directory a relaxed run wrote, once", async () => {
    const relaxed = await open("relaxed");
    await relaxed.close();
    const strict = await openDatabase({
      driver: "pglite",
      dataDir: join(root, "relaxed"),
      durability: "strict",
    });
    const flushedAtOpen = strict.diskSyncs();
    await strict.close();
    expect(flushedAtOpen).toBeGreaterThan(100); // every file of the directory
    const again = await openDatabase({
      driver: "pglite",
      dataDir: join(root, "relaxed"),
      durability: "strict",
    });
    const flushedAgain = again.diskSyncs();
    await again.close();
    expect(flushedAgain).toBeLessThan(20); // PostgreSQL's own start-up flushes only
  });
});
