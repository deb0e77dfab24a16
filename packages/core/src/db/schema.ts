import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

export const USER_STATES = ["active", "blocked", "banned", "deactivated"] as const;

/** USER_STATES as SQL literals, for the check constraint (the names are ours, quote-free). */
const stateLiterals = sql.join(
  USER_STATES.map((state) => sql.raw(`'${state}'`)),
  sql`, `,
);

// Users are a reference table in a distributed (Citus) layout: small, read everywhere,
// rarely written. Counters live in their own table so follow writes never touch this row.
export const users = pgTable(
  "users",
  {
    // Ids start at 2: id 1 is reserved for the built-in administrator `root`.
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity({ startWith: 2 }),
    username: text("username").notNull(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    publicEmail: text("public_email"),
    state: text("state", { enum: USER_STATES }).notNull().default("active"),
    isAdmin: boolean("is_admin").notNull().default(false),
    privateProfile: boolean("private_profile").notNull().default(false),
    followingEnabled: boolean("following_enabled").notNull().default(true),
    avatarUrl: text("avatar_url"),
    bio: text("bio").notNull().default(""),
    location: text("location").notNull().default(""),
    websiteUrl: text("website_url").notNull().default(""),
    organization: text("organization").notNull().default(""),
    jobTitle: text("job_title").notNull().default(""),
    pronouns: text("pronouns"),
    twitter: text("twitter").notNull().default(""),
    linkedin: text("linkedin").notNull().default(""),
    discord: text("discord").notNull().default(""),
    github: text("github").notNull().default(""),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_username_lower_key").on(sql`lower(${t.username})`),
    uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`),
    check("users_state_check", sql`${t.state} in (${stateLiterals})`),
  ],
);

// followers / following count only edges whose other end is an active user, so they always
// equal the lengths of the lists the dialects serve. followeeRows and followerRows count every
// edge, hidden ones included: GitLab's 300-followee cap counts them, and a list whose rows all
// show (rows = listed count) can skip to a deep page in its index without visiting users.
export const userCounters = pgTable("user_counters", {
  userId: bigint("user_id", { mode: "number" })
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  followers: integer("followers").notNull().default(0),
  following: integer("following").notNull().default(0),
  followeeRows: integer("followee_rows").notNull().default(0),
  followerRows: integer("follower_rows").notNull().default(0),
});

export const follows = pgTable(
  "follows",
  {
    followerId: bigint("follower_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    followeeId: bigint("followee_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    // "following" of a user in id order (GitLab) is a range scan of the primary key.
    primaryKey({ columns: [t.followerId, t.followeeId] }),
    // "followers" of a user in id order (GitLab).
    uniqueIndex("follows_followee_follower_idx").on(t.followeeId, t.followerId),
    // Both lists in follow-time order (GitHub), ties broken by the other end's id.
    index("follows_followee_time_idx").on(t.followeeId, t.createdAt, t.followerId),
    index("follows_follower_time_idx").on(t.followerId, t.createdAt, t.followeeId),
    check("follows_no_self_check", sql`${t.followerId} <> ${t.followeeId}`),
  ],
);

export const tokens = pgTable(
  "tokens",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    // Minted by an administrator for the user (GitLab's impersonation tokens, GitHub
    // Enterprise's impersonation authorizations) rather than by the user.
    impersonation: boolean("impersonation").notNull().default(false),
    // SHA-256 of the secret: tokens are high-entropy, so a fast digest is enough and keeps
    // the per-request lookup a single index probe.
    digest: bytea("digest").notNull(),
    scopes: text("scopes").array().notNull(),
    expiresAt: date("expires_at", { mode: "string" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("tokens_digest_key").on(t.digest), index("tokens_user_idx").on(t.userId)],
);

// GitHub's user blocks: the blocker hides from the blocked user, who cannot follow it; no
// follow edge exists between the two either way while the block lasts.
export const userBlocks = pgTable(
  "user_blocks",
  {
    blockerId: bigint("blocker_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    blockedId: bigint("blocked_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    // A user's blocks in the order they were made, and "does B block A" as one probe.
    primaryKey({ columns: [t.blockerId, t.blockedId] }),
    index("user_blocks_blocker_time_idx").on(t.blockerId, t.createdAt, t.blockedId),
    // Who blocks a user, and the cascade when a blocked user is deleted.
    index("user_blocks_blocked_idx").on(t.blockedId, t.blockerId),
    check("user_blocks_no_self_check", sql`${t.blockerId} <> ${t.blockedId}`),
  ],
);

// Uploaded avatars, served at the avatar_url their user then carries; GitLab caps them at
// 200 KiB, so the bytes live in the database beside the user, whichever engine it is.
export const userAvatars = pgTable("user_avatars", {
  userId: bigint("user_id", { mode: "number" })
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  contentType: text("content_type").notNull(),
  bytes: bytea("bytes").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export const IDENTITY_FORGES = ["github", "gitlab"] as const;

// Who a user was on a forge it was imported from (GitHub's id and login, GitLab's id and
// username), so exports and later migrations can map it back. One identity per forge a user,
// and a forge's id names one user at most.
export const userIdentities = pgTable(
  "user_identities",
  {
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    forge: text("forge", { enum: IDENTITY_FORGES }).notNull(),
    // Unknown when a source names users by login only (Mastodon's CSV, an NDJSON of logins).
    externalId: bigint("external_id", { mode: "number" }),
    login: text("login").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.forge] }),
    uniqueIndex("user_identities_forge_external_key").on(t.forge, t.externalId),
    check("user_identities_forge_check", sql`${t.forge} in ('github', 'gitlab')`),
  ],
);

// Keys the server derives once and keeps across restarts and instances, such as the one that
// signs pagination cursors, so a crawl survives a restart.
export const serverKeys = pgTable("server_keys", {
  name: text("name").primaryKey(),
  key: bytea("key").notNull(),
});

// GitHub's primary rate-limit windows when several processes share one PostgreSQL database: one
// row per budget (its key names the layout's limiter and the user or address), counting the
// requests spent until resets_at (epoch milliseconds). Migration 0005 creates it UNLOGGED: a
// window is worth an hour at most, not a WAL record per request.
export const rateWindows = pgTable("rate_windows", {
  key: text("key").primaryKey(),
  used: integer("used").notNull(),
  resetsAt: bigint("resets_at", { mode: "number" }).notNull(),
});

export const schema = {
  users,
  userCounters,
  follows,
  tokens,
  userBlocks,
  userAvatars,
  userIdentities,
  serverKeys,
  rateWindows,
};
export type Schema = typeof schema;
export type UserRow = typeof users.$inferSelect;
export type TokenRow = typeof tokens.$inferSelect;
