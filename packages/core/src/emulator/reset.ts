import { sql } from "drizzle-orm";
import { inTransaction } from "../db/transaction.ts";
import type { CoreDeps } from "../deps.ts";
import { ROOT_USER_ID } from "../users/service.ts";
import { insertTableRows, selectTableRows } from "./table-rows.ts";
import { lockGraphForRewrite, truncateGraph } from "./tables.ts";

const ROOT = sql.raw(String(ROOT_USER_ID));
const nothing = sql`false`;

/**
 * An empty graph: root (id 1) alone, with its profile, avatar and every token of its (so its
 * secret still works), its counters at zero; everyone else, every edge and block gone. The id
 * sequences restart, so the next user is id 2 and the next token follows root's last one.
 *
 * It keeps root's rows aside, truncates every graph table and writes root back: a cost that
 * does not grow with the graph, where deleting the other users would visit each of their
 * rows and each foreign key pointing at them.
 */
export async function resetGraph(deps: Pick<CoreDeps, "db">): Promise<void> {
  await inTransaction(deps.db, async (tx) => {
    await lockGraphForRewrite(tx);
    const root = await selectTableRows(tx, {
      users: sql`t.id = ${ROOT}`,
      user_counters: nothing,
      tokens: sql`t.user_id = ${ROOT}`,
      follows: nothing,
      user_blocks: nothing,
      user_avatars: sql`t.user_id = ${ROOT}`,
    });
    const rootExists = root.tables.users !== "[]";
    const lastRootToken = Math.max(
      0,
      ...(JSON.parse(root.tables.tokens) as { id: number }[]).map((t) => t.id),
    );
    await truncateGraph(tx);
    await insertTableRows(tx, {
      tables: {
        ...root.tables,
        user_counters: rootExists
          ? JSON.stringify([
              { user_id: ROOT_USER_ID, followers: 0, following: 0, followee_rows: 0, follower_rows: 0 },
            ])
          : "[]",
      },
      sequences: {
        users_id_seq: { lastValue: ROOT_USER_ID + 1, isCalled: false },
        tokens_id_seq:
          lastRootToken > 0
            ? { lastValue: lastRootToken, isCalled: true }
            : { lastValue: 1, isCalled: false },
      },
    });
  });
}
