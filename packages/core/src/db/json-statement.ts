import { getTableColumns, type SQL, sql } from "drizzle-orm";
import { PgDialect, type PgTable } from "drizzle-orm/pg-core";
import type { Db } from "./database.ts";
import { rowsOf } from "./rows.ts";

const dialect = new PgDialect();

/** The SQL text `query` prepares as, placeholders numbered: what the snapshot tests pin. */
export const sqlText = (query: SQL): string => dialect.sqlToQuery(query).sql;

/**
 * A named prepared statement that answers with one JSON document (its single column `r`).
 * Hot reads build their whole answer in PostgreSQL this way: one round trip, one row, and one
 * JSON.parse instead of decoding every column of every row in JavaScript. Drizzle's builder
 * cannot prepare raw SQL, so this goes through its session, which both drivers implement:
 * the one use of drizzle's private API, kept to this file; json-statement.test.ts fails
 * loudly if a drizzle upgrade changes it.
 */
export function prepareJson<T>(db: Db, name: string, query: SQL) {
  const prepared = db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false);
  return async (params: Record<string, unknown>): Promise<T> => {
    const result = (await prepared.execute(params)) as unknown;
    return rowsOf<{ r: T }>(result)[0]!.r;
  };
}

/**
 * `prepareJson`'s sibling for a statement that answers rows, each as the driver decodes it
 * (json columns parsed, text as is): for reads whose rows are cheaper to write as plain
 * columns than as one JSON document.
 */
export function prepareRows<T>(db: Db, name: string, query: SQL) {
  const prepared = db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false);
  return async (params: Record<string, unknown>): Promise<T[]> => rowsOf<T>(await prepared.execute(params));
}

/** A column's field name in `table`: `jsonRow`'s `only` and `omit` name fields the schema has. */
type FieldOf<T extends PgTable> = keyof T["_"]["columns"] & string;

/**
 * `json_build_object` of the columns of `table` (all of them, or the fields `only` names, less
 * those in `omit`), keyed by the field names the core uses, plus any `extra` pairs; and the
 * function that turns the JSON back into the row drizzle would return (timestamps arrive as ISO
 * strings and become Dates again). `table` is usually an `alias(...)` of a schema table, so the
 * columns read as the statement's alias names them (`"u"."id"`).
 */
export function jsonRow<T extends PgTable>(
  table: T,
  {
    only,
    omit = [],
    extra,
  }: { only?: readonly FieldOf<T>[]; omit?: readonly FieldOf<T>[]; extra?: SQL } = {},
) {
  const columns = Object.entries(getTableColumns(table)).filter(
    ([key]) => (only === undefined || only.includes(key as FieldOf<T>)) && !omit.includes(key as FieldOf<T>),
  );
  const pairs = columns.map(([key, column]) => sql`${sql.raw(`'${key}'`)}, ${column}`);
  const timestamps = columns.filter(([, column]) => column.columnType === "PgTimestamp").map(([key]) => key);
  return {
    sql: sql`json_build_object(${sql.join(extra ? [...pairs, extra] : pairs, sql`, `)})`,
    revive<R>(json: Record<string, unknown>): R {
      for (const key of timestamps)
        if (typeof json[key] === "string") json[key] = new Date(json[key] as string);
      return json as R;
    },
  };
}

/** A statement prepared on first use, one per shape a route can ask for. */
export function preparedOnce<S>(cache: Map<string, S>, name: string, prepare: () => S): S {
  const known = cache.get(name);
  if (known) return known;
  const statement = prepare();
  cache.set(name, statement);
  return statement;
}
