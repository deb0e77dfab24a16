import { sql } from "drizzle-orm";
import { inTransaction } from "../db/transaction.ts";
import type { CoreDeps } from "../deps.ts";
import { ROOT_USER_ID } from "../users/service.ts";
import { deleteGraphRows, lockGraphForRewrite, skipForeignKeyChecks } from "./tables.ts";

const ROOT = sql.raw(String(ROOT_USER_ID));

/**
 * An empty graph: root (id 1) alone, with its profile, avatar and every token of its (so its
 * secret still works), its counters at zero; everyone else, every edge and block gone. The id
 * sequences restart, so the next user is id 2 and the next token follows root's last one.
 */
export async function resetGraph(deps: Pick<CoreDeps, "db">): Promise<void> {
  await inTransaction(deps.db, async (tx) => {
    await lockGraphForRewrite(tx);
    await skipForeignKeyChecks(tx);
    await deleteGraphRows(tx, {
      users: sql`t.id = ${ROOT}`,
      user_counters: sql`t.user_id = ${ROOT}`,
      tokens: sql`t.user_id = ${ROOT}`,
      user_avatars: sql`t.user_id = ${ROOT}`,
      user_identities: sql`t.user_id = ${ROOT}`,
    });
    await tx.execute(sql`
      update user_counters set followers = 0, following = 0, followee_rows = 0, follower_rows = 0
      where user_id = ${ROOT}`);
    await tx.execute(sql`select setval('users_id_seq', ${ROOT_USER_ID + 1}::bigint, false)`);
    // Root's own tokens stay; the next one minted follows the last of them.
    await tx.execute(sql`
      select case when max(id) is null then setval('tokens_id_seq', 1, false)
        else setval('tokens_id_seq', max(id), true) end
      from tokens`);
  });
}
