import type { Core, UserState } from "@follow-graph/core";
import { badParams, forbidden, GitLabError } from "../errors.ts";
import { type Pagination, parsePagination } from "../pagination.ts";
import { coerceBoolean } from "../params.ts";

type ListUsers = Core["users"]["listUsers"];
type UserListFilter = Parameters<ListUsers>[1];
type UserListOrder = Parameters<ListUsers>[2];

/** What `GET /users` asks the core for, or `nobody` when a filter holds no user this server has. */
export interface UserListRequest {
  filter: UserListFilter;
  order: UserListOrder;
  nobody: boolean;
  pagination: Pagination;
}

/** The parameters a Link of this list carries, so every page is of the same list. */
export const USER_LIST_PARAMS = [
  "username",
  "search",
  "active",
  "blocked",
  "external",
  "exclude_external",
  "exclude_active",
  "humans",
  "exclude_humans",
  "exclude_internal",
  "without_project_bots",
  "without_projects",
  "admins",
  "auditors",
  "two_factor",
  "created_after",
  "created_before",
  "order_by",
  "sort",
] as const;

// Grape's declared Boolean filters, in declaration order (the order its errors come in). Each
// applies only when true: GitLab documents no `active=false`.
const BOOLEAN_FILTERS = [
  "active",
  "external",
  "exclude_external",
  "blocked",
  "humans",
  "exclude_humans",
  "exclude_active",
  "without_projects",
  "exclude_internal",
  "without_project_bots",
  "admins",
  "auditors",
  "skip_ldap",
] as const;
type BooleanFilter = (typeof BOOLEAN_FILTERS)[number];

const ORDER_FIELDS = {
  id: "id",
  name: "name",
  username: "username",
  created_at: "createdAt",
  updated_at: "updatedAt",
} as const;
const SORTS = ["asc", "desc"] as const;

/**
 * Filters this graph has nothing to match with: no user is external, a bot, an auditor, has
 * two-factor authentication or comes from an identity provider (the last three are
 * administrators' filters). Their opposites
 * (`exclude_external`, `humans`, `without_projects`, …) hold everyone and are accepted and
 * ignored.
 */
const HOLD_NOBODY: readonly BooleanFilter[] = ["external", "exclude_humans"];

/** `active` and `blocked` as states; both together hold nobody. */
function stateFilter(flags: Record<BooleanFilter, boolean>): UserState[] | undefined {
  const wanted: UserState[] = [];
  if (flags.active) wanted.push("active");
  if (flags.blocked) wanted.push("blocked");
  if (wanted.length === 2) return [];
  return wanted.length ? wanted : undefined;
}

/** A Grape Boolean: absent or blank is false, an unknown spelling undefined (invalid). */
function readBoolean(raw: string | undefined): boolean | undefined {
  return raw === undefined || raw === "" ? false : coerceBoolean(raw);
}

const isOneOf = <T extends string>(values: readonly T[], value: string): value is T =>
  (values as readonly string[]).includes(value);

/** Grape's DateTime: anything Date can read; undefined when absent or blank. */
function readDate(raw: string | undefined, name: string, problems: string[]): Date | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) problems.push(`${name} is invalid`);
  return date;
}

/**
 * Reads `GET /users`'s parameters as GitLab does (lib/api/users.rb and UsersFinder): every
 * parameter is validated for everyone (a bad value is Grape's 400), and then, for callers who
 * are not administrators, `created_after`, `created_before`, `order_by`, `sort`, `two_factor`,
 * `without_projects` and `admins` are dropped, and their search is ordered by best match.
 */
export function readUserListRequest(query: Record<string, string>, viewerIsAdmin: boolean): UserListRequest {
  const problems: string[] = [];
  const flags = {} as Record<BooleanFilter, boolean>;
  for (const name of BOOLEAN_FILTERS) {
    const value = readBoolean(query[name]);
    if (value === undefined) problems.push(`${name} is invalid`);
    flags[name] = value === true;
  }
  const createdAfter = readDate(query.created_after, "created_after", problems);
  const createdBefore = readDate(query.created_before, "created_before", problems);
  const orderBy = query.order_by ?? "id";
  if (!isOneOf(Object.keys(ORDER_FIELDS), orderBy)) problems.push("order_by does not have a valid value");
  const sort = query.sort ?? "desc";
  if (!isOneOf(SORTS, sort)) problems.push("sort does not have a valid value");
  if ((query.extern_uid === undefined) !== (query.provider === undefined))
    problems.push("extern_uid, provider provide all or none of parameters");
  let pagination: Pagination | undefined;
  try {
    pagination = parsePagination(query);
  } catch (error) {
    if (!(error instanceof GitLabError) || !("error" in error.body)) throw error;
    problems.push(error.body.error);
  }
  if (problems.length || pagination === undefined) throw badParams(problems);
  // `authenticated_as_admin!` for a look-up by external identity.
  if (query.extern_uid && query.provider && !viewerIsAdmin) throw forbidden();

  const filter: UserListFilter = {
    username: query.username || undefined,
    search: query.search,
    states: stateFilter(flags),
    exceptStates: flags.exclude_active ? ["active"] : undefined,
    ...(viewerIsAdmin ? { isAdmin: flags.admins ? true : undefined, createdAfter, createdBefore } : {}),
  };
  const nobody =
    HOLD_NOBODY.some((name) => flags[name]) ||
    (viewerIsAdmin && flags.auditors) ||
    Boolean(query.extern_uid && query.provider) ||
    (viewerIsAdmin && query.two_factor === "enabled");
  const order: UserListOrder = viewerIsAdmin
    ? { by: ORDER_FIELDS[orderBy as keyof typeof ORDER_FIELDS], direction: sort as (typeof SORTS)[number] }
    : "best_match";
  return { filter, order, nobody, pagination };
}
