// What each GitLab route answers, attached to the route itself (hono-openapi's describeRoute),
// so the OpenAPI document is generated from the routes that are served.
import { MODERATION_ACTIONS, type ModerationAction } from "@follow-graph/core";
import { jsonContent as json, operationDescriber } from "@follow-graph/http";
import type { GenericSchema } from "valibot";
import * as v from "valibot";
import {
  FollowListQuery,
  ImpersonationToken,
  ImpersonationTokenPath,
  MessageError,
  NewTokenBody,
  NewUserBody,
  ParamsError,
  PersonalAccessToken,
  TokenIdPath,
  TokenOwnerPath,
  TokenStateQuery,
  User,
  UserBasic,
  UserChangesBody,
  UserDetailsWithAdmin,
  UserIdPath,
  UserListQuery,
  UserPublic,
  UserWithAdmin,
} from "./schemas.ts";

const DOCS = "https://docs.gitlab.com/api";
const message = (description: string) => ({ description, content: json(MessageError) });

// Every route may answer these: a token that names nobody, and a caller the route refuses
// (a missing scope, a blocked account, not an administrator).
const ALWAYS = {
  401: message("Unauthorized: no credentials where they are needed, or credentials that name nobody."),
  403: message("Forbidden: a missing scope, a blocked or banned account, or not an administrator."),
};
const BAD_PARAMS = {
  description: "A parameter Grape refuses (`{error}`), or a refusal of the service (`{message}`).",
  content: json(v.union([ParamsError, MessageError])),
};
const NOT_FOUND = message("No such user (or token).");
const NO_CONTENT = { description: "Done (bodiless)." };
const TOO_LARGE = message("The request body is larger than the server reads.");

const PAGINATION_HEADERS = Object.fromEntries(
  [
    ["Link", "GitLab's `prev`, `next`, `first` and `last` links."],
    ["X-Page", "This page."],
    ["X-Per-Page", "Items per page."],
    ["X-Next-Page", "The next page, empty on the last."],
    ["X-Prev-Page", "The previous page, empty on the first."],
    ["X-Total", "Items in the list, up to 10,000 (then absent)."],
    ["X-Total-Pages", "Pages in the list, while X-Total is sent."],
  ].map(([name, description]) => [name, { description, schema: { type: "string" } }]),
);
const list = (description: string, items: GenericSchema) => ({
  description,
  headers: PAGINATION_HEADERS,
  content: json(v.array(items)),
});

const describe = operationDescriber({
  docsLabel: "GitLab's documentation",
  always: ALWAYS,
  // Grape reads a JSON body, a form or a query string alike.
  bodyTypes: ["application/json", "application/x-www-form-urlencoded"],
});

const FOLLOW = `${DOCS}/user_follow_unfollow`;
const USERS = `${DOCS}/users`;
const TOKENS = `${DOCS}/user_tokens`;
const MODERATION = `${DOCS}/user_moderation`;

const moderate = (action: ModerationAction) =>
  describe({
    operationId: `postUsersByIdAction${action[0]!.toUpperCase()}${action.slice(1)}`,
    summary: `${action[0]!.toUpperCase()}${action.slice(1)} a user`,
    tags: ["user_moderation"],
    docs: `${MODERATION}#${action}-a-user`,
    path: UserIdPath,
    responses: {
      201: {
        description: "`true` when done; `false` or `null` when the user already was so, as GitLab answers.",
        content: json(v.nullable(v.boolean())),
      },
      404: NOT_FOUND,
    },
  });

export const DESCRIBED = {
  follow: describe({
    operationId: "postUsersIdFollow",
    summary: "Follow a user",
    tags: ["user_follow_unfollow"],
    docs: `${FOLLOW}#follow-a-user`,
    path: UserIdPath,
    responses: {
      201: { description: "Followed: the user followed.", content: json(UserBasic) },
      304: {
        description: "Nothing changed: already following, oneself, following turned off, or a GitHub block.",
      },
      400: message("The caller already follows 300 users (GitLab's cap)."),
      404: NOT_FOUND,
    },
  }),
  unfollow: describe({
    operationId: "postUsersIdUnfollow",
    summary: "Unfollow a user",
    tags: ["user_follow_unfollow"],
    docs: `${FOLLOW}#unfollow-a-user`,
    path: UserIdPath,
    responses: {
      201: { description: "Unfollowed: the user unfollowed.", content: json(UserBasic) },
      304: { description: "Nothing changed: the caller was not following them." },
      404: NOT_FOUND,
    },
  }),
  followers: describe({
    operationId: "getUsersIdFollowers",
    summary: "List all accounts that follow a user",
    tags: ["user_follow_unfollow"],
    docs: `${FOLLOW}#list-all-accounts-that-follow-a-user`,
    path: UserIdPath,
    query: FollowListQuery,
    responses: { 200: list("The followers, by user id.", UserBasic), 400: BAD_PARAMS, 404: NOT_FOUND },
  }),
  following: describe({
    operationId: "getUsersIdFollowing",
    summary: "List all accounts followed by a user",
    tags: ["user_follow_unfollow"],
    docs: `${FOLLOW}#list-all-accounts-followed-by-a-user`,
    path: UserIdPath,
    query: FollowListQuery,
    responses: {
      200: list("Whom the user follows, by user id.", UserBasic),
      400: BAD_PARAMS,
      404: NOT_FOUND,
    },
  }),
  currentUser: describe({
    operationId: "getUser",
    summary: "Get the current user",
    tags: ["users"],
    docs: `${USERS}#retrieve-the-current-user`,
    responses: {
      200: {
        description: "`UserWithAdmin` for administrators.",
        content: json(v.union([UserWithAdmin, UserPublic])),
      },
    },
  }),
  user: describe({
    operationId: "getUsersId",
    summary: "Get a single user",
    tags: ["users"],
    docs: `${USERS}#retrieve-a-single-user`,
    path: UserIdPath,
    responses: {
      200: {
        description: "`UserDetailsWithAdmin` for administrators.",
        content: json(v.union([UserDetailsWithAdmin, User])),
      },
      404: NOT_FOUND,
    },
  }),
  users: describe({
    operationId: "getUsers",
    summary: "List users",
    tags: ["users"],
    docs: `${USERS}#list-users`,
    query: UserListQuery,
    responses: {
      200: list(
        "`UserWithAdmin`s for administrators; anyone may look a username up.",
        v.union([UserWithAdmin, UserBasic]),
      ),
      400: BAD_PARAMS,
    },
  }),
  createUser: describe({
    operationId: "postUsers",
    summary: "Create a user",
    tags: ["users"],
    docs: `${USERS}#create-a-user`,
    body: NewUserBody,
    responses: {
      201: { description: "Created.", content: json(UserWithAdmin) },
      400: BAD_PARAMS,
      409: message("The username or email is taken."),
      413: TOO_LARGE,
    },
  }),
  updateUser: describe({
    operationId: "putUsersId",
    summary: "Modify a user",
    tags: ["users"],
    docs: `${USERS}#modify-a-user`,
    path: UserIdPath,
    body: UserChangesBody,
    responses: {
      200: { description: "Changed.", content: json(UserWithAdmin) },
      400: BAD_PARAMS,
      404: NOT_FOUND,
      409: message("The username or email is taken."),
      413: TOO_LARGE,
    },
  }),
  deleteUser: describe({
    operationId: "deleteUsersId",
    summary: "Delete a user",
    tags: ["users"],
    docs: `${USERS}#delete-a-user`,
    path: UserIdPath,
    responses: { 204: NO_CONTENT, 404: NOT_FOUND },
  }),
  moderate: Object.fromEntries(MODERATION_ACTIONS.map((action) => [action, moderate(action)])) as Record<
    ModerationAction,
    ReturnType<typeof moderate>
  >,
  createPersonalAccessToken: describe({
    operationId: "postUsersUserIdPersonalAccessTokens",
    summary: "Create a personal access token for a user",
    tags: ["user_tokens"],
    docs: `${TOKENS}#create-a-personal-access-token-for-a-user`,
    path: TokenOwnerPath,
    body: NewTokenBody,
    responses: {
      201: { description: "Minted; `token` is the secret.", content: json(PersonalAccessToken) },
      400: BAD_PARAMS,
      404: NOT_FOUND,
      413: TOO_LARGE,
      422: message("The expiry date is not in the future."),
    },
  }),
  revokePersonalAccessToken: describe({
    operationId: "deletePersonalAccessTokensId",
    summary: "Revoke a personal access token",
    tags: ["personal_access_tokens"],
    docs: `${DOCS}/personal_access_tokens#revoke-a-personal-access-token`,
    path: TokenIdPath,
    responses: { 204: NO_CONTENT, 404: NOT_FOUND },
  }),
  impersonationTokens: describe({
    operationId: "getUsersUserIdImpersonationTokens",
    summary: "List all impersonation tokens for a user",
    tags: ["user_tokens"],
    docs: `${TOKENS}#list-all-impersonation-tokens-for-a-user`,
    path: TokenOwnerPath,
    query: TokenStateQuery,
    responses: {
      200: list("The user's impersonation tokens.", ImpersonationToken),
      400: BAD_PARAMS,
      404: NOT_FOUND,
    },
  }),
  createImpersonationToken: describe({
    operationId: "postUsersUserIdImpersonationTokens",
    summary: "Create an impersonation token",
    tags: ["user_tokens"],
    docs: `${TOKENS}#create-an-impersonation-token`,
    path: TokenOwnerPath,
    body: NewTokenBody,
    responses: {
      201: { description: "Minted; `token` is the secret.", content: json(ImpersonationToken) },
      400: BAD_PARAMS,
      404: NOT_FOUND,
      413: TOO_LARGE,
      422: message("The expiry date is not in the future."),
    },
  }),
  impersonationToken: describe({
    operationId: "getUsersUserIdImpersonationTokensImpersonationTokenId",
    summary: "Retrieve an impersonation token for a user",
    tags: ["user_tokens"],
    docs: `${TOKENS}#retrieve-an-impersonation-token-for-a-user`,
    path: ImpersonationTokenPath,
    responses: {
      200: { description: "The token.", content: json(ImpersonationToken) },
      400: BAD_PARAMS,
      404: NOT_FOUND,
    },
  }),
  revokeImpersonationToken: describe({
    operationId: "deleteUsersUserIdImpersonationTokensImpersonationTokenId",
    summary: "Revoke an impersonation token",
    tags: ["user_tokens"],
    docs: `${TOKENS}#revoke-an-impersonation-token`,
    path: ImpersonationTokenPath,
    responses: { 204: NO_CONTENT, 400: BAD_PARAMS, 404: NOT_FOUND },
  }),
};
