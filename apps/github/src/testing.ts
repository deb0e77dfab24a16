import type { Core } from "@follow-graph/core";
import { setupTestGraph, type TestDatabase } from "@follow-graph/core/testing";
import { createGitHubApp, type GitHubAppOptions } from "./app.ts";

export { read, type Seeded } from "@follow-graph/core/testing";

export const ROOT_TOKEN = "some-root-token-123";
export const ROOT_ID = 1;
export const PUBLIC_URL = "http://github.test";
/** The GitHub Enterprise layout's API base. */
export const GHES = `${PUBLIC_URL}/api/v3`;

/** `simple-user`'s keys in the order GitHub sends them. */
export const SIMPLE_USER_KEYS = [
  "login",
  "id",
  "node_id",
  "avatar_url",
  "gravatar_id",
  "url",
  "html_url",
  "followers_url",
  "following_url",
  "gists_url",
  "starred_url",
  "subscriptions_url",
  "organizations_url",
  "repos_url",
  "events_url",
  "received_events_url",
  "type",
  "user_view_type",
  "site_admin",
];

/** `simple-user` exactly as GitHub lays it out, for a user served under `base`. */
export const simpleUser = (id: number, login: string, base = GHES, siteAdmin = false) => {
  const url = `${base}/users/${login}`;
  return {
    login,
    id,
    node_id: Buffer.from(`04:User${id}`).toString("base64"),
    avatar_url: `${PUBLIC_URL}/avatars/u/${id}?v=4`,
    gravatar_id: "",
    url,
    html_url: `${PUBLIC_URL}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: "User",
    user_view_type: "public",
    site_admin: siteAdmin,
  };
};

export interface RequestOptions {
  /** Sent as `Authorization: token …`. */
  token?: string;
  headers?: Record<string, string>;
  /** Serialised as a JSON body. */
  json?: unknown;
  /** A raw body, sent as-is. */
  body?: string;
  /** The caller's network address, as the server would see it. */
  address?: string;
}

export type GitHubApp = ReturnType<typeof createGitHubApp>;

/**
 * One database and core per test file, with both GitHub layouts on it: paths under
 * `/api/v3` go to the Enterprise mount, the rest to the api.github.com one. Root (id 1)
 * is seeded with ROOT_TOKEN. Requests carry a User-Agent and, on writes, a Content-Length,
 * as every real client sends them.
 */
export function setupGitHub(options: Partial<Omit<GitHubAppOptions, "basePath">> = {}) {
  const graph = setupTestGraph(ROOT_TOKEN, (t) => ready(t));
  const h = {
    ...graph.seeder,
    get t() {
      return graph.database();
    },
    core: undefined as unknown as Core,
    dotcom: undefined as unknown as GitHubApp,
    enterprise: undefined as unknown as GitHubApp,

    /** A request to `path` (`/users/x` or `/api/v3/users/x`) on the public origin. */
    request(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
      const headers: Record<string, string> = { "User-Agent": "follow-graph-tests", ...opts.headers };
      if (opts.token !== undefined) headers.Authorization = `token ${opts.token}`;
      let body = opts.body;
      if (opts.json !== undefined) {
        body = JSON.stringify(opts.json);
        headers["Content-Type"] = "application/json; charset=utf-8";
      }
      if (
        ["POST", "PUT", "PATCH"].includes(method) &&
        !Object.keys(headers).some((k) => /^content-length$/i.test(k))
      )
        headers["Content-Length"] = String(Buffer.byteLength(body ?? ""));
      for (const [name, value] of Object.entries(headers)) if (value === "") delete headers[name];
      const url = path.startsWith("http") ? path : `${PUBLIC_URL}${path}`;
      const app = new URL(url).pathname.startsWith("/api/v3") ? h.enterprise : h.dotcom;
      return Promise.resolve(app.request(url, { method, headers, body }, { clientAddress: opts.address }));
    },
    get: (path: string, opts?: RequestOptions) => h.request("GET", path, opts),
    put: (path: string, opts?: RequestOptions) => h.request("PUT", path, opts),
    post: (path: string, opts?: RequestOptions) => h.request("POST", path, opts),
    patch: (path: string, opts?: RequestOptions) => h.request("PATCH", path, opts),
    delete: (path: string, opts?: RequestOptions) => h.request("DELETE", path, opts),

    /** A user whose token carries GitHub's `user` scope. */
    githubUser: (scopes: string[] = ["user"]) => h.user({}, scopes),
  };

  function ready(t: TestDatabase) {
    h.core = t.core;
    h.dotcom = createGitHubApp({ core: t.core, publicUrl: PUBLIC_URL, ...options });
    h.enterprise = createGitHubApp({ core: t.core, publicUrl: PUBLIC_URL, basePath: "/api/v3", ...options });
  }
  return h;
}

export type Harness = ReturnType<typeof setupGitHub>;
