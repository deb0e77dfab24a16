import type { Caller } from "./callers.ts";
import type { Db, Query } from "./db.ts";

/** A user row with its counters, as both dialects' answers need it. */
export interface UserRow {
  id: number;
  username: string;
  name: string;
  email: string;
  publicEmail: string | null;
  state: string;
  isAdmin: boolean;
  privateProfile: boolean;
  followingEnabled: boolean;
  avatarUrl: string | null;
  bio: string;
  location: string;
  websiteUrl: string;
  organization: string;
  jobTitle: string;
  pronouns: string | null;
  twitter: string;
  linkedin: string;
  discord: string;
  github: string;
  createdAt: Date;
  updatedAt: Date;
  followers: number;
  following: number;
}

const USER_COLUMNS = `u.id, u.username, u.name, u.email, u.public_email, u.state, u.is_admin,
  u.private_profile, u.following_enabled, u.avatar_url, u.bio, u.location, u.website_url,
  u.organization, u.job_title, u.pronouns, u.twitter, u.linkedin, u.discord, u.github,
  u.created_at, u.updated_at`;

// biome-ignore lint/suspicious/noExplicitAny: rows come back untyped from either driver
function toUser(row: any): UserRow {
  return {
    id: Number(row.id),
    username: row.username,
    name: row.name,
    email: row.email,
    publicEmail: row.public_email,
    state: row.state,
    isAdmin: row.is_admin,
    privateProfile: row.private_profile,
    followingEnabled: row.following_enabled,
    avatarUrl: row.avatar_url,
    bio: row.bio,
    location: row.location,
    websiteUrl: row.website_url,
    organization: row.organization,
    jobTitle: row.job_title,
    pronouns: row.pronouns,
    twitter: row.twitter,
    linkedin: row.linkedin,
    discord: row.discord,
    github: row.github,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    followers: Number(row.followers ?? 0),
    following: Number(row.following ?? 0),
  };
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  const rows = await db.query(
    `select ${USER_COLUMNS}, c.followers, c.following
       from users u join user_counters c on c.user_id = u.id where u.id = $1`,
    [id],
  );
  return rows[0] ? toUser(rows[0]) : undefined;
}

/** Usernames are unique case-insensitively. */
export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const rows = await db.query(
    `select ${USER_COLUMNS}, c.followers, c.following
       from users u join user_counters c on c.user_id = u.id where lower(u.username) = lower($1)`,
    [username],
  );
  return rows[0] ? toUser(rows[0]) : undefined;
}

const selfOrAdmin = (caller: Caller | null, user: UserRow) =>
  caller !== null && (caller.isAdmin || caller.id === user.id);

/** Blocked, banned and deactivated users are hidden from everyone but themselves and admins. */
export const canSee = (caller: Caller | null, user: UserRow) =>
  user.state === "active" || selfOrAdmin(caller, user);

/** A private profile's lists and details are for the user and admins only. */
export const canReadProfile = (caller: Caller | null, user: UserRow) =>
  canSee(caller, user) && (!user.privateProfile || selfOrAdmin(caller, user));

export async function isFollowing(db: Db, followerId: number, followeeId: number): Promise<boolean> {
  const rows = await db.query(`select 1 from follows where follower_id = $1 and followee_id = $2`, [
    followerId,
    followeeId,
  ]);
  return rows.length > 0;
}

/** GitLab's order: the followers' ids; `afterId` continues a page from the previous one's last id. */
export async function followersById(
  db: Db,
  userId: number,
  limit: number,
  from: { offset: number } | { afterId: number },
): Promise<UserRow[]> {
  const rows =
    "afterId" in from
      ? await db.query(
          `select ${USER_COLUMNS} from follows f join users u on u.id = f.follower_id
            where f.followee_id = $1 and u.state = 'active' and f.follower_id > $2
            order by f.follower_id limit $3`,
          [userId, from.afterId, limit],
        )
      : await db.query(
          `select ${USER_COLUMNS} from follows f join users u on u.id = f.follower_id
            where f.followee_id = $1 and u.state = 'active'
            order by f.follower_id limit $2 offset $3`,
          [userId, limit, from.offset],
        );
  return rows.map(toUser);
}

/** A row of GitHub's list, and where it sits: the follow's time as PostgreSQL prints it (to the microsecond). */
export type TimedUser = UserRow & { followedAt: string };

/**
 * GitHub's order: oldest follow first, ties by the follower's id. The cursor's time goes in as
 * text: postgres.js would send a timestamptz parameter through Date and lose its microseconds.
 */
export async function followersByTime(
  db: Db,
  userId: number,
  limit: number,
  from: { offset: number } | { after: { at: string; id: number } },
): Promise<TimedUser[]> {
  const rows =
    "after" in from
      ? await db.query(
          `select ${USER_COLUMNS}, f.created_at::text as followed_at
             from follows f join users u on u.id = f.follower_id
            where f.followee_id = $1 and u.state = 'active'
              and (f.created_at, f.follower_id) > ($2::text::timestamptz, $3::bigint)
            order by f.created_at, f.follower_id limit $4`,
          [userId, from.after.at, from.after.id, limit],
        )
      : await db.query(
          `select ${USER_COLUMNS}, f.created_at::text as followed_at
             from follows f join users u on u.id = f.follower_id
            where f.followee_id = $1 and u.state = 'active'
            order by f.created_at, f.follower_id limit $2 offset $3`,
          [userId, limit, from.offset],
        );
  // biome-ignore lint/suspicious/noExplicitAny: untyped driver rows
  return rows.map((row: any) => ({ ...toUser(row), followedAt: row.followed_at }));
}

/**
 * followers/following count only edges whose other end is active; the *_rows counters count
 * every edge. Kept the way the gateway keeps them, so both can share one database.
 */
async function addToCounters(query: Query, follower: UserRow | Caller, followee: UserRow, sign: 1 | -1) {
  const followeeListed = followee.state === "active" ? sign : 0;
  // The follower is always an active caller here. Rows are updated in id order, so two
  // transactions over the same pair of users never wait on each other in a circle.
  const updates = [
    {
      id: follower.id,
      text: `update user_counters set following = following + $2, followee_rows = followee_rows + $3 where user_id = $1`,
      params: [follower.id, followeeListed, sign],
    },
    {
      id: followee.id,
      text: `update user_counters set followers = followers + $2, follower_rows = follower_rows + $3 where user_id = $1`,
      params: [followee.id, sign, sign],
    },
  ].sort((a, b) => a.id - b.id);
  for (const update of updates) await query(update.text, update.params);
}

/** One transaction: the edge if it was missing, and both counters. False when it was there already. */
export function insertFollow(db: Db, caller: Caller, target: UserRow): Promise<boolean> {
  return db.transaction(async (query) => {
    const inserted = await query(
      `insert into follows (follower_id, followee_id) values ($1, $2) on conflict do nothing returning 1`,
      [caller.id, target.id],
    );
    if (!inserted.length) return false;
    await addToCounters(query, caller, target, 1);
    return true;
  });
}

/** One transaction: the edge if it was there, and both counters. False when there was none. */
export function deleteFollow(db: Db, caller: Caller, target: UserRow): Promise<boolean> {
  return db.transaction(async (query) => {
    const deleted = await query(
      `delete from follows where follower_id = $1 and followee_id = $2 returning 1`,
      [caller.id, target.id],
    );
    if (!deleted.length) return false;
    await addToCounters(query, caller, target, -1);
    return true;
  });
}
