import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { rowsOf } from "../db/rows.ts";
import type { Tx } from "../db/transaction.ts";
import { GRAPH_SEQUENCES, GRAPH_TABLES, type GraphSequence, type GraphTable } from "./tables.ts";

/**
 * The graph's rows as JSON text, table by table, and where its id sequences stood: what a
 * snapshot keeps and a restore writes back. Text, not parsed rows: it goes back to the
 * database as it came, so nothing is converted on either side (bytea stays `\x…`, times
 * keep their microseconds).
 */
export interface TableRows {
  tables: Record<GraphTable, string>;
  sequences: Record<GraphSequence, { lastValue: number; isCalled: boolean }>;
}

/** Which rows of each table to read; all of them where none is given. */
export type RowFilter = Partial<Record<GraphTable, SQL>>;

/** Reads the rows (and sequences) in ONE statement, so they are one consistent picture. */
export async function selectTableRows(db: Db | Tx, filter: RowFilter = {}): Promise<TableRows> {
  const tables = GRAPH_TABLES.map(
    (name) =>
      sql`(select coalesce(json_agg(t), '[]')::text from ${sql.raw(name)} t where ${filter[name] ?? sql`true`}) as ${sql.raw(name)}`,
  );
  const sequences = GRAPH_SEQUENCES.map(
    (name) =>
      sql`(select json_build_object('lastValue', last_value, 'isCalled', is_called)::text from ${sql.raw(name)}) as ${sql.raw(name)}`,
  );
  const [row] = rowsOf<Record<string, string>>(
    await db.execute(sql`select ${sql.join([...tables, ...sequences], sql`, `)}`),
  );
  return {
    tables: Object.fromEntries(GRAPH_TABLES.map((name) => [name, row![name]!])) as TableRows["tables"],
    sequences: Object.fromEntries(
      GRAPH_SEQUENCES.map((name) => {
        const { lastValue, isCalled } = JSON.parse(row![name]!) as {
          lastValue: number | string;
          isCalled: boolean;
        };
        return [name, { lastValue: Number(lastValue), isCalled }];
      }),
    ) as TableRows["sequences"],
  };
}

/**
 * Writes `rows` into tables the caller has emptied and locked, one INSERT per table that has
 * rows (parents first, so each foreign key finds its row), then puts the sequences back.
 */
export async function insertTableRows(tx: Tx, rows: TableRows): Promise<void> {
  for (const name of GRAPH_TABLES) {
    if (rows.tables[name] === "[]") continue;
    const table = sql.raw(name);
    await tx.execute(
      sql`insert into ${table} select * from json_populate_recordset(null::${table}, ${rows.tables[name]}::json)`,
    );
  }
  await restoreSequences(tx, rows);
}

/** Sets the id sequences back to where `rows` found them. */
export async function restoreSequences(tx: Tx, rows: TableRows): Promise<void> {
  for (const name of GRAPH_SEQUENCES) {
    const { lastValue, isCalled } = rows.sequences[name];
    await tx.execute(sql`select setval(${name}::regclass, ${lastValue}::bigint, ${isCalled})`);
  }
}
