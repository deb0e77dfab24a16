import { GitbeakerRequestError, Gitlab } from "@gitbeaker/rest";
import type { Forge, ForgeUser } from "../contracts.ts";
import { createWaitingRequester } from "./gitlab-requester.ts";
import { DEFAULT_WAIT_POLICY, RateLimitTooLong, type WaitPolicy } from "./rate-wait.ts";

const PER_PAGE = 100;

export interface GitLabForgeOptions {
  /** The GitLab's address, e.g. `https://gitlab.example.com` (its API is under /api/v4). */
  url: string;
  token: string;
  wait?: WaitPolicy;
}

interface GitLabUser {
  id: number;
  username: string;
  name?: string | null;
}

const toForgeUser = (user: GitLabUser): ForgeUser => ({
  id: user.id,
  login: user.username,
  name: user.name ?? null,
});

const statusOf = (error: unknown) =>
  error instanceof GitbeakerRequestError
    ? (error.cause?.response as Response | undefined)?.status
    : undefined;

/** A GitLab (or this server's GitLab dialect) read through @gitbeaker/rest, a page at a time. */
export function createGitLabForge(options: GitLabForgeOptions): Forge {
  const wait = options.wait ?? DEFAULT_WAIT_POLICY;
  const host = options.url.replace(/\/+$/, "");
  // gitbeaker's query timeout would span every wait of a retried request: the requester
  // bounds each attempt instead.
  const api = new Gitlab({
    host,
    token: options.token,
    requesterFn: createWaitingRequester(wait),
    queryTimeout: null,
  });
  // GitLab's lists go by numeric id: a caller that does not pass one gets it looked up once.
  const ids = new Map<string, number>();
  const remember = (user: ForgeUser) => {
    ids.set(user.login.toLowerCase(), user.id);
    return user;
  };

  const explain = (error: unknown): unknown =>
    statusOf(error) === 429
      ? new RateLimitTooLong(
          `${host} kept answering 429 (more than ${wait.maxRetries} retries, or a Retry-After beyond --max-wait ${wait.maxWaitSeconds} s)`,
        )
      : error;

  async function user(login: string): Promise<ForgeUser | undefined> {
    try {
      // Matched case-insensitively, 0 or 1 rows (GitLab's UsersFinder).
      const found = (await api.Users.all({ username: login })) as unknown as GitLabUser[];
      const match = found.find((u) => u.username.toLowerCase() === login.toLowerCase());
      return match && remember(toForgeUser(match));
    } catch (error) {
      throw explain(error);
    }
  }

  async function idOf(login: string): Promise<number> {
    const known = ids.get(login.toLowerCase()) ?? (await user(login))?.id;
    if (known === undefined) throw new Error(`no user '${login}' on ${host}`);
    return known;
  }

  async function* pages(
    list: "allFollowers" | "allFollowing",
    login: string,
    known?: number,
  ): AsyncIterable<ForgeUser[]> {
    const id = known ?? (await idOf(login));
    let page: number | null = 1;
    try {
      while (page !== null) {
        const answer: { data: unknown; paginationInfo: { next: number | null } } = await api.Users[list](id, {
          page,
          perPage: PER_PAGE,
          showExpanded: true,
        });
        yield (answer.data as GitLabUser[]).map(toForgeUser);
        page = answer.paginationInfo.next;
      }
    } catch (error) {
      throw explain(error);
    }
  }

  return {
    kind: "gitlab",
    user,
    followers: (login, id) => pages("allFollowers", login, id),
    following: (login, id) => pages("allFollowing", login, id),
  };
}
