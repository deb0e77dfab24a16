import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import { parseRecordText } from "./record-text.ts";
import { rowsOf } from "./rows.ts";

// Every kind of text a user's field may hold, written by the engine under test (PGlite, or
// PostgreSQL with TEST_DATABASE_URL) and read back: the parser must agree with record_out.
const AWKWARD = [
  "",
  " ",
  "plain",
  "two words",
  'a "quoted" word',
  "back\\slash",
  '\\"',
  "(parens)",
  "a,b",
  "line\nbreak\ttab",
  "NULL",
  "ünïcödé 🙂",
  '"',
  '""',
  "\\\\",
  ")",
];

describe("parseRecordText", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.cleanup());

  const recordOf = async (values: (string | null)[]) => {
    const fields = sql.join(
      values.map((value) => sql`${value}::text`),
      sql`, `,
    );
    const result = await t.database.db.execute(sql`select row(${fields})::text as r`);
    return rowsOf<{ r: string }>(result)[0]!.r;
  };

  it("reads back every awkward text, alone and between others", async () => {
    for (const value of AWKWARD) {
      expect(parseRecordText(await recordOf([value]))).toEqual([value]);
      expect(parseRecordText(await recordOf(["1", value, null, value, "t"]))).toEqual([
        "1",
        value,
        null,
        value,
        "t",
      ]);
    }
    expect(parseRecordText(await recordOf(AWKWARD))).toEqual(AWKWARD);
  });

  it("tells NULL from the empty string, anywhere in the row", async () => {
    expect(parseRecordText(await recordOf([null]))).toEqual([null]);
    expect(parseRecordText(await recordOf([null, null]))).toEqual([null, null]);
    expect(parseRecordText(await recordOf(["", null, ""]))).toEqual(["", null, ""]);
  });

  it("writes the numbers and Booleans of a user's row as bare digits and t/f", async () => {
    const result = await t.database.db.execute(
      sql`select row(42::bigint, true, false, null::text)::text as r`,
    );
    expect(parseRecordText(rowsOf<{ r: string }>(result)[0]!.r)).toEqual(["42", "t", "f", null]);
  });

  it("refuses text that is not a record", () => {
    expect(() => parseRecordText("1,2")).toThrow(/not a record/);
    expect(() => parseRecordText('("open)')).toThrow(/unterminated/);
  });
});
