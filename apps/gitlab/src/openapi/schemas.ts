// The GitLab dialect's entities as valibot schemas, named as GitLab's API entities are
// (`UserBasic`, `User`, …). The OpenAPI document is generated from these and the tests check
// real answers against it: they are strict, so a field served but not described fails there.
import * as v from "valibot";

const integer = v.pipe(v.number(), v.integer());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const dateTime = v.pipe(v.string(), v.isoTimestamp());
const date = v.pipe(v.string(), v.isoDate());
const text = v.string();
const nullableText = v.nullable(v.string());

const userBasicEntries = {
  id: integer,
  username: text,
  public_email: v.optional(
    v.pipe(text, v.description("Empty when the user shows none (GitLab 17.x and later send it).")),
  ),
  name: text,
  state: v.picklist(["active", "blocked", "banned", "deactivated"]),
  locked: v.boolean(),
  avatar_url: text,
  web_url: text,
};

export const UserBasic = v.pipe(
  v.strictObject(userBasicEntries),
  v.description("A user as every follow, unfollow and list item is sent."),
  v.metadata({ ref: "UserBasic" }),
);

const userEntries = {
  ...userBasicEntries,
  public_email: text,
  created_at: v.optional(
    v.pipe(dateTime, v.description("Left out when the profile is private to the viewer.")),
  ),
  bio: text,
  location: text,
  linkedin: text,
  twitter: text,
  discord: text,
  website_url: text,
  github: text,
  job_title: text,
  pronouns: nullableText,
  organization: text,
  bot: v.boolean(),
  work_information: nullableText,
  followers: v.optional(count),
  following: v.optional(count),
  is_followed: v.optional(v.boolean()),
  local_time: v.null(),
};

export const User = v.pipe(
  v.strictObject(userEntries),
  v.description(
    "A profile. The follow counts and `is_followed` are left out when the viewer may not read the profile, looks at themselves, or either side turned following off.",
  ),
  v.metadata({ ref: "User" }),
);

const userPublicEntries = {
  ...userEntries,
  last_sign_in_at: v.null(),
  confirmed_at: v.nullable(dateTime),
  last_activity_on: v.null(),
  email: text,
  theme_id: integer,
  color_scheme_id: integer,
  projects_limit: integer,
  current_sign_in_at: v.null(),
  identities: v.array(v.unknown()),
  can_create_group: v.boolean(),
  can_create_project: v.boolean(),
  two_factor_enabled: v.boolean(),
  external: v.boolean(),
  private_profile: v.boolean(),
  commit_email: text,
};

export const UserPublic = v.pipe(
  v.strictObject(userPublicEntries),
  v.description("The caller's own profile."),
  v.metadata({ ref: "UserPublic" }),
);

const userWithAdminEntries = {
  ...userPublicEntries,
  is_admin: v.boolean(),
  note: nullableText,
  namespace_id: integer,
  created_by: v.null(),
  email_reset_offered_at: v.null(),
  using_license_seat: v.boolean(),
  is_auditor: v.boolean(),
  provisioned_by_group_id: v.null(),
};

export const UserWithAdmin = v.pipe(
  v.strictObject(userWithAdminEntries),
  v.description("What administrators see of users in lists and of those they create or change."),
  v.metadata({ ref: "UserWithAdmin" }),
);

export const UserDetailsWithAdmin = v.pipe(
  v.strictObject({
    ...userWithAdminEntries,
    highest_role: integer,
    current_sign_in_ip: v.null(),
    last_sign_in_ip: v.null(),
    sign_in_count: count,
    plan: v.null(),
    trial: v.boolean(),
  }),
  v.description("An administrator's view of one user."),
  v.metadata({ ref: "UserDetailsWithAdmin" }),
);

const tokenEntries = {
  id: integer,
  name: text,
  revoked: v.boolean(),
  created_at: dateTime,
  description: nullableText,
  scopes: v.array(text),
  user_id: integer,
  last_used_at: v.nullable(dateTime),
  active: v.boolean(),
  expires_at: v.nullable(date),
  token: v.optional(v.pipe(text, v.description("The secret, only in the answer that minted it."))),
};

export const PersonalAccessToken = v.pipe(
  v.strictObject(tokenEntries),
  v.metadata({ ref: "PersonalAccessToken" }),
);

export const ImpersonationToken = v.pipe(
  v.strictObject({ ...tokenEntries, impersonation: v.boolean() }),
  v.metadata({ ref: "ImpersonationToken" }),
);

export const MessageError = v.pipe(
  v.strictObject({
    message: v.union([text, v.record(v.string(), v.array(text))]),
  }),
  v.description("GitLab's error body: a sentence, or the fields that were refused and why."),
  v.metadata({ ref: "MessageError" }),
);

export const ParamsError = v.pipe(
  v.strictObject({ error: text }),
  v.description("Grape's error body, for parameters it refuses and routes it does not know."),
  v.metadata({ ref: "ParamsError" }),
);

const userAttributes = {
  name: v.optional(text),
  username: v.optional(text),
  email: v.optional(text),
  public_email: v.optional(text),
  bio: v.optional(text),
  location: v.optional(text),
  website_url: v.optional(text),
  organization: v.optional(text),
  job_title: v.optional(text),
  pronouns: v.optional(text),
  twitter: v.optional(text),
  linkedin: v.optional(text),
  discord: v.optional(text),
  github: v.optional(text),
  note: v.optional(text),
  avatar_url: v.optional(text),
  private_profile: v.optional(v.boolean()),
  admin: v.optional(v.boolean()),
  enabled_following: v.optional(
    v.pipe(
      v.boolean(),
      v.description("Not settable on GitLab's REST API; accepted here to seed the opt-out."),
    ),
  ),
};

export const UserChangesBody = v.pipe(v.object(userAttributes), v.metadata({ ref: "UserChanges" }));

export const NewUserBody = v.pipe(
  v.object({
    ...userAttributes,
    name: text,
    username: text,
    email: text,
    password: v.optional(v.pipe(text, v.minLength(8))),
    reset_password: v.optional(v.boolean()),
    force_random_password: v.optional(v.boolean()),
    skip_confirmation: v.optional(v.boolean()),
  }),
  v.description("One of `password`, `reset_password` or `force_random_password` is required."),
  v.metadata({ ref: "NewUser" }),
);

export const NewTokenBody = v.pipe(
  v.object({
    name: text,
    scopes: v.pipe(v.union([v.array(text), text]), v.description("An array, or names separated by commas.")),
    description: v.optional(text),
    expires_at: v.optional(v.pipe(date, v.description("At most a year ahead; a year ahead when left out."))),
  }),
  v.metadata({ ref: "NewToken" }),
);

// Parameters. Kaminari reads `page` leniently; `per_page` of 0 and non-integers are refused.
export const PaginationQuery = v.object({
  page: v.optional(v.pipe(integer, v.description("Page number; below 1 is the first page.")), 1),
  per_page: v.optional(
    v.pipe(integer, v.minValue(1), v.description("Results per page; above 100 is 100, 0 is refused.")),
    20,
  ),
});

export const FollowListQuery = v.object({
  ...PaginationQuery.entries,
  cursor: v.optional(
    v.pipe(
      text,
      v.description("Where the next page starts, as the Link header's URLs carry it (this server's own)."),
    ),
  ),
});

export const UserListQuery = v.object({
  ...PaginationQuery.entries,
  username: v.optional(v.pipe(text, v.description("Exactly this username (case-insensitive)."))),
  search: v.optional(v.pipe(text, v.description("Part of a name, username or (for administrators) email."))),
  active: v.optional(v.boolean()),
  blocked: v.optional(v.boolean()),
  external: v.optional(v.boolean()),
  exclude_external: v.optional(v.boolean()),
  exclude_active: v.optional(v.boolean()),
  humans: v.optional(v.boolean()),
  exclude_humans: v.optional(v.boolean()),
  exclude_internal: v.optional(v.boolean()),
  without_project_bots: v.optional(v.boolean()),
  without_projects: v.optional(v.boolean()),
  admins: v.optional(v.boolean()),
  auditors: v.optional(v.boolean()),
  skip_ldap: v.optional(v.boolean()),
  two_factor: v.optional(v.picklist(["enabled", "disabled"])),
  created_after: v.optional(dateTime),
  created_before: v.optional(dateTime),
  order_by: v.optional(v.picklist(["id", "name", "username", "created_at", "updated_at"]), "id"),
  sort: v.optional(v.picklist(["asc", "desc"]), "desc"),
  extern_uid: v.optional(text),
  provider: v.optional(text),
});

export const TokenStateQuery = v.object({
  ...PaginationQuery.entries,
  state: v.optional(v.picklist(["all", "active", "inactive"]), "all"),
});

export const UserIdPath = v.object({
  id: v.pipe(integer, v.minValue(1), v.description("ID of the user account.")),
});

export const TokenOwnerPath = v.object({
  user_id: v.pipe(integer, v.minValue(1), v.description("ID of the user account.")),
});

export const ImpersonationTokenPath = v.object({
  ...TokenOwnerPath.entries,
  impersonation_token_id: v.pipe(integer, v.minValue(1), v.description("ID of the impersonation token.")),
});

export const TokenIdPath = v.object({
  id: v.pipe(integer, v.minValue(1), v.description("ID of the personal access token.")),
});
