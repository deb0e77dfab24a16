export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

export interface Pagination {
  page: number;
  perPage: number;
  /** Rows to skip; past the end of any list when `page` is absurdly large. */
  offset: number;
}

/** Ruby's `to_i`: the leading integer of a string, 0 when there is none. */
function toI(raw: string | undefined): number {
  const match = /^\s*([-+]?\d+)/.exec(raw ?? "");
  return match ? Number(match[1]) : 0;
}

/**
 * GitHub's reading of `page` and `per_page`: never an error. A missing, zero or unreadable
 * `per_page` is 30 and anything above 100 is 100; a `page` below 1 is the first page.
 */
export function parsePagination(query: URLSearchParams): Pagination {
  const asked = toI(query.get("per_page") ?? undefined);
  const perPage = asked < 1 ? DEFAULT_PER_PAGE : Math.min(asked, MAX_PER_PAGE);
  const page = Math.max(toI(query.get("page") ?? undefined), 1);
  const offset = (page - 1) * perPage;
  // Beyond 2^53 the arithmetic stops being exact; such a page is past any list anyway.
  return { page, perPage, offset: Number.isSafeInteger(offset) ? offset : Number.MAX_SAFE_INTEGER };
}

/**
 * A `per_page` longer than this is written in Link as the size applied rather than in the
 * caller's spelling, so the header never grows with what the caller sent.
 */
const MAX_SPELLING_LENGTH = 32;

/**
 * GitHub's `Link` for a list of `total` rows, or null when everything fits on the first
 * page. Rels come in GitHub's order (prev, next, last, first); each URL carries only what the
 * list reads: `per_page` as the client sent it (unsent, it stays unsent), the cursor, and
 * `page` at the end. Other parameters would only repeat the request's query in every link.
 */
export function linkHeader(
  url: URL,
  p: Pagination,
  list: { total: number; cursors?: { prev?: string; next?: string } },
): string | null {
  const { total, cursors = {} } = list;
  const lastPage = Math.max(Math.ceil(total / p.perPage), 1);
  if (p.page === 1 && lastPage === 1) return null;
  const spelled = url.searchParams.get("per_page");
  const perPage: [string, string][] =
    spelled === null
      ? []
      : [["per_page", spelled.length <= MAX_SPELLING_LENGTH ? spelled : String(p.perPage)]];
  // prev and next carry a cursor beside `page`, so a client that follows them seeks in the
  // index instead of skipping rows; first and last are plain page numbers.
  const href = (page: number, cursor?: string) => {
    const query = new URLSearchParams([
      ...perPage,
      ...(cursor ? [["cursor", cursor] as [string, string]] : []),
      ["page", String(page)],
    ]);
    return `<${url.origin}${url.pathname}?${query}>`;
  };
  const links: string[] = [];
  if (p.page > lastPage) {
    // Past the end: an empty page that points back at the last one.
    links.push(`${href(lastPage)}; rel="prev"`, `${href(lastPage)}; rel="last"`, `${href(1)}; rel="first"`);
  } else {
    if (p.page > 1) links.push(`${href(p.page - 1, cursors.prev)}; rel="prev"`);
    if (p.page < lastPage)
      links.push(`${href(p.page + 1, cursors.next)}; rel="next"`, `${href(lastPage)}; rel="last"`);
    if (p.page > 1) links.push(`${href(1)}; rel="first"`);
  }
  return links.join(", ");
}
