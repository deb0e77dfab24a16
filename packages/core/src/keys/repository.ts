import { eq } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { serverKeys } from "../db/schema.ts";

export function createKeysRepository(db: Db) {
  return {
    /**
     * The key stored under `name`, storing `candidate` first if there is none. Concurrent
     * first starts agree: whoever inserts first wins and everyone reads that row. One
     * transaction, so that the read runs where the insert did (the primary, with replicas).
     */
    selectOrInsertKey(name: string, candidate: Uint8Array): Promise<Uint8Array> {
      return db.transaction(async (tx) => {
        await tx.insert(serverKeys).values({ name, key: candidate }).onConflictDoNothing();
        const [row] = await tx
          .select({ key: serverKeys.key })
          .from(serverKeys)
          .where(eq(serverKeys.name, name));
        if (!row) throw new Error(`server key ${name} vanished`);
        return row.key;
      });
    },
  };
}

export type KeysRepository = ReturnType<typeof createKeysRepository>;
