import { Gitlab } from "@gitbeaker/rest";
import { Octokit } from "@octokit/rest";
import type { WalkResult } from "./types.ts";

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Undefined when `ids` holds `expected` distinct ids (ascending when `ascending`), else what is wrong. */
export function checkWalk(ids: number[], expected: number, ascending: boolean): string | undefined {
  const distinct = new Set(ids).size;
  if (distinct !== ids.length) return `${ids.length - distinct} followers came back more than once`;
  if (ids.length !== expected) return `${ids.length} followers instead of ${expected}`;
  if (ascending && ids.some((id, i) => i > 0 && id <= ids[i - 1]!)) return "not in ascending id order";
  return undefined;
}

function withDeadline<T>(work: Promise<T>, seconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Walks every page of the popular account's followers the way crawlers do, by the Link header:
 * Octokit's paginate on the GitHub dialect and gitbeaker's allFollowers on the GitLab one. Both
 * must return every follower exactly once, the same set in both dialects, GitLab's by id.
 */
export async function walkFollowers(options: {
  baseUrl: string;
  token: string;
  popular: { id: number; username: string; followers: number };
  timeoutSeconds: number;
}): Promise<WalkResult[]> {
  const { popular } = options;
  const results: WalkResult[] = [];
  const sets: Array<Set<number>> = [];
  let started = performance.now();
  /** One client's walk: every follower once (in id order when `ordered`), timed since `started`. */
  const record = (client: string, ids: number[], pages: number, ordered: boolean) => {
    sets.push(new Set(ids));
    const problem = checkWalk(ids, popular.followers, ordered);
    results.push({
      client,
      followers: ids.length,
      pages,
      seconds: (performance.now() - started) / 1000,
      ...(problem ? { problem } : {}),
    });
  };

  const octokit = new Octokit({ baseUrl: `${options.baseUrl}/api/v3`, auth: options.token, log: quiet });
  const controller = new AbortController();
  started = performance.now();
  try {
    let pages = 0;
    const ids: number[] = [];
    await withDeadline(
      (async () => {
        for await (const response of octokit.paginate.iterator(octokit.rest.users.listFollowersForUser, {
          username: popular.username,
          per_page: 100,
          request: { signal: controller.signal },
        })) {
          pages++;
          for (const user of response.data) ids.push(user.id);
        }
      })(),
      options.timeoutSeconds,
      "Octokit's walk",
    );
    record("@octokit/rest paginate (GitHub)", ids, pages, false);
  } catch (error) {
    controller.abort();
    results.push(failed("@octokit/rest paginate (GitHub)", started, error));
  }

  started = performance.now();
  // gitbeaker bounds a whole paginated call by one queryTimeout (300 s unless told).
  const gitlab = new Gitlab({
    host: options.baseUrl,
    token: options.token,
    queryTimeout: options.timeoutSeconds * 1000,
  });
  try {
    const pages = Math.ceil(popular.followers / 100);
    const users = await withDeadline(
      gitlab.Users.allFollowers(popular.id, { perPage: 100, maxPages: pages + 1 }),
      options.timeoutSeconds,
      "gitbeaker's walk",
    );
    record(
      "@gitbeaker/rest allFollowers (GitLab)",
      users.map((u) => u.id),
      pages,
      true,
    );
  } catch (error) {
    results.push(failed("@gitbeaker/rest allFollowers (GitLab)", started, error));
  }

  const [github, gitlabIds] = sets;
  if (github && gitlabIds && [...github].some((id) => !gitlabIds.has(id)))
    results.at(-1)!.problem ??= "the two dialects returned different sets of followers";
  return results;
}

/** An error's message and its causes' ("fetch failed: other side closed"). */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e !== undefined && parts.length < 4; e = (e as { cause?: unknown }).cause) {
    if (!(e instanceof Error)) {
      parts.push(String(e));
      break;
    }
    parts.push(e.message.split("\n")[0]!);
  }
  return parts.join(": ");
}

function failed(client: string, started: number, error: unknown): WalkResult {
  return {
    client,
    followers: 0,
    pages: 0,
    seconds: (performance.now() - started) / 1000,
    problem: describeError(error),
  };
}
