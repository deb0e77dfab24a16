import { asc, eq, sql } from "drizzle-orm";
import { follows, userCounters, users } from "../db/schema.ts";
import type { CoreDeps } from "../deps.ts";
import type { UserState } from "../users/user.ts";

/** A user as the emulator's state shows it: what a test asserts on, in neither dialect's words. */
export interface StateUser {
  id: number;
  username: string;
  name: string;
  email: string;
  state: UserState;
  admin: boolean;
  private: boolean;
  followingEnabled: boolean;
  /** The counters both dialects serve (edges to active users only). */
  followers: number;
  following: number;
}

export interface StateFollow {
  follower: string;
  followee: string;
  /** ISO 8601. */
  createdAt: string;
}

export interface GraphState {
  users: StateUser[];
  follows: StateFollow[];
}

/** Every user (by id) and every edge (by follow time, then ids), as plain JSON-ready values. */
export async function graphState(deps: Pick<CoreDeps, "db">): Promise<GraphState> {
  const follower = sql<string>`(select username from users where id = ${follows.followerId})`;
  const followee = sql<string>`(select username from users where id = ${follows.followeeId})`;
  const [userRows, followRows] = await Promise.all([
    deps.db
      .select({
        id: users.id,
        username: users.username,
        name: users.name,
        email: users.email,
        state: users.state,
        admin: users.isAdmin,
        private: users.privateProfile,
        followingEnabled: users.followingEnabled,
        followers: userCounters.followers,
        following: userCounters.following,
      })
      .from(users)
      .innerJoin(userCounters, eq(userCounters.userId, users.id))
      .orderBy(asc(users.id)),
    deps.db
      .select({ follower, followee, createdAt: follows.createdAt })
      .from(follows)
      .orderBy(asc(follows.createdAt), asc(follows.followerId), asc(follows.followeeId)),
  ]);
  return {
    users: userRows,
    follows: followRows.map((f) => ({ ...f, createdAt: new Date(f.createdAt).toISOString() })),
  };
}
