import { beforeAll, describe, expect, it } from "vitest";
import { API, ROOT_TOKEN, read, setupGitLab } from "./testing.ts";

const h = setupGitLab();

const HEADERS = ["x-per-page", "x-page", "x-next-page", "x-prev-page", "x-total", "x-total-pages"] as const;

/** The pagination headers of a response; absent ones are `null`. */
const paging = (res: Response) => Object.fromEntries(HEADERS.map((name) => [name, res.headers.get(name)]));

const ids = async (res: Response) => ((await res.json()) as { id: number }[]).map((u) => u.id);

/** One `<url>; rel="x"` entry; `query` is written in the order given (tests pass it sorted). */
const rel = (path: string, query: string, name: string) => `<${API}${path}?${query}>; rel="${name}"`;

/** A Link header with each opaque cursor written as `C`, so tests can state where cursors go. */
const link = (res: Response) => res.headers.get("link")?.replace(/cursor=[^&>]+/g, "cursor=C");

describe("§9 pagination of /followers and /following", () => {
  // An owner with 25 followers, ids ascending.
  let owner: number;
  let fans: number[];
  let token: string;
  const followers = () => `/users/${owner}/followers`;

  beforeAll(async () => {
    const seeded = await h.user();
    owner = seeded.user.id;
    token = seeded.token;
    fans = await h.bulkEdges("followers", owner, 25);
  });

  it("per_page absent → 20; headers for page 1 of 2", async () => {
    const res = await h.get(followers(), { token });
    expect(res.status).toBe(200);
    expect(await ids(res)).toEqual(fans.slice(0, 20));
    expect(paging(res)).toEqual({
      "x-per-page": "20",
      "x-page": "1",
      "x-next-page": "2",
      "x-prev-page": "",
      "x-total": "25",
      "x-total-pages": "2",
    });
  });

  it("page 2: the rest, X-Prev-Page 1 and an empty X-Next-Page", async () => {
    const res = await h.get(`${followers()}?page=2`, { token });
    expect(await ids(res)).toEqual(fans.slice(20));
    expect(paging(res)).toMatchObject({ "x-page": "2", "x-next-page": "", "x-prev-page": "1" });
  });

  it("per_page > 100 is clamped to 100, in X-Per-Page and in the Link URLs", async () => {
    const res = await h.get(`${followers()}?per_page=150`, { token });
    expect(await ids(res)).toEqual(fans);
    expect(paging(res)).toMatchObject({ "x-per-page": "100", "x-total-pages": "1", "x-next-page": "" });
    expect(link(res)).toBe(
      [
        rel(followers(), "page=1&per_page=100", "first"),
        rel(followers(), "page=1&per_page=100", "last"),
      ].join(", "),
    );
  });

  it("per_page=0 → 400 per_page has a value not allowed", async () => {
    expect(await read(await h.get(`${followers()}?per_page=0`, { token }))).toEqual({
      status: 400,
      body: { error: "per_page has a value not allowed" },
    });
  });

  it("negative per_page → default 20 (inferred from code)", async () => {
    const res = await h.get(`${followers()}?per_page=-5`, { token });
    expect((await ids(res)).length).toBe(20);
    expect(res.headers.get("x-per-page")).toBe("20");
  });

  it("page=abc → 400 page is invalid; per_page=abc → 400 per_page is invalid", async () => {
    expect(await read(await h.get(`${followers()}?page=abc`, { token }))).toEqual({
      status: 400,
      body: { error: "page is invalid" },
    });
    expect(await read(await h.get(`${followers()}?per_page=abc`, { token }))).toEqual({
      status: 400,
      body: { error: "per_page is invalid" },
    });
  });

  it.each(["0", "-3"])("page=%s → page 1 (inferred from code)", async (page) => {
    const res = await h.get(`${followers()}?page=${page}`, { token });
    expect(await ids(res)).toEqual(fans.slice(0, 20));
    expect(paging(res)).toMatchObject({ "x-page": "1", "x-next-page": "2", "x-prev-page": "" });
  });

  it("past the end → 200 [], X-Page echoed, X-Next-Page and X-Prev-Page empty (inferred from code)", async () => {
    const res = await h.get(`${followers()}?page=7`, { token });
    expect(await read(res.clone())).toEqual({ status: 200, body: [] });
    expect(paging(res)).toEqual({
      "x-per-page": "20",
      "x-page": "7",
      "x-next-page": "",
      "x-prev-page": "",
      "x-total": "25",
      "x-total-pages": "2",
    });
    expect(link(res)).toBe(
      [rel(followers(), "page=1&per_page=20", "first"), rel(followers(), "page=2&per_page=20", "last")].join(
        ", ",
      ),
    );
  });

  it("a huge page number → 200 [] with the page echoed exactly", async () => {
    const res = await h.get(`${followers()}?page=99999999999999999999`, { token });
    expect(await read(res.clone())).toEqual({ status: 200, body: [] });
    expect(paging(res)).toMatchObject({
      "x-page": "99999999999999999999",
      "x-next-page": "",
      "x-prev-page": "",
    });
  });

  it("Link rels in order prev, next, first, last; absolute URLs on the public origin; sorted keys; unknown params dropped; no id= (open question: the code leaves it out)", async () => {
    const res = await h.request(
      "GET",
      `http://127.0.0.1:9999/api/v4${followers()}?per_page=10&page=2&foo=bar&bar=baz`,
      { token },
    );
    expect(await ids(res)).toEqual(fans.slice(10, 20));
    const q = (page: number) => `page=${page}&per_page=10`;
    const withCursor = (page: number) => `cursor=C&page=${page}&per_page=10`;
    expect(link(res)).toBe(
      [
        rel(followers(), withCursor(1), "prev"),
        rel(followers(), withCursor(3), "next"),
        rel(followers(), q(1), "first"),
        rel(followers(), q(3), "last"),
      ].join(", "),
    );
  });

  it("a private_token query parameter is echoed into Link URLs (open question: GitLab echoes every param; the credential params are kept so the next page is authenticated too)", async () => {
    const res = await h.get(`${followers()}?private_token=${token}&per_page=20`);
    expect(res.status).toBe(200);
    const q = (page: number) => `page=${page}&per_page=20&private_token=${token}`;
    expect(link(res)).toBe(
      [
        rel(followers(), `cursor=C&${q(2)}`, "next"),
        rel(followers(), q(1), "first"),
        rel(followers(), q(2), "last"),
      ].join(", "),
    );
  });

  it("spec example: 3 items, per_page=2 — page 1 and page 2 headers and Link", async () => {
    const seeded = await h.user();
    const path = `/users/${seeded.user.id}/following`;
    const followed = await h.bulkEdges("followees", seeded.user.id, 3);

    const first = await h.get(`${path}?per_page=2`, { token });
    expect(await ids(first)).toEqual(followed.slice(0, 2));
    expect(paging(first)).toEqual({
      "x-per-page": "2",
      "x-page": "1",
      "x-next-page": "2",
      "x-prev-page": "",
      "x-total": "3",
      "x-total-pages": "2",
    });
    expect(link(first)).toBe(
      [
        rel(path, "cursor=C&page=2&per_page=2", "next"),
        rel(path, "page=1&per_page=2", "first"),
        rel(path, "page=2&per_page=2", "last"),
      ].join(", "),
    );

    const second = await h.get(`${path}?per_page=2&page=2`, { token });
    expect(await ids(second)).toEqual(followed.slice(2));
    expect(paging(second)).toEqual({
      "x-per-page": "2",
      "x-page": "2",
      "x-next-page": "",
      "x-prev-page": "1",
      "x-total": "3",
      "x-total-pages": "2",
    });
    expect(link(second)).toBe(
      [
        rel(path, "cursor=C&page=1&per_page=2", "prev"),
        rel(path, "page=1&per_page=2", "first"),
        rel(path, "page=2&per_page=2", "last"),
      ].join(", "),
    );
  });

  it("following next and prev links, whose cursors seek in the index, gives the same pages as page numbers", async () => {
    const next = (res: Response) => /<([^>]+)>; rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
    const seen: number[] = [];
    let url: string | undefined = `${API}${followers()}?per_page=7`;
    let last: Response | undefined;
    while (url) {
      last = await h.get(url, { token });
      expect(last.status).toBe(200);
      seen.push(...(await ids(last.clone())));
      url = next(last);
    }
    expect(seen).toEqual(fans);
    expect(paging(last!)).toMatchObject({ "x-page": "4", "x-prev-page": "3" });
    const prev = /<([^>]+)>; rel="prev"/.exec(last!.headers.get("link") ?? "")?.[1];
    expect(await ids(await h.get(prev!, { token }))).toEqual(fans.slice(14, 21));
  });

  /** The next link of the first page of five, as a URL a test can edit like a client would. */
  const nextOfFirstFive = async () => {
    const first = await h.get(`${followers()}?per_page=5`, { token });
    return new URL(/<([^>]+)>; rel="next"/.exec(first.headers.get("link") ?? "")![1]!);
  };

  it.each([
    ["garbage", () => "garbage"],
    ["a bad signature", (cursor: string) => `${cursor.split(".")[0]}.AAAAAAAAAAAAAAAA`],
    ["a cut payload", (cursor: string) => cursor.slice(3)],
  ])("a forged or garbled cursor (%s) is Grape's 400, and nothing stored changes", async (_name, make) => {
    const next = await nextOfFirstFive();
    next.searchParams.set("cursor", make(next.searchParams.get("cursor")!));
    const before = await h.snapshot();
    const res = await h.get(next.href, { token });
    expect(await read(res)).toEqual({ status: 400, body: { error: "cursor is invalid" } });
    expect(await h.snapshot()).toBe(before);
  });

  describe("a next link a client edited keeps its genuine cursor, which is ignored", () => {
    let other: number;
    let otherFans: number[];
    beforeAll(async () => {
      other = (await h.user()).user.id;
      otherFans = await h.bulkEdges("followers", other, 12);
    });

    it.each([
      ["page, to jump", (u: URL) => u.searchParams.set("page", "4"), () => fans.slice(15, 20)],
      ["per_page, to resize", (u: URL) => u.searchParams.set("per_page", "7"), () => fans.slice(7, 14)],
      [
        "both",
        (u: URL) => {
          u.searchParams.set("per_page", "4");
          u.searchParams.set("page", "3");
        },
        () => fans.slice(8, 12),
      ],
      [
        "the id, to another user's list",
        (u: URL) => {
          u.pathname = u.pathname.replace(`/users/${owner}/`, `/users/${other}/`);
        },
        () => otherFans.slice(5, 10),
      ],
    ])("(%s): the page its number names, with the headers of the bare request", async (_name, edit, rows) => {
      const edited = await nextOfFirstFive();
      edit(edited);
      const bare = new URL(edited);
      bare.searchParams.delete("cursor");
      const [withCursor, without] = [await h.get(edited.href, { token }), await h.get(bare.href, { token })];
      expect(await ids(withCursor.clone())).toEqual(rows());
      expect(await read(withCursor.clone())).toEqual(await read(without.clone()));
      expect(paging(withCursor)).toEqual(paging(without));
      expect(withCursor.headers.get("link")).toBe(without.headers.get("link"));
    });
  });

  it("empty list: X-Total 0, X-Total-Pages 1, first and last both page 1", async () => {
    const { user } = await h.user();
    const path = `/users/${user.id}/followers`;
    const res = await h.get(path, { token });
    expect(await read(res.clone())).toEqual({ status: 200, body: [] });
    expect(paging(res)).toEqual({
      "x-per-page": "20",
      "x-page": "1",
      "x-next-page": "",
      "x-prev-page": "",
      "x-total": "0",
      "x-total-pages": "1",
    });
    expect(link(res)).toBe(
      [rel(path, "page=1&per_page=20", "first"), rel(path, "page=1&per_page=20", "last")].join(", "),
    );
  });
});

describe("§9.4 more than 10,000 rows", () => {
  let owner: number;
  let fans: number[];
  const path = () => `/users/${owner}/followers`;

  beforeAll(async () => {
    owner = (await h.user()).user.id;
    fans = await h.bulkEdges("followers", owner, 10_001);
  });

  it("10,001 followers: X-Total, X-Total-Pages and rel=last omitted; next still given", async () => {
    const res = await h.get(`${path()}?per_page=100`, { token: ROOT_TOKEN });
    expect(await ids(res)).toEqual(fans.slice(0, 100));
    expect(paging(res)).toEqual({
      "x-per-page": "100",
      "x-page": "1",
      "x-next-page": "2",
      "x-prev-page": "",
      "x-total": null,
      "x-total-pages": null,
    });
    expect(link(res)).toBe(
      [rel(path(), "cursor=C&page=2&per_page=100", "next"), rel(path(), "page=1&per_page=100", "first")].join(
        ", ",
      ),
    );
  });

  it("the last row is on page 101, which has no next page", async () => {
    const res = await h.get(`${path()}?per_page=100&page=101`, { token: ROOT_TOKEN });
    expect(await ids(res)).toEqual([fans[10_000]]);
    expect(paging(res)).toMatchObject({ "x-next-page": "", "x-prev-page": "100", "x-total": null });
    expect(link(res)).toBe(
      [
        rel(path(), "cursor=C&page=100&per_page=100", "prev"),
        rel(path(), "page=1&per_page=100", "first"),
      ].join(", "),
    );
  });

  it("GET /users over 10,000 users also omits the totals", async () => {
    const res = await h.get("/users?per_page=1", { token: ROOT_TOKEN });
    expect(res.status).toBe(200);
    expect(paging(res)).toMatchObject({ "x-total": null, "x-total-pages": null, "x-next-page": "2" });
    expect(res.headers.get("link")).not.toContain('rel="last"');
  });

  it("at exactly 10,000 (one follower blocked) the totals are sent again", async () => {
    await h.core.users.moderate(1, fans[0]!, "block");
    const res = await h.get(`${path()}?per_page=100`, { token: ROOT_TOKEN });
    expect(paging(res)).toMatchObject({ "x-total": "10000", "x-total-pages": "100" });
    expect(res.headers.get("link")).toContain(`${rel(path(), "page=100&per_page=100", "last")}`);
  });
});
