import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";

/** One statement with `$n` parameters, answering its rows. */
export type Query = <T>(text: string, params?: unknown[]) => Promise<T[]>;

/** The reference's whole view of a database: statements, and statements in one transaction. */
export interface Db {
  query: Query;
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * PostgreSQL through postgres.js with its defaults (a pool of 10; every statement prepared once
 * per connection and reused, as its tagged templates are — `unsafe` only opts out by default).
 */
export function openPostgres(url: string): Db {
  const sql = postgres(url, { onnotice: () => {} });
  const run =
    (on: postgres.Sql | postgres.TransactionSql): Query =>
    async <T>(text: string, params: unknown[] = []) =>
      (await on.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
        prepare: true,
      })) as unknown as T[];
  return {
    query: run(sql),
    transaction: (work) => sql.begin((tx) => work(run(tx))) as Promise<never>,
    close: () => sql.end({ timeout: 5 }),
  };
}

/** PGlite on a data directory: one embedded backend, its queries queued one after another. */
export async function openPglite(dataDir: string): Promise<Db> {
  const pg = await PGlite.create({ dataDir });
  return {
    query: async <T>(text: string, params: unknown[] = []) => (await pg.query<T>(text, params)).rows,
    transaction: (work) =>
      pg.transaction((tx) =>
        work(async <T>(text: string, params: unknown[] = []) => (await tx.query<T>(text, params)).rows),
      ),
    close: () => pg.close(),
  };
}
