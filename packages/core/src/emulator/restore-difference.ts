import { getTableColumns, type SQL, sql } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import {
  follows,
  tokens,
  userAvatars,
  userBlocks,
  userCounters,
  userIdentities,
  users,
} from "../db/schema.ts";
import type { Tx } from "../db/transaction.ts";
import { restoreSequences, rowsFromText, type TableRows } from "./table-rows.ts";
import { GRAPH_TABLES, type GraphTable } from "./tables.ts";

const DRIZZLE_TABLES: Record<GraphTable, PgTable> = {
  users,
  user_counters: userCounters,
  tokens,
  follows,
  user_blocks: userBlocks,
  user_avatars: userAvatars,
  user_identities: userIdentities,
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
 * in three indexes) costs far more than finding the handful that moved. One statement per
 * table, parents first, parses the snapshot's rows once (parsing them is most of the cost),
 * deletes the rows whose key the snapshot lacks, updates by key those that differ anywhere
 * (whole-row equality) and inserts the missing ones. Deleting a
 * user cascades (where foreign keys run) only to rows the snapshot lacks too: it holds no
 * child of a user it lacks.
 */
export async function restoreDifference(tx: Tx, rows: TableRows): Promise<void> {
  for (const name of GRAPH_TABLES) {
    const { table, key, rest } = SHAPES[name];
    // Each step reads the previous one's count, so they run in order: the deletes first (a
    // username or digest a dropped row held is free again for the snapshot row that had it),
    // then the updates, then plain inserts of the missing keys (no ON CONFLICT: its per-row
    // speculative insertion made a restore after a reset, 10,000 inserts, a third slower).
    const updated = rest.length
      ? sql`update ${table} t set ${sql.join(
          rest.map((c) => sql`${ident(c)} = s.${ident(c)}`),
          sql`, `,
        )} from s where ${sameKey(key, "s", "t")} and t is distinct from s and (select count(*) from dropped) >= 0 returning 1`
      : sql`select 1 where (select count(*) from dropped) < 0`;
    await tx.execute(sql`
      with s as materialized (select * from ${rowsFromText(name, rows.tables[name])}),
      dropped as (
        delete from ${table} t where not exists (select from s where ${sameKey(key, "s", "t")}) returning 1
      ),
      updated as (${updated})
      insert into ${table}
      select s.* from s
      where (select count(*) from updated) >= 0
        and not exists (select from ${table} t where ${sameKey(key, "s", "t")})`);
  }
  await restoreSequences(tx, rows);
}
