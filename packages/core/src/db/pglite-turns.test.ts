import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withEventLoopTurns } from "./pglite-turns.ts";

// The engine does not matter here: this is PGlite's own scheduling, so it runs on PGlite only.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("withEventLoopTurns", () => {
  let raw: PGlite;
  let client: ReturnType<typeof withEventLoopTurns>;
  beforeAll(async () => {
    raw = await PGlite.create("memory://");
    client = withEventLoopTurns(raw);
    await client.exec("CREATE TABLE t (n int)");
  });
  afterAll(() => raw.close());

  it("lets the event loop run between two queued statements", async () => {
    const order: string[] = [];
    const statements = [1, 2, 3, 4].map((n) =>
      client.query(`SELECT ${n}`).then(() => {
        order.push(`statement ${n}`);
      }),
    );
    // Queued after the statements: PGlite alone runs all four in one microtask drain first.
    setImmediate(() => order.push("macrotask"));
    await Promise.all(statements);
    expect(order.indexOf("macrotask")).toBeGreaterThan(-1);
    expect(order.indexOf("macrotask")).toBeLessThan(order.indexOf("statement 4"));
    expect(order.filter((o) => o !== "macrotask")).toEqual([
      "statement 1",
      "statement 2",
      "statement 3",
      "statement 4",
    ]);
  });

  it("runs a transaction whole, before the statements queued after it", async () => {
    const order: string[] = [];
    const tx = client.transaction(async (t) => {
      await t.query("INSERT INTO t VALUES (1)");
      await new Promise((resolve) => setTimeout(resolve, 5));
      const { rows } = await t.query<{ count: number }>("SELECT count(*)::int AS count FROM t");
      order.push(`transaction saw ${rows[0]!.count}`);
    });
    const after = client.query("INSERT INTO t VALUES (2)").then(() => order.push("insert after"));
    await Promise.all([tx, after]);
    expect(order).toEqual(["transaction saw 1", "insert after"]);
  });

  it("passes failures through and keeps serving, and counts what waits", async () => {
    const failing = client.query("SELECT * FROM missing_table");
    const next = client.query<{ n: number }>("SELECT 7 AS n");
    expect(client.pending()).toBe(2);
    await expect(failing).rejects.toThrow(/missing_table/);
    expect((await next).rows).toEqual([{ n: 7 }]);
    expect(client.pending()).toBe(0);
  });
});
