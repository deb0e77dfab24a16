import { getTableColumns, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";

/**
 * The fields of a row as PostgreSQL writes an anonymous record as text (`row(a, b)::text`):
 * `(a,b)`, a field in double quotes when it is empty or holds a quote, backslash, parenthesis,
 * comma or white space (a quote or backslash inside doubled), and NULL as nothing at all.
 * Hot lists read each item this way because equal texts mean equal fields: a serializer can
 * compare a whole item in one string comparison and reuse the bytes it built from it.
 */
export function parseRecordText(text: string): (string | null)[] {
  if (text.charCodeAt(0) !== 40 || text.charCodeAt(text.length - 1) !== 41)
    throw new Error(`not a record's text: ${text.slice(0, 40)}`);
  const fields: (string | null)[] = [];
  const end = text.length - 1;
  let at = 1;
  for (;;) {
    if (text.charCodeAt(at) === 34) {
      // Quoted: up to the quote that is not doubled; a backslash takes the next character as is.
      let value = "";
      let from = ++at;
      for (;;) {
        const code = text.charCodeAt(at);
        if (Number.isNaN(code))
          throw new Error(`an unterminated quote in a record's text: ${text.slice(0, 40)}`);
        if (code === 92) {
          value += text.slice(from, at);
          from = at + 1;
          at += 2;
        } else if (code === 34 && text.charCodeAt(at + 1) === 34) {
          value += text.slice(from, at + 1);
          at += 2;
          from = at;
        } else if (code === 34) {
          value += text.slice(from, at);
          at++;
          break;
        } else at++;
      }
      fields.push(value);
    } else {
      const comma = text.indexOf(",", at);
      const stop = comma === -1 || comma > end ? end : comma;
      fields.push(stop === at ? null : text.slice(at, stop));
      at = stop;
    }
    if (at >= end) return fields;
    at++; // the comma
  }
}

/** A column's field name in `table`. */
type FieldOf<T extends PgTable> = keyof T["_"]["columns"] & string;

/** What a field of a record's text becomes: its column's bigints numbers, Booleans true or false. */
function reviverOf(column: PgColumn): (text: string) => unknown {
  if (column.columnType === "PgBigInt53" || column.columnType === "PgInteger") return Number;
  if (column.columnType === "PgBoolean") return (text) => text === "t";
  if (column.columnType === "PgText") return (text) => text;
  throw new Error(`a record's text cannot carry ${column.name} (${column.columnType}) yet`);
}

/**
 * `row(...)::text` of the columns of `table` that `fields` names, in that order, and the
 * function that turns such a text back into the fields, keyed as the core names them. `table`
 * is usually an `alias(...)` of a schema table, as for `jsonRow`.
 */
export function recordRow<T extends PgTable, F extends FieldOf<T>>(table: T, fields: readonly F[]) {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const chosen = fields.map((field) => {
    const column = columns[field];
    if (!column) throw new Error(`${field} is not a column of this table`);
    return { field, column, revive: reviverOf(column) };
  });
  return {
    sql: sql`row(${sql.join(
      chosen.map(({ column }) => sql`${column}`),
      sql`, `,
    )})::text`,
    parse(text: string): Record<F, unknown> {
      const values = parseRecordText(text);
      if (values.length !== chosen.length)
        throw new Error(`a record of ${values.length} fields where ${chosen.length} were expected`);
      const row = {} as Record<F, unknown>;
      chosen.forEach(({ field, revive }, i) => {
        const value = values[i];
        row[field] = value === null || value === undefined ? null : revive(value);
      });
      return row;
    },
  };
}
