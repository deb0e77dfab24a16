export { bootstrapRoot, ROOT_TOKEN_SCOPES, rotateRootToken } from "./bootstrap.ts";
export { type Core, type CoreOptions, createCore } from "./core.ts";
export { type Database, type DatabaseConfig, type Db, openDatabase } from "./db/database.ts";
export type { ReadRouting, ReplicaStatus } from "./db/replicas.ts";
export { couldBeText, parseId } from "./db/stored-values.ts";
export {
  checkFixture,
  DEFAULT_ADMIN_FIXTURE_SCOPES,
  DEFAULT_FIXTURE_SCOPES,
  type Fixture,
  type FixtureCheck,
} from "./emulator/fixtures.ts";
export { type FixtureLoad, type LoadedFixture, loadFixtures } from "./emulator/load-fixtures.ts";
export { resetGraph } from "./emulator/reset.ts";
export { type GraphSnapshot, restoreGraph, snapshotGraph } from "./emulator/snapshots.ts";
export { type GraphState, graphState, type StateFollow, type StateUser } from "./emulator/state.ts";
export {
  answerDomainError,
  DOMAIN_ERROR_CODES,
  DomainError,
  type DomainErrorAnswers,
  type DomainErrorCode,
  type DomainErrorData,
  describeDomainError,
  describeFieldProblem,
  type FieldProblem,
  type FieldProblemCode,
  type FieldProblems,
  isDomainError,
} from "./errors/domain-error.ts";
export { isStartupError, StartupError } from "./errors/startup-error.ts";
export type { BlockedPage } from "./follows/blocks.ts";
export type { Direction } from "./follows/cursor.ts";
export type { ListOrder, ListOwner } from "./follows/reads.ts";
export {
  type BlockOutcome,
  type CallerOrUserId,
  type FollowOutcome,
  type FollowRules,
  GITLAB_FOLLOWEE_LIMIT,
  type ListResult,
  type Page,
  type UnblockOutcome,
  type UnfollowOutcome,
} from "./follows/types.ts";
export { type PageOptions, selectEdgePage, selectUserPage } from "./migration/graph-pages.ts";
export { importGraphBatch } from "./migration/import-batch.ts";
export type * from "./migration/types.ts";
export type { StoredWindow } from "./rate-windows/rate-windows.ts";
export {
  type SeedOptions,
  type SeedProgress,
  type SeedResult,
  seedGraph,
  seedOptionsProblem,
} from "./seed/service.ts";
export type {
  Caller,
  CallerCheck,
  CallerPolicy,
  CallerRefusal,
  CallerRefusalReason,
  Identified,
  RefusedState,
} from "./tokens/caller.ts";
export { ADMIN_SCOPE, type Dialect, FOLLOW_SCOPE, GITLAB_TOKEN_SCOPES, scopesIn } from "./tokens/scopes.ts";
export { isExpired, type NewToken, type Token, type TokenResolution } from "./tokens/service.ts";
export { type AvatarRefusal, checkAvatar, type StoredAvatar } from "./users/avatars.ts";
export {
  MODERATION_ACTIONS,
  type ModerationAction,
  type TransitionRefusal,
  type TransitionRefusalReason,
} from "./users/moderation.ts";
export { couldNameUser, NOBODY, parseUserRef, type RefForm } from "./users/ref.ts";
export { type ModerationResult, ROOT_USER_ID } from "./users/service.ts";
export {
  canReadProfile,
  canSeeUser,
  type FollowCounts,
  followingAllowed,
  isBlockedState,
  isListed,
  type User,
  type UserRef,
  type UserState,
  type UserSummary,
  type UserWithCounts,
  type Viewer,
  type Visibility,
} from "./users/user.ts";
export { MIN_PASSWORD_LENGTH, type NewUser, type UserChanges } from "./users/validation.ts";
