import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase, type ScratchDatabase } from "../testing/index.ts";
import { type Database, openDatabase } from "./database.ts";
import { lsnText, lsnValue } from "./replicas.ts";
import { rowsOf } from "./rows.ts";

// Which statements the routing sends where, without a real standby: the "replica" is a second
// database whose every transaction is read-only, as a hot standby's are (a write there fails
// with 25006), and which says which side answered. pg-replica's real streaming replica, and
// read-your-writes, are in apps/gateway/test/replicas.test.ts.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("WAL positions", () => {
  it("reads pg_lsn's text as one number and writes it back, high word first", () => {
    expect(lsnValue("0/16B3748")).toBe(0x16b3748n);
    expect(lsnValue("1/0")).toBe(2n ** 32n);
    expect(lsnValue("A/FFFFFFFF") < lsnValue("B/0")).toBe(true);
    for (const text of ["0/0", "0/16B3748", "1F/A0B1C2D3"]) expect(lsnText(lsnValue(text))).toBe(text);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("read routing", () => {
  let primary: ScratchDatabase;
  let replica: ScratchDatabase;
  let database: Database;

  const side = async () =>
    rowsOf<{ side: string }>(await database.db.execute(sql`select side from where_am_i`))[0]?.side;
  const sides = async (): Promise<string[]> =>
    rowsOf<{ side: string }>(await database.db.execute(sql`select side from where_am_i order by side`)).map(
      (row) => row.side,
    );
  const onPrimary = async () => {
    const client = postgres(primary.url, { max: 1, onnotice: () => {} });
    try {
      return (await client.unsafe("select side from where_am_i order by side")).map(
        (row) => row.side as string,
      );
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    const serverUrl = process.env.TEST_DATABASE_URL as string;
    [primary, replica] = await Promise.all([
      createScratchDatabase(serverUrl),
      createScratchDatabase(serverUrl),
    ]);
    for (const [scratch, name] of [
      [primary, "primary"],
      [replica, "replica"],
    ] as const) {
      const client = postgres(scratch.url, { max: 1, onnotice: () => {} });
      await client.unsafe(`create table where_am_i (side text)`);
      await client.unsafe(`insert into where_am_i values ('${name}')`);
      // A select of a function that writes: only the replica's refusal can tell.
      await client.unsafe(
        `create function note(what text) returns text language sql as $$ insert into where_am_i values (what) returning what $$`,
      );
      if (name === "replica")
        await client.unsafe(
          `alter database ${new URL(scratch.url).pathname.slice(1)} set default_transaction_read_only = on`,
        );
      await client.end();
    }
    database = await openDatabase({
      driver: "postgres",
      url: primary.url,
      maxConnections: 2,
      replicaUrls: [replica.url],
    });
  }, 60_000);

  afterAll(async () => {
    await database?.close();
    await primary?.drop();
    await replica?.drop();
  });

  const anonymousRead = <T>(work: () => Promise<T>) => database.reads!.forRequest(null, false, work);

  it("sends a request's reads to the replica, and statements outside any request to the primary", async () => {
    expect(await side()).toBe("primary");
    expect(await anonymousRead(side)).toBe("replica");
    expect(database.reads!.replicas()).toMatchObject([{ healthy: true }]);
  });

  it("keeps every statement of a request that writes, and every transaction, on the primary", async () => {
    expect(await database.reads!.forRequest("some-token", true, side)).toBe("primary");
    const inTransaction = await anonymousRead(() =>
      database.db.transaction(
        async (tx) => rowsOf<{ side: string }>(await tx.execute(sql`select side from where_am_i`))[0]?.side,
      ),
    );
    expect(inTransaction).toBe("primary");
  });

  it("sends writes inside a reading request to the primary: by their text, or once the replica refuses them", async () => {
    await anonymousRead(() => database.db.execute(sql`insert into where_am_i values ('inserted')`));
    // The replica refuses the function's insert (25006); the primary runs it, then and next time.
    for (const what of ["noted", "noted again"])
      expect(
        await anonymousRead(async () =>
          rowsOf<{ r: string }>(await database.db.execute(sql`select note(${what}) as r`)),
        ),
      ).toEqual([{ r: what }]);
    expect(await onPrimary()).toEqual(["inserted", "noted", "noted again", "primary"]);
    expect(await anonymousRead(sides)).toEqual(["replica"]);
  });

  it("falls back to the primary while the replica refuses connections", async () => {
    await replica.setReachable(false);
    try {
      expect(await anonymousRead(side)).toBe("primary");
      await expect.poll(() => database.reads!.replicas()[0]?.healthy).toBe(false);
      expect(await anonymousRead(side)).toBe("primary");
    } finally {
      await replica.setReachable(true);
    }
    // Back once a poll gets through (a first read may still meet a connection cut earlier).
    await expect.poll(() => anonymousRead(side), { timeout: 5000 }).toBe("replica");
  });
});
