import { retry } from "@octokit/plugin-retry";
import { Octokit } from "@octokit/rest";

/** The dialects an export can take the shape of. */
export type ListDialect = "github" | "gitlab";
export type ListDirection = "followers" | "following";

/** Where a dialect's routes answer: a running server's origin, or a gateway in this process. */
export interface DialectEndpoint {
  /** The origin the dialects are served at, e.g. `http://127.0.0.1:3000`. */
  origin: string;
  /** Root's token: root may read every user's lists. */
  token: string;
  /** The fetch that reaches `origin`; the global one for a running server. */
  fetch: typeof fetch;
}

/** A user as a dialect names it in its list routes. */
export interface DialectUser {
  login: string;
  /** GitLab's list routes take the numeric id. */
  id?: number;
}

// Octokit's paginator follows any `Link: <…>; rel="next"` header, which both dialects send
// (with a cursor beside `page`, so every page seeks): it walks GitLab's lists as well as
// GitHub's, a page at a time. Its retry plugin rides out a server's brief refusals.
const Client = Octokit.plugin(retry);

const PER_PAGE = 100;

/** Reads one dialect's user lists the way that dialect's clients do, as root. */
export function createDialectLists(dialect: ListDialect, endpoint: DialectEndpoint) {
  const base = dialect === "gitlab" ? `${endpoint.origin}/api/v4` : endpoint.origin;
  const octokit = new Client({
    baseUrl: base,
    // GitLab reads its own header; GitHub's clients send `token …`.
    ...(dialect === "github" ? { auth: endpoint.token } : {}),
    request: { fetch: endpoint.fetch, retries: 3 },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  const headers = dialect === "gitlab" ? { "private-token": endpoint.token } : {};

  return {
    /**
     * The user named `login` as the dialect's list routes name it, or undefined when GitLab
     * finds nobody by that username. GitHub's lists take the login itself: one that the
     * dialect does not show answers its list with 404.
     */
    async user(login: string): Promise<DialectUser | undefined> {
      if (dialect === "github") return { login };
      const { data } = await octokit.request("GET /users", { username: login, headers });
      // Typed as GitHub's user list by Octokit; GitLab answers its own UserBasic array.
      const found = (data as unknown as { id: number; username: string }[])[0];
      return found && { login: found.username, id: found.id };
    },

    /** `user`'s followers or following, in the dialect's own order and shape, a page at a time. */
    async *pages(user: DialectUser, direction: ListDirection): AsyncIterable<unknown[]> {
      const route =
        dialect === "gitlab" ? `GET /users/${user.id}/${direction}` : `GET /users/{username}/${direction}`;
      const parameters = dialect === "gitlab" ? { headers } : { username: user.login };
      for await (const { data } of octokit.paginate.iterator(route, { ...parameters, per_page: PER_PAGE }))
        yield data as unknown[];
    },
  };
}

export type DialectLists = ReturnType<typeof createDialectLists>;
