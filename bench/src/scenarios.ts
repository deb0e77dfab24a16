import type { Cast } from "./actors.ts";
import { call, expectStatus, gitlabAuth } from "./http.ts";
import { type StaticRequest, staticScript, toggleScript, USER_AGENT } from "./lua.ts";
import type { ResponseKind } from "./types.ts";

export interface Scenario {
  id: string;
  title: string;
  kind: ResponseKind;
  write: boolean;
  url: string;
  /** The wrk script of run `run` (toggles use a fresh set of actors per run). */
  script(run: number): string;
}

/** A request whose answer a ceiling replays; `after` undoes what it changed. */
export interface CaptureRequest {
  url: string;
  request: StaticRequest;
  after?: () => Promise<void>;
}

export interface Plan {
  scenarios: Scenario[];
  captures: Record<ResponseKind, CaptureRequest>;
  notes: string[];
}

/** The URL of each `rel` in a Link header. */
export function parseLinkHeader(header: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  for (const match of (header ?? "").matchAll(/<([^>]*)>\s*;\s*rel="([^"]+)"/g)) links[match[2]!] = match[1]!;
  return links;
}

/** Page 1,000 of the popular account's followers at 100 a page, or its last page when it has fewer. */
export const deepPageOf = (followers: number) => Math.max(2, Math.min(1000, Math.ceil(followers / 100)));

/**
 * Probes the running server once per scenario — every request is checked for its status before
 * wrk hammers it — and plans the scenarios of the issue for one engine.
 */
export async function planScenarios(options: {
  baseUrl: string;
  rootToken: string;
  popular: { id: number; username: string; followers: number };
  cast: Cast;
  threads: number;
  /** The first of this server's actor sets in `cast.actorSets` (two per run: GitLab's, GitHub's). */
  firstActorSet?: number;
  /** Count 503s apart as shed load (PGlite, whose queue is bounded); reads then check for 200. */
  countShed?: boolean;
}): Promise<Plan> {
  const { baseUrl, popular, cast } = options;
  const firstSet = options.firstActorSet ?? 0;
  const countShed = options.countShed ?? false;
  const notes: string[] = [];
  const gl = { "PRIVATE-TOKEN": cast.reader.token, "User-Agent": USER_AGENT };
  const gh = { Authorization: `token ${cast.reader.token}`, "User-Agent": USER_AGENT };
  const v4 = `${baseUrl}/api/v4`;
  const v3 = `${baseUrl}/api/v3`;
  const glFollowers = `${v4}/users/${popular.id}/followers`;
  const ghFollowers = `${v3}/users/${encodeURIComponent(popular.username)}/followers`;
  const scenarios: Scenario[] = [];

  const read = async (
    id: string,
    title: string,
    kind: ResponseKind,
    url: string,
    headers: Record<string, string>,
    status = 200,
  ): Promise<CaptureRequest> => {
    await expectStatus(status, url, { headers });
    const request: StaticRequest = {
      method: "GET",
      headers,
      ...(status === 200 ? {} : { expect: [status] }),
      ...(countShed ? { countShed } : {}),
    };
    const script = staticScript(request);
    scenarios.push({ id, title, kind, write: false, url, script: () => script });
    return { url, request };
  };

  const deep = deepPageOf(popular.followers);
  const cursorUrl = async (list: string, headers: Record<string, string>, dialect: string) => {
    const before = await expectStatus(200, `${list}?per_page=100&page=${deep - 1}`, { headers });
    const next = parseLinkHeader(before.headers.get("link")).next;
    if (!next) throw new Error(`${dialect}: page ${deep - 1} of ${list} has no rel="next" link`);
    if (!new URL(next).searchParams.has("cursor"))
      notes.push(
        `${dialect}: the rel="next" link carries no cursor yet (${new URL(next).search}); the "via cursor" row follows it as is.`,
      );
    const [viaLink, bare] = await Promise.all([
      expectStatus(200, next, { headers }),
      expectStatus(200, `${list}?per_page=100&page=${deep}`, { headers }),
    ]);
    if (viaLink.text() !== bare.text())
      notes.push(
        `${dialect}: page ${deep} via the Link header and via page=${deep} returned different bodies.`,
      );
    return next;
  };

  const captures: Partial<Record<ResponseKind, CaptureRequest>> = {};
  captures["gitlab-page-100"] = await read(
    "gitlab-followers-100",
    "GitLab followers, per_page 100",
    "gitlab-page-100",
    `${glFollowers}?per_page=100`,
    gl,
  );
  captures["github-page-30"] = await read(
    "github-followers-30",
    "GitHub followers, per_page 30 (default)",
    "github-page-30",
    ghFollowers,
    gh,
  );
  captures["github-page-100"] = await read(
    "github-followers-100",
    "GitHub followers, per_page 100",
    "github-page-100",
    `${ghFollowers}?per_page=100`,
    gh,
  );
  // Anonymous crawls: no token to look up, and GitHub's answer may be shared by caches. Their
  // ceilings are the signed-in pages' (same body, a few header bytes apart).
  const anonymous = { "User-Agent": USER_AGENT };
  await read(
    "github-followers-30-anon",
    "GitHub followers, per_page 30, anonymous",
    "github-page-30",
    ghFollowers,
    anonymous,
  );
  await read(
    "github-followers-100-anon",
    "GitHub followers, per_page 100, anonymous",
    "github-page-100",
    `${ghFollowers}?per_page=100`,
    anonymous,
  );
  await read(
    "gitlab-deep-cursor",
    `GitLab page ${deep} via the Link cursor`,
    "gitlab-page-100",
    await cursorUrl(glFollowers, gl, "GitLab"),
    gl,
  );
  await read(
    "github-deep-cursor",
    `GitHub page ${deep} via the Link cursor`,
    "github-page-100",
    await cursorUrl(ghFollowers, gh, "GitHub"),
    gh,
  );
  await read(
    "gitlab-deep-bare",
    `GitLab page ${deep} via page=${deep}`,
    "gitlab-page-100",
    `${glFollowers}?per_page=100&page=${deep}`,
    gl,
  );
  await read(
    "github-deep-bare",
    `GitHub page ${deep} via page=${deep}`,
    "github-page-100",
    `${ghFollowers}?per_page=100&page=${deep}`,
    gh,
  );

  const [fan] = (await expectStatus(200, `${ghFollowers}?per_page=1`, { headers: gh })).json<
    Array<{ login: string }>
  >();
  if (!fan) throw new Error("the popular account has no followers");
  captures["empty-204"] = await read(
    "github-check-204",
    "GitHub check-following, 204",
    "empty-204",
    `${v3}/users/${encodeURIComponent(fan.login)}/following/${encodeURIComponent(popular.username)}`,
    gh,
    204,
  );
  const stranger = await findNonFollowed(
    v3,
    gh,
    popular.username,
    cast.targets.map((t) => t.username),
  );
  captures["github-404"] = await read(
    "github-check-404",
    "GitHub check-following, 404",
    "github-404",
    `${v3}/users/${encodeURIComponent(popular.username)}/following/${encodeURIComponent(stranger)}`,
    gh,
    404,
  );
  captures["gitlab-user"] = await read(
    "gitlab-user",
    "GitLab GET /users/:id",
    "gitlab-user",
    `${v4}/users/${popular.id}`,
    gl,
  );
  captures["github-user"] = await read(
    "github-user",
    "GitHub GET /users/{username}",
    "github-user",
    `${v3}/users/${encodeURIComponent(popular.username)}`,
    gh,
  );

  const grid = (dialect: "gitlab" | "github", run: number) =>
    toggleScript({
      dialect,
      actors: cast.actorSets[firstSet + 2 * run + (dialect === "gitlab" ? 0 : 1)]!,
      targets: cast.targets,
      threads: options.threads,
      prefix: dialect === "gitlab" ? "/api/v4" : "/api/v3",
    });
  scenarios.push(
    {
      id: "gitlab-toggle",
      title: "GitLab follow/unfollow toggles",
      kind: "gitlab-follow",
      write: true,
      url: `${baseUrl}/`,
      script: (run) => grid("gitlab", run),
    },
    {
      id: "github-toggle",
      title: "GitHub follow/unfollow toggles",
      kind: "empty-204",
      write: true,
      url: `${baseUrl}/`,
      script: (run) => grid("github", run),
    },
  );

  // The GitLab follow answer (201 with the followed user), by root, undone at once.
  const target = cast.targets[0]!;
  const rootGl = { ...gitlabAuth(options.rootToken), "User-Agent": USER_AGENT };
  captures["gitlab-follow"] = {
    url: `${v4}/users/${target.id}/follow`,
    request: { method: "POST", headers: rootGl, expect: [201] },
    after: async () => {
      await expectStatus(201, `${v4}/users/${target.id}/unfollow`, { method: "POST", headers: rootGl });
    },
  };
  return { scenarios, captures: captures as Record<ResponseKind, CaptureRequest>, notes };
}

/** A user the popular account does not follow, checked through the GitHub route itself. */
async function findNonFollowed(
  v3: string,
  headers: Record<string, string>,
  popular: string,
  candidates: string[],
) {
  for (const candidate of candidates) {
    const answer = await call(
      `${v3}/users/${encodeURIComponent(popular)}/following/${encodeURIComponent(candidate)}`,
      {
        headers,
      },
    );
    if (answer.status === 404) return candidate;
  }
  throw new Error(`the popular account follows every candidate for the 404 check`);
}
