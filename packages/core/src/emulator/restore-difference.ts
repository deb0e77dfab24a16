import { getTableColumns, type SQL, sql } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { follows, tokens, userAvatars, userBlocks, userCounters, users } from "../db/schema.ts";
import type { Tx } from "../db/transaction.ts";
import { restoreSequences, type TableRows } from "./table-rows.ts";
import { GRAPH_TABLES, type GraphTable } from "./tables.ts";

const DRIZZLE_TABLES: Record<GraphTable, PgTable> = {
  users,
  user_counters: userCounters,
  tokens,
  follows,
  user_blocks: userBlocks,
  user_avatars: userAvatars,
};

interface TableShape {
  table: SQL;
  /** The primary key's columns. */
  key: string[];
  /** Every column that is not part of the key. */
  rest: string[];
}

function shapeOf(name: GraphTable): TableShape {
  const table = DRIZZLE_TABLES[name];
  const columns = Object.values(getTableColumns(table));
  const composite = getTableConfig(table).primaryKeys[0]?.columns.map((c) => c.name);
  const key = composite ?? columns.filter((c) => c.primary).map((c) => c.name);
  return { table: sql.raw(name), key, rest: columns.map((c) => c.name).filter((c) => !key.includes(c)) };
}

const SHAPES = Object.fromEntries(GRAPH_TABLES.map((name) => [name, shapeOf(name)])) as Record<
  GraphTable,
  TableShape
>;

const ident = (name: string) => sql.raw(`"${name}"`);
const sameKey = (key: string[], a: string, b: string) =>
  sql.join(
    key.map((c) => sql`${sql.raw(a)}.${ident(c)} = ${sql.raw(b)}.${ident(c)}`),
    sql` and `,
  );

/**
 * Puts back the snapshot's rows by changing only what differs, into tables the caller has
 * locked: a suite restores after a few writes, and rewriting every row (10,000 edges, each
 * in three indexes) costs far more than finding the handful that moved. First every row whose
 * key the snapshot lacks goes (any table order: every foreign key cascades from users, and
 * the snapshot holds no child of a user it lacks); then, parents first, each snapshot row that
 * is missing or differs anywhere (by whole-row equality) is inserted or, by its key, updated.
 * The deletes run as statements of their own before any upsert, so that a username or digest
 * a dropped row held is free again when a snapshot row takes it back.
 */
export async function restoreDifference(tx: Tx, rows: TableRows): Promise<void> {
  for (const name of [...GRAPH_TABLES].reverse()) {
    const { table, key } = SHAPES[name];
    const snapshot = sql`json_populate_recordset(null::${table}, ${rows.tables[name]}::json)`;
    await tx.execute(
      sql`delete from ${table} t where not exists (select from ${snapshot} s where ${sameKey(key, "s", "t")})`,
    );
  }
  for (const name of GRAPH_TABLES) {
    if (rows.tables[name] === "[]") continue;
    const { table, key, rest } = SHAPES[name];
    const snapshot = sql`json_populate_recordset(null::${table}, ${rows.tables[name]}::json)`;
    const keyList = sql.join(key.map(ident), sql`, `);
    // A table whose columns are all key (none today) has nothing to update on conflict.
    const onConflict = rest.length
      ? sql`do update set ${sql.join(
          rest.map((c) => sql`${ident(c)} = excluded.${ident(c)}`),
          sql`, `,
        )}`
      : sql`do nothing`;
    await tx.execute(sql`
      insert into ${table}
      select s.* from ${snapshot} s
      where not exists (select from ${table} t where ${sameKey(key, "s", "t")} and t is not distinct from s)
      on conflict (${keyList}) ${onConflict}`);
  }
  await restoreSequences(tx, rows);
}
