import { createHash } from "node:crypto";
import type { Core, User } from "@follow-graph/core";
import { setupTestGraph, type TestDatabase } from "@follow-graph/core/testing";
import { createGitLabApp, type GitLabAppOptions } from "./app.ts";

export { read, type Seeded } from "@follow-graph/core/testing";

export const ROOT_TOKEN = "some-root-token-123";
export const ROOT_ID = 1;
export const PUBLIC_URL = "http://gitlab.test";
export const API = `${PUBLIC_URL}/api/v4`;

/** GitLab's `UserBasic`, keys in wire order. */
export const USER_BASIC_KEYS = [
  "id",
  "username",
  "public_email",
  "name",
  "state",
  "locked",
  "avatar_url",
  "web_url",
];

export interface RequestOptions {
  /** Sent as `PRIVATE-TOKEN`. */
  token?: string;
  headers?: Record<string, string>;
  /** Serialised as a JSON body. */
  json?: unknown;
  /** A raw body, sent as-is with `contentType`. */
  body?: string;
  contentType?: string;
}

export type GitLabApp = ReturnType<typeof createGitLabApp>;

/** The `UserBasic` GitLab sends for `user`, as this test server renders it. */
export const userBasic = (user: User) => ({
  id: user.id,
  username: user.username,
  public_email: user.publicEmail ?? "",
  name: user.name,
  state: user.state,
  locked: false,
  avatar_url: `https://www.gravatar.com/avatar/${createHash("md5").update(user.email.toLowerCase()).digest("hex")}?s=80&d=identicon`,
  web_url: `${PUBLIC_URL}/${user.username}`,
});

/**
 * One database, core and GitLab app per test file, with root (id 1) seeded with ROOT_TOKEN.
 * Call at the top of a test file; the fields are filled in by `beforeAll`.
 */
export function setupGitLab(options: Partial<GitLabAppOptions> = {}) {
  const graph = setupTestGraph(ROOT_TOKEN, (t) => ready(t));
  const h = {
    ...graph.seeder,
    get t() {
      return graph.database();
    },
    core: undefined as unknown as Core,
    app: undefined as unknown as GitLabApp,

    /** A request to `/api/v4${path}` on the public origin. */
    request(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token !== undefined) headers["PRIVATE-TOKEN"] = opts.token;
      let body: string | undefined = opts.body;
      if (opts.json !== undefined) {
        body = JSON.stringify(opts.json);
        headers["Content-Type"] = "application/json";
      }
      if (opts.contentType) headers["Content-Type"] = opts.contentType;
      const url = path.startsWith("http") ? path : `${API}${path}`;
      return Promise.resolve(h.app.request(url, { method, headers, body }));
    },
    get: (path: string, opts?: RequestOptions) => h.request("GET", path, opts),
    post: (path: string, opts?: RequestOptions) => h.request("POST", path, opts),
    put: (path: string, opts?: RequestOptions) => h.request("PUT", path, opts),
  };

  function ready(t: TestDatabase) {
    h.core = t.core;
    h.app = createGitLabApp({ core: t.core, publicUrl: PUBLIC_URL, ...options });
  }
  return h;
}

export type Harness = ReturnType<typeof setupGitLab>;
