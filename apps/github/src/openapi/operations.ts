// What each GitHub route answers, attached to the route itself (hono-openapi's describeRoute),
// so the OpenAPI document is generated from the routes that are served. Operation ids are
// GitHub's own; the `{id}` forms GitHub only uses in canonical URLs get ids of their own.
import { jsonContent as json, operationDescriber } from "@follow-graph/http";
import * as v from "valibot";
import { DOCS } from "../docs.ts";
import {
  Authorization,
  BasicError,
  CheckFollowingPath,
  FollowListQuery,
  ImpersonationBody,
  NewUserBody,
  PaginationQuery,
  PrivateUser,
  PublicUser,
  RateLimitOverview,
  RenameBody,
  Root,
  SimpleUser,
  UserIdPath,
  UsernamePath,
  ValidationFailed,
} from "./schemas.ts";

const error = (description: string) => ({ description, content: json(BasicError) });

// Every operation may answer these: an unsupported X-GitHub-Api-Version, a token that names
// nobody, and a suspended account or a spent rate limit.
const ALWAYS = {
  400: error("Bad request: an unsupported `X-GitHub-Api-Version`, or a malformed body or cursor."),
  401: error("Requires authentication, or the credentials name nobody."),
  403: error("Forbidden: a suspended or deactivated account, or the rate limit is spent."),
};
const NOT_FOUND = error("Not found: no such user, or a token without the scope the route needs.");
const NOT_MODIFIED = { description: "Not modified: the `If-None-Match` or `If-Modified-Since` still holds." };
const NO_CONTENT = { description: "Done (bodiless)." };
const TOO_LARGE = error("The request body is larger than the server reads.");
const VALIDATION = { description: "Validation failed.", content: json(ValidationFailed) };

const LINK = {
  Link: {
    description:
      "GitHub's pagination links (`prev`, `next`, `last`, `first`), when there is more than one page.",
    schema: { type: "string" },
  },
};
const list = (description: string) => ({
  description,
  headers: LINK,
  content: json(v.array(SimpleUser)),
});

const describe = operationDescriber({ docsLabel: "GitHub's documentation", always: ALWAYS });

const FOLLOWERS = ["followers"];
const USERS = ["users"];
const BLOCKING = ["blocking"];
const ADMIN = ["enterprise-admin"];

export const DESCRIBED = {
  root: describe({
    operationId: "meta/root",
    summary: "GitHub API Root",
    tags: ["meta"],
    docs: DOCS.root,
    responses: { 200: { description: "The API's URL templates.", content: json(Root) } },
  }),
  rateLimitStatus: describe({
    operationId: "rate-limit/get",
    summary: "Get rate limit status for the authenticated user",
    tags: ["rate-limit"],
    docs: DOCS.rateLimitStatus,
    responses: {
      200: { description: "The caller's budget; asking costs nothing.", content: json(RateLimitOverview) },
      404: error("Rate limiting is not enabled (GHES's default)."),
    },
  }),
  getAuthenticated: describe({
    operationId: "users/get-authenticated",
    summary: "Get the authenticated user",
    tags: USERS,
    docs: DOCS.getAuthenticated,
    responses: {
      200: {
        description: "`private-user` with the `user` scope, else `public-user`.",
        content: json(v.union([PrivateUser, PublicUser])),
      },
      304: NOT_MODIFIED,
    },
  }),
  getByUsername: describe({
    operationId: "users/get-by-username",
    summary: "Get a user",
    tags: USERS,
    docs: DOCS.getByUsername,
    path: UsernamePath,
    responses: {
      200: { description: "The profile.", content: json(PublicUser) },
      304: NOT_MODIFIED,
      404: NOT_FOUND,
    },
  }),
  getById: describe({
    operationId: "users/get-by-id",
    summary: "Get a user using their ID",
    tags: USERS,
    docs: DOCS.getById,
    path: UserIdPath,
    responses: {
      200: { description: "The profile.", content: json(PublicUser) },
      304: NOT_MODIFIED,
      404: NOT_FOUND,
    },
  }),
  listMyFollowers: describe({
    operationId: "users/list-followers-for-authenticated-user",
    summary: "List followers of the authenticated user",
    tags: FOLLOWERS,
    docs: DOCS.listMyFollowers,
    query: FollowListQuery,
    responses: { 200: list("The caller's followers, oldest follow first."), 304: NOT_MODIFIED },
  }),
  listMyFollowing: describe({
    operationId: "users/list-followed-by-authenticated-user",
    summary: "List the people the authenticated user follows",
    tags: FOLLOWERS,
    docs: DOCS.listMyFollowing,
    query: FollowListQuery,
    responses: { 200: list("Whom the caller follows, oldest follow first."), 304: NOT_MODIFIED },
  }),
  checkMine: describe({
    operationId: "users/check-person-is-followed-by-authenticated",
    summary: "Check if a person is followed by the authenticated user",
    tags: FOLLOWERS,
    docs: DOCS.checkMine,
    path: UsernamePath,
    responses: {
      204: { description: "The caller follows them." },
      404: error("The caller does not follow them."),
    },
  }),
  follow: describe({
    operationId: "users/follow",
    summary: "Follow a user",
    tags: FOLLOWERS,
    docs: DOCS.follow,
    path: UsernamePath,
    responses: {
      204: {
        description:
          "Followed; also for a repeat, oneself, a user either side blocks and one who turned following off (nothing stored).",
      },
      404: NOT_FOUND,
    },
  }),
  unfollow: describe({
    operationId: "users/unfollow",
    summary: "Unfollow a user",
    tags: FOLLOWERS,
    docs: DOCS.unfollow,
    path: UsernamePath,
    responses: { 204: { description: "Not following them (any more)." }, 404: NOT_FOUND },
  }),
  listFollowers: describe({
    operationId: "users/list-followers-for-user",
    summary: "List followers of a user",
    tags: FOLLOWERS,
    docs: DOCS.listFollowers,
    path: UsernamePath,
    query: FollowListQuery,
    responses: { 200: list("The user's followers, oldest follow first."), 304: NOT_MODIFIED, 404: NOT_FOUND },
  }),
  listFollowing: describe({
    operationId: "users/list-following-for-user",
    summary: "List the people a user follows",
    tags: FOLLOWERS,
    docs: DOCS.listFollowing,
    path: UsernamePath,
    query: FollowListQuery,
    responses: {
      200: list("Whom the user follows, oldest follow first."),
      304: NOT_MODIFIED,
      404: NOT_FOUND,
    },
  }),
  checkFollowing: describe({
    operationId: "users/check-following-for-user",
    summary: "Check if a user follows another user",
    tags: FOLLOWERS,
    docs: DOCS.checkFollowing,
    path: CheckFollowingPath,
    responses: {
      204: { description: "The user follows the target user." },
      404: error("The user does not follow the target user, or either is unknown."),
    },
  }),
  listFollowersById: describe({
    operationId: "users/list-followers-for-user-by-id",
    summary: "List followers of a user, by id",
    tags: FOLLOWERS,
    docs: DOCS.listFollowers,
    path: UserIdPath,
    query: FollowListQuery,
    responses: { 200: list("The user's followers, oldest follow first."), 304: NOT_MODIFIED, 404: NOT_FOUND },
  }),
  listFollowingById: describe({
    operationId: "users/list-following-for-user-by-id",
    summary: "List the people a user follows, by id",
    tags: FOLLOWERS,
    docs: DOCS.listFollowing,
    path: UserIdPath,
    query: FollowListQuery,
    responses: {
      200: list("Whom the user follows, oldest follow first."),
      304: NOT_MODIFIED,
      404: NOT_FOUND,
    },
  }),
  listBlocked: describe({
    operationId: "users/list-blocked-by-authenticated-user",
    summary: "List users blocked by the authenticated user",
    tags: BLOCKING,
    docs: DOCS.listBlocked,
    query: PaginationQuery,
    responses: { 200: list("Whom the caller blocks."), 404: NOT_FOUND },
  }),
  checkBlocked: describe({
    operationId: "users/check-blocked",
    summary: "Check if a user is blocked by the authenticated user",
    tags: BLOCKING,
    docs: DOCS.checkBlocked,
    path: UsernamePath,
    responses: {
      204: { description: "The caller blocks them." },
      404: error("Not blocked, or no such user."),
    },
  }),
  block: describe({
    operationId: "users/block",
    summary: "Block a user",
    tags: BLOCKING,
    docs: DOCS.block,
    path: UsernamePath,
    responses: {
      204: { description: "Blocked (also when already blocked)." },
      404: NOT_FOUND,
      422: VALIDATION,
    },
  }),
  unblock: describe({
    operationId: "users/unblock",
    summary: "Unblock a user",
    tags: BLOCKING,
    docs: DOCS.unblock,
    path: UsernamePath,
    responses: { 204: NO_CONTENT, 404: NOT_FOUND },
  }),
  createUser: describe({
    operationId: "enterprise-admin/create-user",
    summary: "Create a user (GHES)",
    tags: ADMIN,
    docs: DOCS.createUser,
    body: NewUserBody,
    responses: {
      201: { description: "Created.", content: json(SimpleUser) },
      404: NOT_FOUND,
      413: TOO_LARGE,
      422: VALIDATION,
    },
  }),
  renameUser: describe({
    operationId: "enterprise-admin/update-username-for-user",
    summary: "Update the username for a user (GHES)",
    tags: ADMIN,
    docs: DOCS.renameUser,
    path: UsernamePath,
    body: RenameBody,
    responses: {
      202: {
        description: "Renamed (done by the time of the answer, though GitHub's words say queued).",
        content: json(v.strictObject({ message: v.string(), url: v.string() })),
      },
      404: NOT_FOUND,
      413: TOO_LARGE,
      422: VALIDATION,
    },
  }),
  deleteUser: describe({
    operationId: "enterprise-admin/delete-user",
    summary: "Delete a user (GHES)",
    tags: ADMIN,
    docs: DOCS.deleteUser,
    path: UsernamePath,
    responses: { 204: NO_CONTENT, 404: NOT_FOUND },
  }),
  createImpersonation: describe({
    operationId: "enterprise-admin/create-impersonation-o-auth-token",
    summary: "Create an impersonation OAuth token (GHES)",
    tags: ADMIN,
    docs: DOCS.createImpersonation,
    path: UsernamePath,
    body: ImpersonationBody,
    responses: {
      200: {
        description: "The user's token for these scopes already exists (`token` is empty).",
        content: json(Authorization),
      },
      201: { description: "Minted.", content: json(Authorization) },
      404: NOT_FOUND,
      413: TOO_LARGE,
      422: VALIDATION,
    },
  }),
  deleteImpersonation: describe({
    operationId: "enterprise-admin/delete-impersonation-o-auth-token",
    summary: "Delete the impersonation OAuth tokens of a user (GHES)",
    tags: ADMIN,
    docs: DOCS.deleteImpersonation,
    path: UsernamePath,
    responses: { 204: NO_CONTENT, 404: NOT_FOUND },
  }),
  suspend: describe({
    operationId: "enterprise-admin/suspend-user",
    summary: "Suspend a user (GHES)",
    tags: ADMIN,
    docs: DOCS.suspend,
    path: UsernamePath,
    responses: { 204: NO_CONTENT, 404: NOT_FOUND, 413: TOO_LARGE },
  }),
  unsuspend: describe({
    operationId: "enterprise-admin/unsuspend-user",
    summary: "Unsuspend a user (GHES)",
    tags: ADMIN,
    docs: DOCS.unsuspend,
    path: UsernamePath,
    responses: { 204: NO_CONTENT, 404: NOT_FOUND, 413: TOO_LARGE },
  }),
  promote: describe({
    operationId: "enterprise-admin/promote-user-to-be-site-administrator",
    summary: "Promote a user to be a site administrator (GHES)",
    tags: ADMIN,
    docs: DOCS.promote,
    path: UsernamePath,
    responses: { 204: NO_CONTENT, 404: NOT_FOUND },
  }),
  demote: describe({
    operationId: "enterprise-admin/demote-site-administrator",
    summary: "Demote a site administrator (GHES)",
    tags: ADMIN,
    docs: DOCS.demote,
    path: UsernamePath,
    responses: { 204: NO_CONTENT, 404: NOT_FOUND },
  }),
};
