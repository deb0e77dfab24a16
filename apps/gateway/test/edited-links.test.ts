import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createGitHubUserWithToken,
  type GitHubTestUser,
  ROOT_TOKEN,
  startTestServer,
  type TestServer,
} from "./test-server.ts";

// Some clients edit `page` or `per_page` in a `next` link, to jump or to resize, and keep the
// cursor that came with it. That cursor is genuine but for another page: the server ignores
// it and serves the page the link's numbers name, as GitHub and GitLab (which send no such
// cursor) would. Only a forged or garbled cursor is refused, in the dialect's shape.

// Debian's python3-github and python3-gitlab belong to the system interpreter.
const PYTHON = "/usr/bin/python3";
const pygithubScript = fileURLToPath(new URL("./pygithub_edited_links.py", import.meta.url));
const pythonGitlabScript = fileURLToPath(new URL("./python_gitlab_edited_links.py", import.meta.url));
// requests would send even loopback traffic through a configured proxy.
const LOOPBACK_ONLY = { NO_PROXY: "127.0.0.1,localhost", no_proxy: "127.0.0.1,localhost" };

async function runPython(file: string, env: Record<string, string>) {
  const { stdout } = await promisify(execFile)(PYTHON, [file], {
    env: { ...process.env, ...LOOPBACK_ONLY, ...env },
    timeout: 60_000,
  });
  return JSON.parse(stdout);
}

const FANS = 23;
const OTHER_FANS = 9;
const GARBLED = "bm90LWEtY3Vyc29y.AAAAAAAAAAAAAAAA";
const GITHUB_REFUSAL = {
  status: 400,
  message: "The cursor is invalid; drop it to start over",
};
const GITLAB_REFUSAL = { status: 400, message: "cursor is invalid" };

let server: TestServer;
let reader: GitHubTestUser;
let star: GitHubTestUser;
let other: GitHubTestUser;
let fans: GitHubTestUser[];
/** The fans in follow order, which is reverse id order: GitHub lists by the one, GitLab by the other. */
let followOrder: GitHubTestUser[];

beforeAll(async () => {
  server = await startTestServer();
  reader = await createGitHubUserWithToken(server.url, "reader", ["read:user"]);
  star = await createGitHubUserWithToken(server.url, "star");
  other = await createGitHubUserWithToken(server.url, "other");
  fans = [];
  for (let i = 0; i < FANS; i++) fans.push(await createGitHubUserWithToken(server.url, `fan${i}`));
  const follow = async (fan: GitHubTestUser, login: string) => {
    const response = await fetch(`${server.url}/api/v3/user/following/${login}`, {
      method: "PUT",
      headers: { Authorization: `token ${fan.token}`, "Content-Length": "0" },
    });
    expect(response.status).toBe(204);
  };
  followOrder = [...fans].reverse();
  for (const fan of followOrder) await follow(fan, star.login);
  for (const fan of followOrder.slice(0, OTHER_FANS)) await follow(fan, other.login);
}, 120_000);
afterAll(() => server.stop());

type Owner = "star" | "other";
/** Who follows `owner`, as each dialect orders them: follow time (GitHub) or id (GitLab). */
const listed = {
  github: (owner: Owner) => (owner === "star" ? followOrder : followOrder.slice(0, OTHER_FANS)),
  gitlab: (owner: Owner) => [...listed.github(owner)].sort((a, b) => a.id - b.id),
};

/** The pages from page `page` on, `perPage` to a page: what the bare page numbers give. */
const pagesFrom = <T>(items: T[], page: number, perPage: number) => {
  const pages: T[][] = [];
  for (let start = (page - 1) * perPage; start < items.length; start += perPage)
    pages.push(items.slice(start, start + perPage));
  return pages;
};

/** Each edit a client makes to the next link of the first page of five, and what it then asks for. */
const EDITS: { name: string; query: Record<string, string>; owner: Owner; page: number; perPage: number }[] =
  [
    { name: "page 2 → 4 (a jump)", query: { page: "4" }, owner: "star", page: 4, perPage: 5 },
    { name: "per_page 5 → 4 (a resize)", query: { per_page: "4" }, owner: "star", page: 2, perPage: 4 },
    {
      name: "per_page 5 → 10, page 2 → 3",
      query: { per_page: "10", page: "3" },
      owner: "star",
      page: 3,
      perPage: 10,
    },
    { name: "the user, to another's list", query: {}, owner: "other", page: 2, perPage: 5 },
  ];

/** Where one mount serves a user's followers, and how a reader signs in there. */
interface Mount {
  listPath: (owner: Owner) => string;
  headers: Record<string, string>;
}
const GITHUB = (prefix: string): Mount => ({
  listPath: (owner) => `${prefix}/users/${(owner === "star" ? star : other).login}/followers`,
  headers: { Authorization: `token ${reader.token}` },
});
const GITLAB: Mount = {
  listPath: (owner) => `/api/v4/users/${(owner === "star" ? star : other).id}/followers`,
  headers: { "PRIVATE-TOKEN": ROOT_TOKEN },
};

/** The next link of star's first page of five on `mount`, edited as a client would. */
async function editedNextLink(mount: Mount, edit: (typeof EDITS)[number] | { cursor: string }) {
  const response = await fetch(`${server.url}${mount.listPath("star")}?per_page=5`, {
    headers: mount.headers,
  });
  const next = /<([^>]+)>; rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
  if (!next) throw new Error("no next link");
  const url = new URL(next);
  expect(url.searchParams.has("cursor")).toBe(true);
  if ("cursor" in edit) url.searchParams.set("cursor", edit.cursor);
  else {
    url.pathname = url.pathname.replace(mount.listPath("star"), mount.listPath(edit.owner));
    for (const [key, value] of Object.entries(edit.query)) url.searchParams.set(key, value);
  }
  return url;
}

const quiet = { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} };

describe.each([
  { layout: "api.github.com layout at the root", prefix: "" },
  { layout: "GHES layout under /api/v3", prefix: "/api/v3" },
])("Octokit walking on from an edited next link, $layout", ({ prefix }) => {
  const octokit = () => new Octokit({ baseUrl: `${server.url}${prefix}`, auth: reader.token, log: quiet });

  it.each(EDITS)("$name: exactly the pages those numbers name, then cursor links again", async (edit) => {
    const edited = await editedNextLink(GITHUB(prefix), edit);
    const walked: string[][] = [];
    const urls: string[] = [];
    for await (const response of octokit().paginate.iterator(`GET ${edited.href}`)) {
      urls.push(response.url);
      walked.push((response.data as { login: string }[]).map((user) => user.login));
    }
    const logins = listed.github(edit.owner).map((fan) => fan.login);
    expect(walked).toEqual(pagesFrom(logins, edit.page, edit.perPage));
    // The links of a page served by its number carry cursors of their own, which seek.
    expect(urls.slice(1).every((url) => new URL(url).searchParams.has("cursor"))).toBe(true);
  });

  it("a garbled cursor in the link is still GitHub's 400", async () => {
    const edited = await editedNextLink(GITHUB(prefix), { cursor: GARBLED });
    const error = await octokit()
      .request(`GET ${edited.href}`)
      .then(
        () => null,
        (thrown: { status: number; response: { data: { message: string } } }) => ({
          status: thrown.status,
          message: thrown.response.data.message,
        }),
      );
    expect(error).toEqual(GITHUB_REFUSAL);
  });
});

describe("PyGithub walking on from an edited next link (GHES base URL)", () => {
  it("lists exactly what the edited numbers name; a garbled cursor is still GitHub's 400", async () => {
    const urls = [];
    for (const edit of EDITS) urls.push((await editedNextLink(GITHUB("/api/v3"), edit)).href);
    urls.push((await editedNextLink(GITHUB("/api/v3"), { cursor: GARBLED })).href);
    const output = await runPython(pygithubScript, {
      GITHUB_BASE_URL: `${server.url}/api/v3`,
      TOKEN: reader.token,
      EDITED_URLS: JSON.stringify(urls),
    });
    expect(output).toEqual([
      ...EDITS.map((edit) => ({
        logins: pagesFrom(listed.github(edit.owner), edit.page, edit.perPage)
          .flat()
          .map((fan) => fan.login),
      })),
      GITHUB_REFUSAL,
    ]);
  }, 60_000);
});

describe("python-gitlab walking on from an edited next link", () => {
  it("lists exactly what the edited numbers name, in id order; a garbled cursor is still Grape's 400", async () => {
    const urls = [];
    for (const edit of EDITS) urls.push((await editedNextLink(GITLAB, edit)).href);
    urls.push((await editedNextLink(GITLAB, { cursor: GARBLED })).href);
    const output = await runPython(pythonGitlabScript, {
      GITLAB_URL: server.url,
      TOKEN: ROOT_TOKEN,
      EDITED_URLS: JSON.stringify(urls),
    });
    expect(output).toEqual([
      ...EDITS.map((edit) => ({
        ids: pagesFrom(listed.gitlab(edit.owner), edit.page, edit.perPage)
          .flat()
          .map((fan) => fan.id),
      })),
      GITLAB_REFUSAL,
    ]);
  }, 60_000);
});
