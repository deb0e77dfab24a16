import type { GraphTarget, ImportBatchResult, ImportedEdge, ImportedUser } from "./contracts.ts";

/** Where the control API's migration routes live on a server (apps/gateway/src/control). */
const PREFIX = "/__follow-graph";
const PAGE = 5000;

/** A refusal or failure of the server, as one line naming it. */
export class ControlTargetError extends Error {
  override readonly name = "ControlTargetError";
}

interface EdgeOnWire {
  follower: string;
  followee: string;
  at?: string;
}

/**
 * A GraphTarget on a running server: each batch is one POST to its control API, which imports
 * it in one transaction on the server's own store; reads walk its keyset pages.
 */
export function openControlTarget(url: string, rootToken: string): GraphTarget {
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    throw new ControlTargetError(`--url must be an absolute http(s) URL ('${url}')`);
  const origin = new URL(url).origin;
  const description = `the server at ${origin}`;

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${origin}${PREFIX}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${rootToken}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new ControlTargetError(
        `${description} cannot be reached (${cause?.code ?? cause?.message ?? String(error)})`,
      );
    }
    const text = await response.text();
    let parsed: { message?: string } | undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.ok) return parsed as T;
    if (response.status === 401 || response.status === 403)
      throw new ControlTargetError(
        `${description} refused root's token (${response.status}): ${parsed?.message ?? text}`,
      );
    if (response.status === 404)
      throw new ControlTargetError(
        `${description} does not serve the control API's migration routes (start it with --control)`,
      );
    // The control API's refusals (422: a bad batch, an unknown user) carry their own sentence.
    throw new ControlTargetError(`${description} answered ${response.status}: ${parsed?.message ?? text}`);
  }

  async function* pages<T>(path: string, key: string, users?: string[]): AsyncIterable<T[]> {
    let after: string | null = null;
    do {
      const query = new URLSearchParams({ limit: String(PAGE) });
      if (after) query.set("after", after);
      if (users) query.set("users", users.join(","));
      const page: Record<string, unknown> & { next: string | null } = await call("GET", `${path}?${query}`);
      const rows = page[key] as T[];
      if (rows.length) yield rows;
      after = page.next;
    } while (after);
  }

  let changed = false;
  return {
    description,
    async importBatch(batch, mode) {
      const result = await call<ImportBatchResult>("POST", "/import", {
        users: batch.users,
        edges: batch.edges.map((edge) => ({ ...edge, ...(edge.at ? { at: edge.at.toISOString() } : {}) })),
        ...(batch.replaces ? { replaces: batch.replaces } : {}),
        mode,
      });
      changed ||= result.usersCreated + result.edgesAdded + result.edgesRemoved > 0;
      return result;
    },
    async *readEdges(options = {}) {
      for await (const page of pages<EdgeOnWire>("/import/edges", "edges", options.users))
        yield page.map(
          (edge): ImportedEdge => ({
            follower: edge.follower,
            followee: edge.followee,
            ...(edge.at ? { at: new Date(edge.at) } : {}),
          }),
        );
    },
    readUsers: (options = {}) => pages<ImportedUser>("/import/users", "users", options.users),
    async close() {
      // As a store target does: the server's plans then suit the graph it now holds.
      if (changed) await call("POST", "/import/statistics");
    },
  };
}
