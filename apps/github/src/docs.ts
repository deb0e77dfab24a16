// GitHub's error bodies carry the documentation page of the operation that failed
// (`documentation_url`); a failure before any operation is known points at the REST index.
const REST = "https://docs.github.com/rest";
const followers = (anchor: string) => `${REST}/users/followers#${anchor}`;
const users = (anchor: string) => `${REST}/users/users#${anchor}`;
const blocking = (anchor: string) => `${REST}/users/blocking#${anchor}`;
const admin = (anchor: string) =>
  `https://docs.github.com/enterprise-server@3.19/rest/enterprise-admin/users#${anchor}`;

export const DOCS = {
  rest: REST,
  root: `${REST}/meta/meta#github-api-root`,
  rateLimits: `${REST}/using-the-rest-api/rate-limits-for-the-rest-api`,
  rateLimitStatus: `${REST}/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user`,
  listMyFollowers: followers("list-followers-of-the-authenticated-user"),
  listMyFollowing: followers("list-the-people-the-authenticated-user-follows"),
  checkMine: followers("check-if-a-person-is-followed-by-the-authenticated-user"),
  follow: followers("follow-a-user"),
  unfollow: followers("unfollow-a-user"),
  listFollowers: followers("list-followers-of-a-user"),
  listFollowing: followers("list-the-people-a-user-follows"),
  checkFollowing: followers("check-if-a-user-follows-another-user"),
  listBlocked: blocking("list-users-blocked-by-the-authenticated-user"),
  checkBlocked: blocking("check-if-a-user-is-blocked-by-the-authenticated-user"),
  block: blocking("block-a-user"),
  unblock: blocking("unblock-a-user"),
  getAuthenticated: users("get-the-authenticated-user"),
  getByUsername: users("get-a-user"),
  getById: users("get-a-user-using-their-id"),
  createUser: admin("create-a-user"),
  renameUser: admin("update-the-username-for-a-user"),
  deleteUser: admin("delete-a-user"),
  createImpersonation: admin("create-an-impersonation-oauth-token"),
  deleteImpersonation: admin("delete-an-impersonation-oauth-token"),
  suspend: admin("suspend-a-user"),
  unsuspend: admin("unsuspend-a-user"),
  promote: admin("promote-a-user-to-be-a-site-administrator"),
  demote: admin("demote-a-site-administrator"),
} as const;
