import type { Context } from "hono";
import { badParams } from "./errors.ts";
import { coerceInteger } from "./params.ts";

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;
/** Above this many rows GitLab stops counting: no X-Total, X-Total-Pages or rel="last". */
export const MAX_COUNT = 10_000;
// Pages beyond this are necessarily past the end of any list; it keeps offsets exact.
const MAX_USEFUL_PAGE = 2n ** 40n;

export interface Pagination {
  page: bigint;
  perPage: number;
  limit: number;
  offset: number;
  /** True when the page starts beyond anything that could be stored. */
  beyondAnyList: boolean;
}

/**
 * Kaminari's reading of `page` and `per_page`: missing or non-positive page is 1, per_page
 * is clamped to 100 and 0 is refused, and non-integers are Grape's "is invalid".
 */
export function parsePagination(query: Record<string, unknown>): Pagination {
  const problems: string[] = [];
  const read = (key: string) => {
    const raw = query[key];
    if (raw === undefined || raw === "") return undefined;
    const value = coerceInteger(raw);
    if (value === undefined) problems.push(`${key} is invalid`);
    return value;
  };
  const rawPage = read("page");
  const rawPerPage = read("per_page");
  if (rawPerPage === 0n) problems.push("per_page has a value not allowed");
  if (problems.length) throw badParams(problems);
  const page = rawPage === undefined || rawPage < 1n ? 1n : rawPage;
  const perPage =
    rawPerPage === undefined || rawPerPage < 0n
      ? DEFAULT_PER_PAGE
      : Number(rawPerPage > 100n ? 100n : rawPerPage);
  const beyondAnyList = page > MAX_USEFUL_PAGE;
  const offset = beyondAnyList ? 0 : Number(page - 1n) * perPage;
  return { page, perPage, limit: perPage, offset, beyondAnyList };
}

/** GitLab reads these on every route (a token, or whom to act as), so a next page needs them too. */
const CREDENTIAL_PARAMS = ["access_token", "private_token", "sudo"];
/**
 * No parameter this server reads is longer (usernames and tokens stop at 255): a longer value
 * is left out of Link, so the header never grows with what the caller sent.
 */
const MAX_ECHOED_LENGTH = 255;

/**
 * The caller's parameters a Link carries: the credential parameters and the route's own
 * (`routeParams`), in the caller's last spelling. Anything else the caller sent is dropped: it
 * would only repeat the request's query in every link.
 */
function echoedParams(search: URLSearchParams, routeParams: readonly string[]): [string, string][] {
  const echoed: [string, string][] = [];
  for (const key of [...CREDENTIAL_PARAMS, ...routeParams]) {
    const value = search.getAll(key).at(-1);
    if (value !== undefined && value.length <= MAX_ECHOED_LENGTH) echoed.push([key, value]);
  }
  return echoed;
}

/**
 * Sets GitLab's offset-pagination headers. `total` is the full row count; when it exceeds
 * MAX_COUNT the counted headers and rel="last" are left out, as GitLab does. Links carry the
 * pagination parameters and the known ones of `echoedParams`, keys sorted as Rails sorts them.
 */
export function setPaginationHeaders(
  c: Context,
  p: Pagination,
  list: { total: number; cursors?: { prev?: string; next?: string } },
  baseUrl: string,
  routeParams: readonly string[] = [],
) {
  const { total, cursors = {} } = list;
  const counted = total <= MAX_COUNT;
  const totalPages = BigInt(Math.max(Math.ceil(total / p.perPage), 1));
  const hasNext = !p.beyondAnyList && p.offset + p.perPage < total;
  const inRange = p.page <= totalPages;
  const next = hasNext ? p.page + 1n : null;
  const prev = p.page > 1n && inRange ? p.page - 1n : null;

  const url = new URL(baseUrl);
  const kept = echoedParams(url.searchParams, routeParams);
  // prev and next carry a cursor beside `page`, so a client that follows them seeks in the
  // index instead of skipping rows; first and last are plain page numbers.
  const href = (page: bigint, cursor?: string) => {
    const pairs: [string, string][] = [
      ...kept,
      ...(cursor ? [["cursor", cursor] as [string, string]] : []),
      ["page", String(page)],
      ["per_page", String(p.perPage)],
    ];
    pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `${url.origin}${url.pathname}?${new URLSearchParams(pairs)}`;
  };
  const links: string[] = [];
  if (prev !== null) links.push(`<${href(prev, cursors.prev)}>; rel="prev"`);
  if (next !== null) links.push(`<${href(next, cursors.next)}>; rel="next"`);
  links.push(`<${href(1n)}>; rel="first"`);
  if (counted) links.push(`<${href(totalPages)}>; rel="last"`);

  c.header("X-Per-Page", String(p.perPage));
  c.header("X-Page", String(p.page));
  c.header("X-Next-Page", next === null ? "" : String(next));
  c.header("X-Prev-Page", prev === null ? "" : String(prev));
  c.header("Link", links.join(", "));
  if (counted) {
    c.header("X-Total", String(total));
    c.header("X-Total-Pages", String(totalPages));
  }
}
