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

/**
 * Sets GitLab's offset-pagination headers. `total` is the full row count; when it exceeds
 * MAX_COUNT the counted headers and rel="last" are left out, as GitLab does.
 */
export function setPaginationHeaders(
  c: Context,
  p: Pagination,
  list: { total: number; cursors?: { prev?: string; next?: string } },
  baseUrl: string,
) {
  const { total, cursors = {} } = list;
  const counted = total <= MAX_COUNT;
  const totalPages = BigInt(Math.max(Math.ceil(total / p.perPage), 1));
  const hasNext = !p.beyondAnyList && p.offset + p.perPage < total;
  const inRange = p.page <= totalPages;
  const next = hasNext ? p.page + 1n : null;
  const prev = p.page > 1n && inRange ? p.page - 1n : null;

  const url = new URL(baseUrl);
  const { cursor: _spent, ...query } = Object.fromEntries(url.searchParams);
  // prev and next carry a cursor beside `page`, so a client that follows them seeks in the
  // index instead of skipping rows; first and last are plain page numbers.
  const href = (page: bigint, cursor?: string) => {
    const merged: Record<string, string> = {
      ...query,
      ...(cursor ? { cursor } : {}),
      page: String(page),
      per_page: String(p.perPage),
    };
    const sorted = new URLSearchParams(
      Object.keys(merged)
        .sort()
        .map((k): [string, string] => [k, merged[k]!]),
    );
    return `${url.origin}${url.pathname}?${sorted}`;
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
