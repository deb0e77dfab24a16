/** Where each dialect of a server at `origin` answers. */
export interface Coordinates {
  /** The origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** GitLab v4: origin + `/api/v4`. */
  gitlabUrl: string;
  /** GitHub with api.github.com's layout: the origin itself. */
  githubUrl: string;
  /** GitHub Enterprise Server's layout: origin + `/api/v3`. */
  enterpriseUrl: string;
}

export function coordinatesOf(origin: string): Coordinates {
  return { url: origin, gitlabUrl: `${origin}/api/v4`, githubUrl: origin, enterpriseUrl: `${origin}/api/v3` };
}

/** The environment `exec` gives its command. */
export function coordinatesEnv(coordinates: Coordinates, rootToken: string): Record<string, string> {
  return {
    FOLLOW_GRAPH_URL: coordinates.url,
    FOLLOW_GRAPH_ROOT_TOKEN: rootToken,
    FOLLOW_GRAPH_GITLAB_URL: coordinates.gitlabUrl,
    FOLLOW_GRAPH_GITHUB_URL: coordinates.githubUrl,
    FOLLOW_GRAPH_GHES_URL: coordinates.enterpriseUrl,
  };
}

/**
 * Waits until the server at `origin` answers a request, whatever its status. The probe asks a
 * control path without a token (401 with the control API on, 404 without it): control requests
 * are never journaled, so a suite's first look at `requests()` holds only its own.
 */
export async function untilAnswering(origin: string): Promise<void> {
  const response = await fetch(`${origin}/__follow-graph/state`);
  await response.arrayBuffer();
}
