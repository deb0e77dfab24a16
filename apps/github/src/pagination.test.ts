import { beforeAll, describe, expect, it } from "vitest";
import { linkHeader, parsePagination } from "./pagination.ts";
import { GHES, PUBLIC_URL, read, setupGitHub } from "./testing.ts";

const query = (q: string) => new URLSearchParams(q);

describe("parsePagination (pure)", () => {
  it.each([
    ["", 1, 30],
    ["per_page=5&page=3", 3, 5],
    ["per_page=100", 1, 100],
    ["per_page=101", 1, 100],
    ["per_page=500", 1, 100],
    ["per_page=0", 1, 30],
    ["per_page=-4", 1, 30],
    ["per_page=abc", 1, 30],
    ["per_page=7abc", 1, 7],
    ["page=0", 1, 30],
    ["page=-1", 1, 30],
    ["page=abc", 1, 30],
    ["page=2.9", 2, 30],
  ])("%s → page %i, per_page %i, never an error", (q, page, perPage) => {
    expect(parsePagination(query(q))).toMatchObject({ page, perPage, offset: (page - 1) * perPage });
  });

  it("an absurd page is past any list without losing exactness", () => {
    const p = parsePagination(query("page=99999999999999999999999&per_page=100"));
    expect(p.offset).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe("linkHeader (pure)", () => {
  const url = (q: string) => new URL(`https://api.github.test/users/x/followers?${q}`);
  const at = (q: string, total: number) =>
    linkHeader(url(q), parsePagination(url(q).searchParams), { total });
  const base = "https://api.github.test/users/x/followers";

  it("is absent when everything fits on the first page", () => {
    expect(at("", 30)).toBeNull();
    expect(at("", 0)).toBeNull();
    expect(at("per_page=3", 3)).toBeNull();
  });

  it("follows the recorded order over five pages of three: next,last / prev,next,last,first / prev,first", () => {
    const l = (n: number) => `<${base}?per_page=3&page=${n}>`;
    expect(at("per_page=3", 15)).toBe(`${l(2)}; rel="next", ${l(5)}; rel="last"`);
    expect(at("per_page=3&page=3", 15)).toBe(
      `${l(2)}; rel="prev", ${l(4)}; rel="next", ${l(5)}; rel="last", ${l(1)}; rel="first"`,
    );
    expect(at("per_page=3&page=5", 15)).toBe(`${l(4)}; rel="prev", ${l(1)}; rel="first"`);
  });

  it("past the end: prev and last point at the last page, then first", () => {
    const l = (n: number) => `<${base}?per_page=1&page=${n}>`;
    expect(at("per_page=1&page=99", 6)).toBe(
      `${l(6)}; rel="prev", ${l(6)}; rel="last", ${l(1)}; rel="first"`,
    );
  });

  it("keeps the caller's spelling of per_page, adds no unsent default, puts page last", () => {
    expect(at("per_page=500", 250)).toBe(
      `<${base}?per_page=500&page=2>; rel="next", <${base}?per_page=500&page=3>; rel="last"`,
    );
    expect(at("per_page=abc", 31)).toBe(
      `<${base}?per_page=abc&page=2>; rel="next", <${base}?per_page=abc&page=2>; rel="last"`,
    );
  });

  it("drops every parameter the lists do not read, so Link does not repeat the query", () => {
    const junk = `foo=bar&${"x".repeat(5000)}=1&q=${"y".repeat(5000)}`;
    expect(at(`page=2&${junk}`, 90)).toBe(
      `<${base}?page=1>; rel="prev", <${base}?page=3>; rel="next", <${base}?page=3>; rel="last", <${base}?page=1>; rel="first"`,
    );
  });

  it("an overlong per_page spelling is written as the size applied", () => {
    const spelled = `7${"0".repeat(40)}`;
    expect(at(`per_page=${spelled}`, 250)).toBe(
      `<${base}?per_page=100&page=2>; rel="next", <${base}?per_page=100&page=3>; rel="last"`,
    );
  });
});

/** A Link header with each opaque cursor written as `C`, so tests can state where cursors go. */
const link = (res: Response) => res.headers.get("link")?.replace(/cursor=[^&>]+/g, "cursor=C");

describe("paginated lists over HTTP", () => {
  const h = setupGitHub();
  let owner: { username: string; id: number };
  let fans: number[];
  const loginsOf = async (res: Response) => ((await res.json()) as { id: number }[]).map((u) => u.id);

  beforeAll(async () => {
    const seeded = await h.user();
    owner = seeded.user;
    fans = await h.bulkEdges("followers", owner.id, 235);
  });

  it("per_page defaults to 30; page 1 links next and last", async () => {
    const res = await h.get(`/users/${owner.username}/followers`);
    expect(await loginsOf(res)).toEqual(fans.slice(0, 30));
    expect(link(res)).toBe(
      `<${PUBLIC_URL}/users/${owner.username}/followers?cursor=C&page=2>; rel="next", <${PUBLIC_URL}/users/${owner.username}/followers?page=8>; rel="last"`,
    );
  });

  it("per_page above 100 serves 100 and last is computed from 100", async () => {
    const res = await h.get(`/users/${owner.username}/followers?per_page=500`);
    expect(await loginsOf(res)).toEqual(fans.slice(0, 100));
    expect(res.headers.get("link")).toContain(`?per_page=500&page=3>; rel="last"`);
  });

  it("walking rel=next visits every follower once, in order, and the last page links prev and first", async () => {
    let url: string | undefined = `${GHES}/users/${owner.username}/followers?per_page=100`;
    const seen: number[] = [];
    let lastLink = "";
    while (url) {
      const res = await h.get(url);
      expect(res.status).toBe(200);
      seen.push(...(await loginsOf(res)));
      const header = res.headers.get("link") ?? "";
      url = /<([^>]+)>; rel="next"/.exec(header)?.[1];
      lastLink = link(res) ?? "";
    }
    expect(seen).toEqual(fans);
    expect(lastLink).toBe(
      `<${GHES}/users/${owner.username}/followers?per_page=100&cursor=C&page=2>; rel="prev", <${GHES}/users/${owner.username}/followers?per_page=100&page=1>; rel="first"`,
    );
  });

  it("following prev links back from the last page, as PyGithub's reversed does, gives every page again", async () => {
    const first = await h.get(`/users/${owner.username}/followers?per_page=50`);
    const lastUrl = /<([^>]+)>; rel="last"/.exec(first.headers.get("link") ?? "")?.[1];
    const pages: number[][] = [];
    let url: string | undefined = lastUrl;
    while (url) {
      const res = await h.get(url);
      pages.unshift(await loginsOf(res));
      url = /<([^>]+)>; rel="prev"/.exec(res.headers.get("link") ?? "")?.[1];
    }
    expect(pages.flat()).toEqual(fans);
    expect(pages.map((p) => p.length)).toEqual([50, 50, 50, 50, 35]);
  });

  /** The next link of the first page of five, as a URL a test can edit like a client would. */
  const nextOfFirstFive = async () => {
    const first = await h.get(`/users/${owner.username}/followers?per_page=5`);
    return new URL(/<([^>]+)>; rel="next"/.exec(first.headers.get("link") ?? "")![1]!);
  };

  it.each([
    ["garbage", () => "garbage"],
    ["a bad signature", (cursor: string) => `${cursor.split(".")[0]}.AAAAAAAAAAAAAAAA`],
    ["a cut payload", (cursor: string) => cursor.slice(3)],
  ])("a forged or garbled cursor (%s) is a 400 with GitHub's error body", async (_name, make) => {
    const next = await nextOfFirstFive();
    next.searchParams.set("cursor", make(next.searchParams.get("cursor")!));
    expect(await read(await h.get(next.href))).toEqual({
      status: 400,
      body: {
        message: "The cursor is invalid; drop it to start over",
        documentation_url: "https://docs.github.com/rest/users/followers#list-followers-of-a-user",
        status: "400",
      },
    });
  });

  describe("a next link a client edited keeps its genuine cursor, which is ignored", () => {
    let other: { username: string; id: number };
    let otherFans: number[];
    beforeAll(async () => {
      other = (await h.user()).user;
      otherFans = await h.bulkEdges("followers", other.id, 12);
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
        "the username, to another user's list",
        (u: URL) => {
          u.pathname = u.pathname.replace(`/users/${owner.username}/`, `/users/${other.username}/`);
        },
        () => otherFans.slice(5, 10),
      ],
      [
        "the path, to another user's list by id",
        (u: URL) => {
          u.pathname = u.pathname.replace(`/users/${owner.username}/`, `/user/${other.id}/`);
        },
        () => otherFans.slice(5, 10),
      ],
    ])(
      "(%s): the page its number names, with the Link and ETag of the bare request",
      async (_name, edit, rows) => {
        const edited = await nextOfFirstFive();
        edit(edited);
        const bare = new URL(edited);
        bare.searchParams.delete("cursor");
        const [withCursor, without] = [await h.get(edited.href), await h.get(bare.href)];
        expect(await loginsOf(withCursor.clone())).toEqual(rows());
        expect(await read(withCursor.clone())).toEqual(await read(without.clone()));
        expect(withCursor.headers.get("link")).toBe(without.headers.get("link"));
        expect(withCursor.headers.get("etag")).toBe(without.headers.get("etag"));
      },
    );
  });

  it("a page past the end is 200 [] with prev = last, last and first", async () => {
    const res = await h.get(`/users/${owner.username}/followers?per_page=100&page=9`);
    expect(await read(res)).toEqual({ status: 200, body: [] });
    const base = `${PUBLIC_URL}/users/${owner.username}/followers?per_page=100`;
    expect(res.headers.get("link")).toBe(
      `<${base}&page=3>; rel="prev", <${base}&page=3>; rel="last", <${base}&page=1>; rel="first"`,
    );
  });

  it.each([
    ["per_page=abc", 30],
    ["page=-1", 30],
    ["page=0&per_page=7", 7],
    ["page=abc&per_page=2", 2],
  ])("%s is not an error: the first page of the size GitHub applies", async (q, size) => {
    const res = await h.get(`/users/${owner.username}/followers?${q}`);
    expect(res.status).toBe(200);
    expect(await loginsOf(res)).toEqual(fans.slice(0, size));
  });

  it("an absurd page number is an empty page, never a 500", async () => {
    const res = await h.get(`/users/${owner.username}/followers?page=99999999999999999999999`);
    expect(await read(res)).toEqual({ status: 200, body: [] });
  });

  it("per_page=1 puts the list's length in the last link's page, as PyGithub's totalCount reads it", async () => {
    const res = await h.get(`/users/${owner.username}/followers?per_page=1`);
    const last = /<([^>]+)>; rel="last"/.exec(res.headers.get("link") ?? "")?.[1];
    expect(new URL(last!).searchParams.get("page")).toBe("235");
  });

  it("the authenticated lists paginate with their own path", async () => {
    const { user, token } = await h.user();
    const idols = await h.bulkEdges("followees", user.id, 31);
    const res = await h.get("/user/following", { token });
    expect(await loginsOf(res)).toEqual(idols.slice(0, 30));
    expect(link(res)).toBe(
      `<${PUBLIC_URL}/user/following?cursor=C&page=2>; rel="next", <${PUBLIC_URL}/user/following?page=2>; rel="last"`,
    );
  });
});
