import { createHash } from "node:crypto";
import {
  canReadProfile,
  followingAllowed,
  isExpired,
  type ListResult,
  type Token,
  type User,
  type UserSummary,
} from "@follow-graph/core";
import { createItemJsonMemo } from "@follow-graph/http";

/** What serializers need to know about the request: the viewer and the external base URL. */
export interface ViewContext {
  viewer: User | null;
  /** Scheme, host and port clients reach this server on, e.g. `http://127.0.0.1:3000`. */
  origin: string;
  /** Whether `UserBasic` carries `public_email` (GitLab 17.x and later do). */
  publicEmailInBasic: boolean;
}

// Hashing an email for every list item was a tenth of a page's CPU; the URL depends on the
// email alone, so a bounded memo serves a hot page without rehashing.
const gravatarUrls = new Map<string, string>();
const GRAVATAR_MEMO_SIZE = 50_000;
function gravatar(email: string): string {
  let url = gravatarUrls.get(email);
  if (url === undefined) {
    const hash = createHash("md5").update(email.trim().toLowerCase()).digest("hex");
    url = `https://www.gravatar.com/avatar/${hash}?s=80&d=identicon`;
    if (gravatarUrls.size >= GRAVATAR_MEMO_SIZE) gravatarUrls.clear();
    gravatarUrls.set(email, url);
  }
  return url;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** `UserBasic`: every follow, unfollow and list item. */
export function toGitLabUserBasic(user: UserSummary, ctx: ViewContext) {
  return {
    id: user.id,
    username: user.username,
    ...(ctx.publicEmailInBasic ? { public_email: user.publicEmail ?? "" } : {}),
    name: user.name,
    state: user.state,
    locked: false,
    avatar_url: user.avatarUrl ?? gravatar(user.email),
    web_url: `${ctx.origin}/${user.username}`,
  };
}

// A list page is mostly the same users' items over and over: each item's JSON is kept per
// user and reused while the read brings the same fields (see createItemJsonMemo).
const userBasicJson = createItemJsonMemo(20_000);

/** A list item as the core reads it: its id, its fields as one text, and the fields parsed. */
export type ListItem = Pick<ListResult["items"][number], "id" | "source" | "user">;

/** A JSON array of `UserBasic`s, as a follow list sends it. */
export function toGitLabUserBasicListJson(items: readonly ListItem[], ctx: ViewContext): string {
  const context = `${ctx.origin}\0${ctx.publicEmailInBasic}`;
  const parts = items.map((item) =>
    userBasicJson.json(item.id, context, item.source, () =>
      JSON.stringify(toGitLabUserBasic(item.user, ctx)),
    ),
  );
  return `[${parts.join(",")}]`;
}

export interface FollowFacts {
  followers: number;
  following: number;
  isFollowed: boolean;
}

/**
 * `User` (`GET /users/:id`). The follow counts and `is_followed` are left out, not zeroed,
 * when the viewer may not read the profile, looks at themselves, or either side has
 * following turned off.
 */
export function toGitLabUser(user: User, ctx: ViewContext, facts?: FollowFacts) {
  const readable = canReadProfile(ctx.viewer, user);
  const showFollow = facts && readable && ctx.viewer !== null && followingAllowed(ctx.viewer, user);
  return {
    ...toGitLabUserBasic(user, { ...ctx, publicEmailInBasic: true }),
    ...(readable ? { created_at: iso(user.createdAt) } : {}),
    bio: user.bio,
    location: user.location,
    linkedin: user.linkedin,
    twitter: user.twitter,
    discord: user.discord,
    website_url: user.websiteUrl,
    github: user.github,
    job_title: user.jobTitle,
    pronouns: user.pronouns,
    organization: user.organization,
    bot: false,
    work_information: user.organization ? user.organization : null,
    ...(showFollow
      ? { followers: facts.followers, following: facts.following, is_followed: facts.isFollowed }
      : {}),
    local_time: null,
  };
}

/** `UserPublic` (`GET /user`): the caller's own view of themselves. */
export function toGitLabUserPublic(user: User, ctx: ViewContext, facts?: FollowFacts) {
  return {
    ...toGitLabUser(user, ctx, facts),
    last_sign_in_at: null,
    confirmed_at: iso(user.createdAt),
    last_activity_on: null,
    email: user.email,
    theme_id: 1,
    color_scheme_id: 1,
    projects_limit: 100000,
    current_sign_in_at: null,
    identities: [],
    can_create_group: true,
    can_create_project: true,
    two_factor_enabled: false,
    external: false,
    private_profile: user.privateProfile,
    commit_email: user.email,
  };
}

/**
 * `UserWithAdmin` (with GitLab EE's additions): what administrators see in lists and of the
 * users they create or change. This server has no namespaces of its own (a user's is numbered
 * as the user), no record of who created an account, no licence seats, auditors or SAML groups.
 */
export function toGitLabUserWithAdmin(user: User, ctx: ViewContext, facts?: FollowFacts) {
  return {
    ...toGitLabUserPublic(user, ctx, facts),
    is_admin: user.isAdmin,
    note: user.note,
    namespace_id: user.id,
    created_by: null,
    email_reset_offered_at: null,
    using_license_seat: false,
    is_auditor: false,
    provisioned_by_group_id: null,
  };
}

/**
 * `UserDetailsWithAdmin`: an administrator's `GET /users/:id`. Nobody signs in here (tokens
 * only), so there are no sign-ins to count or addresses to show; nobody is a member of a group
 * or project, so the highest role is GitLab's "no access" (0); no plan, no trial.
 */
export function toGitLabUserDetailsWithAdmin(user: User, ctx: ViewContext, facts?: FollowFacts) {
  return {
    ...toGitLabUserWithAdmin(user, ctx, facts),
    highest_role: 0,
    current_sign_in_ip: null,
    last_sign_in_ip: null,
    sign_in_count: 0,
    plan: null,
    trial: false,
  };
}

/** `PersonalAccessToken`, with `token` only in the creation response. */
export function toGitLabToken(token: Token, secret?: string) {
  const active = token.revokedAt === null && !isExpired(token);
  return {
    id: token.id,
    name: token.name,
    revoked: token.revokedAt !== null,
    created_at: iso(token.createdAt),
    description: token.description,
    scopes: token.scopes,
    user_id: token.userId,
    last_used_at: iso(token.lastUsedAt),
    active,
    expires_at: token.expiresAt,
    ...(secret === undefined ? {} : { token: secret }),
  };
}

/**
 * `ImpersonationToken` (`ImpersonationTokenWithToken` on creation): a `PersonalAccessToken`
 * that says whether an administrator minted it, as the token row records.
 */
export const toGitLabImpersonationToken = (token: Token, secret?: string) => ({
  ...toGitLabToken(token, secret),
  impersonation: token.impersonation,
});
