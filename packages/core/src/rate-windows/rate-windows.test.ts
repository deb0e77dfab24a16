import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Core } from "../core.ts";
import { createTestDatabase, rowsOf, sql, type TestDatabase } from "../testing/index.ts";

const HOUR = 3_600_000;
const start = Date.UTC(2026, 11, 3, 9, 0, 0);

let t: TestDatabase;
let core: Core;
beforeAll(async () => {
  t = await createTestDatabase();
  core = t.core;
});
afterAll(() => t.cleanup());

let keys = 0;
const newKey = () => `test:user:${++keys}`;

describe("rate windows in the database", () => {
  it("opens a window with the first request, counts each request, and stops at the limit plus one", async () => {
    const key = newKey();
    const taken = [];
    for (let n = 0; n < 5; n++) taken.push(await core.rateWindows.take(key, 3, HOUR, start + n));
    expect(taken).toEqual([1, 2, 3, 4, 4].map((used) => ({ used, resetsAt: start + HOUR })));
    expect(await core.rateWindows.peek(key, start + 10)).toEqual({ used: 4, resetsAt: start + HOUR });
  });

  it("opens a new window once the old one has ended, and peeks at nothing in between", async () => {
    const key = newKey();
    await core.rateWindows.take(key, 3, HOUR, start);
    await core.rateWindows.take(key, 3, HOUR, start);
    expect(await core.rateWindows.peek(key, start + HOUR)).toBeNull();
    expect(await core.rateWindows.take(key, 3, HOUR, start + HOUR)).toEqual({
      used: 1,
      resetsAt: start + 2 * HOUR,
    });
  });

  it("refunds a request that fitted, never below zero, and not in an ended window", async () => {
    const key = newKey();
    for (let n = 0; n < 4; n++) await core.rateWindows.take(key, 3, HOUR, start);
    // A refused request beside it pushed the count to 4: the refund gives back one of the 3 that fitted.
    expect(await core.rateWindows.refund(key, 3, start)).toEqual({ used: 2, resetsAt: start + HOUR });
    for (let n = 0; n < 3; n++) await core.rateWindows.refund(key, 3, start);
    expect(await core.rateWindows.peek(key, start)).toEqual({ used: 0, resetsAt: start + HOUR });
    expect(await core.rateWindows.refund(key, 3, start + HOUR)).toBeNull();
    expect(await core.rateWindows.refund(newKey(), 3, start)).toBeNull();
  });

  it("lets exactly the limit through when one caller's requests arrive at once", async () => {
    const key = newKey();
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => core.rateWindows.take(key, 25, HOUR, start)),
    );
    expect(answers.filter((w) => w.used <= 25)).toHaveLength(25);
    expect(await core.rateWindows.peek(key, start)).toEqual({ used: 26, resetsAt: start + HOUR });
  });

  it("keeps the windows in an unlogged table: no WAL for a count worth an hour", async () => {
    const [row] = rowsOf<{ relpersistence: string }>(
      await t.database.db.execute(sql`select relpersistence from pg_class where relname = 'rate_windows'`),
    );
    expect(row?.relpersistence).toBe("u");
  });
});
