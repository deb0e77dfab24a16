// The GitHub dialect's shapes as valibot schemas, named as GitHub's own description names them
// (`simple-user`, `public-user`, …). The OpenAPI document is generated from these, and the
// tests check real answers against it: they are strict, so a field served but not described
// (or described but not served) fails there.
import * as v from "valibot";

const integer = v.pipe(v.number(), v.integer());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const dateTime = v.pipe(v.string(), v.isoTimestamp());
const text = v.string();
const nullableText = v.nullable(v.string());

const simpleUserEntries = {
  login: text,
  id: integer,
  node_id: text,
  avatar_url: text,
  gravatar_id: v.nullable(v.string()),
  url: text,
  html_url: text,
  followers_url: text,
  following_url: text,
  gists_url: text,
  starred_url: text,
  subscriptions_url: text,
  organizations_url: text,
  repos_url: text,
  events_url: text,
  received_events_url: text,
  type: text,
  user_view_type: text,
  site_admin: v.boolean(),
};

export const SimpleUser = v.pipe(
  v.strictObject(simpleUserEntries),
  v.description("A GitHub user, as every list item and embedded user is sent."),
  v.metadata({ ref: "simple-user" }),
);

const publicUserEntries = {
  ...simpleUserEntries,
  name: nullableText,
  company: nullableText,
  blog: nullableText,
  location: nullableText,
  email: nullableText,
  hireable: v.nullable(v.boolean()),
  bio: nullableText,
  twitter_username: nullableText,
  public_repos: count,
  public_gists: count,
  followers: count,
  following: count,
  created_at: dateTime,
  updated_at: dateTime,
  suspended_at: v.optional(
    v.pipe(v.nullable(dateTime), v.description("Only in a site administrator's view (GHES).")),
  ),
};

export const PublicUser = v.pipe(
  v.strictObject(publicUserEntries),
  v.description("A user's profile as anyone may read it."),
  v.metadata({ ref: "public-user" }),
);

export const PrivateUser = v.pipe(
  v.strictObject({
    ...publicUserEntries,
    notification_email: nullableText,
    private_gists: count,
    total_private_repos: count,
    owned_private_repos: count,
    disk_usage: count,
    collaborators: count,
    two_factor_authentication: v.boolean(),
  }),
  v.description("The caller's own profile, read with the `user` scope."),
  v.metadata({ ref: "private-user" }),
);

export const BasicError = v.pipe(
  v.strictObject({
    message: text,
    errors: v.optional(v.pipe(text, v.description("Only in the API version error."))),
    documentation_url: text,
    status: v.pipe(text, v.description("The HTTP status, as a string.")),
  }),
  v.metadata({ ref: "basic-error" }),
);

export const ValidationFailed = v.pipe(
  v.strictObject({
    message: v.literal("Validation Failed"),
    errors: v.array(
      v.strictObject({
        resource: text,
        code: v.picklist([
          "missing",
          "missing_field",
          "invalid",
          "already_exists",
          "unprocessable",
          "custom",
        ]),
        field: v.optional(text),
        message: v.optional(text),
      }),
    ),
    documentation_url: text,
    status: v.literal("422"),
  }),
  v.metadata({ ref: "validation-error" }),
);

export const Root = v.pipe(
  v.record(v.string(), v.string()),
  v.description("URL templates of the API, all on this server."),
  v.metadata({ ref: "root" }),
);

const rateLimit = v.strictObject({
  limit: count,
  used: count,
  remaining: count,
  reset: v.pipe(integer, v.description("When the window resets, in epoch seconds.")),
});

export const RateLimitOverview = v.pipe(
  v.strictObject({
    resources: v.objectWithRest({ core: rateLimit }, rateLimit),
    rate: rateLimit,
  }),
  v.metadata({ ref: "rate-limit-overview" }),
);

export const Authorization = v.pipe(
  v.strictObject({
    id: integer,
    url: text,
    app: v.strictObject({ name: text, url: text, client_id: text }),
    token: v.pipe(text, v.description("The secret, only when this request minted it; otherwise empty.")),
    hashed_token: nullableText,
    token_last_eight: nullableText,
    note: nullableText,
    note_url: nullableText,
    created_at: dateTime,
    updated_at: dateTime,
    scopes: v.array(text),
    fingerprint: nullableText,
    expires_at: v.nullable(dateTime),
    user: SimpleUser,
  }),
  v.description("An impersonation OAuth token (GHES)."),
  v.metadata({ ref: "authorization" }),
);

export const NewUserBody = v.pipe(
  v.object({
    login: v.pipe(
      text,
      v.description("Letters, digits and single inner hyphens; other runs become one hyphen."),
    ),
    email: v.optional(text),
    suspended: v.optional(v.boolean()),
  }),
  v.metadata({ ref: "enterprise-new-user" }),
);

export const RenameBody = v.pipe(v.object({ login: text }), v.metadata({ ref: "enterprise-rename" }));

export const ImpersonationBody = v.pipe(
  v.object({ scopes: v.array(text) }),
  v.metadata({ ref: "enterprise-impersonation" }),
);

// Parameters. GitHub reads `page` and `per_page` leniently (never an error): these describe
// what is honoured.
export const PaginationQuery = v.object({
  per_page: v.optional(
    v.pipe(integer, v.minValue(1), v.maxValue(100), v.description("Results per page (max 100).")),
    30,
  ),
  page: v.optional(v.pipe(integer, v.minValue(1), v.description("Page number of the results.")), 1),
});

export const FollowListQuery = v.object({
  ...PaginationQuery.entries,
  cursor: v.optional(
    v.pipe(
      text,
      v.description(
        "Where the next page starts, as a Link header's URLs carry it; stable while the list changes.",
      ),
    ),
  ),
});

export const UsernamePath = v.object({
  username: v.pipe(text, v.description("The handle for the GitHub user account.")),
});

export const UserIdPath = v.object({
  id: v.pipe(integer, v.minValue(1), v.description("The user's numeric id.")),
});

export const CheckFollowingPath = v.object({
  ...UsernamePath.entries,
  target_user: v.pipe(text, v.description("The handle of the user who may be followed.")),
});
