import { createHash } from "node:crypto";
import type { Db } from "./db.ts";

/** Whoever a valid token belongs to. */
export interface Caller {
  id: number;
  isAdmin: boolean;
  followingEnabled: boolean;
  followeeRows: number;
  scopes: string[];
}

interface TokenRow {
  user_id: string | number;
  scopes: string[];
  revoked: boolean;
  expired: boolean;
  state: string;
  is_admin: boolean;
  following_enabled: boolean;
  followee_rows: number;
}

/**
 * The caller a secret names: tokens are stored as the SHA-256 of the secret. A revoked or
 * expired token, or one whose owner is not active, names nobody (`"refused"`); so does a
 * secret no token has. Looked up on every request: nothing is cached.
 */
export async function findCaller(db: Db, secret: string): Promise<Caller | "refused"> {
  const digest = createHash("sha256").update(secret, "utf8").digest();
  const [row] = await db.query<TokenRow>(
    `select t.user_id, t.scopes, t.revoked_at is not null as revoked,
            coalesce(t.expires_at < current_date, false) as expired,
            u.state, u.is_admin, u.following_enabled, c.followee_rows
       from tokens t
       join users u on u.id = t.user_id
       join user_counters c on c.user_id = t.user_id
      where t.digest = $1`,
    [digest],
  );
  if (!row || row.revoked || row.expired || row.state !== "active") return "refused";
  return {
    id: Number(row.user_id),
    isAdmin: row.is_admin,
    followingEnabled: row.following_enabled,
    followeeRows: row.followee_rows,
    scopes: row.scopes,
  };
}

/** Whether the caller may write the follow graph with this token. */
export const canWrite = (caller: Caller) => caller.scopes.includes("api") || caller.scopes.includes("user");
