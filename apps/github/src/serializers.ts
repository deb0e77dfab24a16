import {
  isBlockedState,
  type ListResult,
  type Token,
  type UserSummary,
  type UserWithCounts,
} from "@follow-graph/core";
import { createItemJsonMemo } from "@follow-graph/http";

/** Where the request came in: URLs in bodies point back at the same server and prefix. */
export interface UrlContext {
  /** scheme://host:port */
  origin: string;
  /** `origin` plus the mount's prefix, e.g. `http://127.0.0.1:3000/api/v3`. */
  apiBase: string;
}

/** GitHub's global id of a user account: base64 of `04:User{id}`. */
export const nodeIdOf = (id: number) => Buffer.from(`04:User${id}`).toString("base64");

/** GitHub's timestamps: ISO 8601 in UTC, whole seconds. */
const timestamp = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

const orNull = (value: string | null | undefined) => (value ? value : null);

/** `simple-user`: every list item, fields in the order GitHub sends them. */
export function toGitHubSimpleUser(user: UserSummary, ctx: UrlContext) {
  const login = user.username;
  const url = `${ctx.apiBase}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id: user.id,
    node_id: nodeIdOf(user.id),
    avatar_url: user.avatarUrl ?? `${ctx.origin}/avatars/u/${user.id}?v=4`,
    gravatar_id: "",
    url,
    html_url: `${ctx.origin}/${encodeURIComponent(login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: "User",
    user_view_type: "public",
    site_admin: user.isAdmin,
  };
}

// A list page is mostly the same users' items over and over, and building and stringifying
// nineteen fields per item was most of a page's CPU: each item's JSON is kept per user and
// reused while the read brings the same fields (see createItemJsonMemo).
const simpleUserJson = createItemJsonMemo(20_000);

/** A list item as the core reads it: its id, its fields as one text, and the fields parsed. */
export type ListItem = Pick<ListResult["items"][number], "id" | "source" | "user">;

/**
 * A JSON array of `simple-user`s, as a list page sends it, and the fingerprint it is made
 * from: the items' sources and the API base determine every byte of the body, and are a
 * tenth of its size to hash for an ETag.
 */
export function toGitHubSimpleUserListJson(
  items: readonly ListItem[],
  ctx: UrlContext,
): { json: string; fingerprint: string } {
  const context = `${ctx.origin}\0${ctx.apiBase}`;
  const parts: string[] = [];
  let fingerprint = context;
  for (const item of items) {
    parts.push(
      simpleUserJson.json(item.id, context, item.source, () =>
        JSON.stringify(toGitHubSimpleUser(item.user, ctx)),
      ),
    );
    fingerprint += `\n${item.source}`;
  }
  return { json: `[${parts.join(",")}]`, fingerprint };
}

/** A JSON array of `simple-user`s from users read without sources (short, rarely read lists). */
export const toGitHubSimpleUsersJson = (users: readonly UserSummary[], ctx: UrlContext): string =>
  JSON.stringify(users.map((user) => toGitHubSimpleUser(user, ctx)));

/**
 * `public-user` (`GET /users/{username}`), or `private-user` for the caller's own profile
 * read with the `user` scope. The counts are the lengths of the two lists. A site
 * administrator also gets `suspended_at`, as GitHub Enterprise Server shows it to them: null,
 * or when the account was suspended (its last update, which suspending is).
 */
export function toGitHubUser(
  user: UserWithCounts,
  ctx: UrlContext,
  view: "public" | "private" = "public",
  siteAdmin = false,
) {
  const publicFields = {
    ...toGitHubSimpleUser(user, ctx),
    user_view_type: view,
    name: user.name,
    company: orNull(user.organization),
    blog: user.websiteUrl,
    location: orNull(user.location),
    email: orNull(user.publicEmail),
    hireable: null,
    bio: orNull(user.bio),
    twitter_username: orNull(user.twitter),
    // Only the owner's own view has it: GitHub leaves the key out of everyone else's.
    ...(view === "private" ? { notification_email: user.email } : {}),
    public_repos: 0,
    public_gists: 0,
    followers: user.counts.followers,
    following: user.counts.following,
    created_at: timestamp(user.createdAt),
    updated_at: timestamp(user.updatedAt),
    ...(siteAdmin ? { suspended_at: isBlockedState(user.state) ? timestamp(user.updatedAt) : null } : {}),
  };
  if (view === "public") return publicFields;
  return {
    ...publicFields,
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: false,
  };
}

/** GHES `authorization` for an impersonation token; `secret` is "" for one minted earlier. */
export function toGitHubAuthorization(
  token: Token,
  owner: UserSummary,
  secret: string,
  hashedToken: string | null,
  ctx: UrlContext,
) {
  return {
    id: token.id,
    url: `${ctx.apiBase}/authorizations/${token.id}`,
    app: {
      name: "GitHub Site Administrator",
      url: "https://docs.github.com/enterprise/rest/reference/enterprise-admin",
      client_id: "00000000000000000000",
    },
    token: secret,
    hashed_token: hashedToken,
    token_last_eight: secret ? secret.slice(-8) : null,
    note: token.description,
    note_url: null,
    created_at: timestamp(token.createdAt),
    updated_at: timestamp(token.createdAt),
    scopes: token.scopes,
    fingerprint: null,
    expires_at: token.expiresAt ? `${token.expiresAt}T00:00:00Z` : null,
    user: toGitHubSimpleUser(owner, ctx),
  };
}

// The API root (`GET /`): URL templates clients may expand, all on this server.
const ROOT_TEMPLATES: Array<[string, string]> = [
  ["current_user_url", "/user"],
  ["current_user_authorizations_html_url", "@/settings/connections/applications{/client_id}"],
  ["authorizations_url", "/authorizations"],
  ["code_search_url", "/search/code?q={query}{&page,per_page,sort,order}"],
  ["commit_search_url", "/search/commits?q={query}{&page,per_page,sort,order}"],
  ["emails_url", "/user/emails"],
  ["emojis_url", "/emojis"],
  ["events_url", "/events"],
  ["feeds_url", "/feeds"],
  ["followers_url", "/user/followers"],
  ["following_url", "/user/following{/target}"],
  ["gists_url", "/gists{/gist_id}"],
  ["hub_url", "/hub"],
  ["issue_search_url", "/search/issues?q={query}{&page,per_page,sort,order}"],
  ["issues_url", "/issues"],
  ["keys_url", "/user/keys"],
  ["label_search_url", "/search/labels?q={query}&repository_id={repository_id}{&page,per_page}"],
  ["notifications_url", "/notifications"],
  ["organization_url", "/orgs/{org}"],
  ["organization_repositories_url", "/orgs/{org}/repos{?type,page,per_page,sort}"],
  ["organization_teams_url", "/orgs/{org}/teams"],
  ["public_gists_url", "/gists/public"],
  ["rate_limit_url", "/rate_limit"],
  ["repository_url", "/repos/{owner}/{repo}"],
  ["repository_search_url", "/search/repositories?q={query}{&page,per_page,sort,order}"],
  ["current_user_repositories_url", "/user/repos{?type,page,per_page,sort}"],
  ["starred_url", "/user/starred{/owner}{/repo}"],
  ["starred_gists_url", "/gists/starred"],
  ["topic_search_url", "/search/topics?q={query}{&page,per_page}"],
  ["user_url", "/users/{user}"],
  ["user_organizations_url", "/user/orgs"],
  ["user_repositories_url", "/users/{user}/repos{?type,page,per_page,sort}"],
  ["user_search_url", "/search/users?q={query}{&page,per_page,sort,order}"],
];

/** The API root document; `@` marks a page of the web UI rather than of the API. */
export const toGitHubRoot = (ctx: UrlContext) =>
  Object.fromEntries(
    ROOT_TEMPLATES.map(([key, path]) => [
      key,
      path.startsWith("@") ? `${ctx.origin}${path.slice(1)}` : `${ctx.apiBase}${path}`,
    ]),
  );
