// Each dialect-neutral step as the request a client of that dialect would send. A step with no
// counterpart in a dialect is `notApplicable` with the reason; when it changes the graph, `via`
// is the request that makes the same change through the other dialect of the same server, so
// every column's later steps still see the graph the scenario means.
import type { Caller, Moderation, Setting, Step } from "./scenario.ts";
import type { WireRequest } from "./wire.ts";

export type DialectKind = "gitlab" | "github";

/** A column's graph once its start state exists: where each scenario name lives there. */
export interface ColumnGraph {
  idOf(user: string): number;
  /** The username on that server (with the run's prefix on servers the tool does not own). */
  loginOf(user: string): string;
  /** The secret of a caller's token (root's for `root`). */
  secretOf(caller: Caller & { kind: "token" }): string;
  rootSecret: string;
}

export type Plan = { request: WireRequest } | { notApplicable: string; via?: WireRequest };

const GITLAB_MODERATION: Record<Moderation, string> = {
  suspend: "block",
  unsuspend: "unblock",
  ban: "ban",
  unban: "unban",
  deactivate: "deactivate",
  activate: "activate",
};

const GITLAB_SETTING: Record<Setting, Record<string, boolean>> = {
  private: { private_profile: true },
  public: { private_profile: false },
  "following-disabled": { enabled_following: false },
  "following-enabled": { enabled_following: true },
};

const gitlabAuth = (secret: string | undefined): Record<string, string> =>
  secret ? { "private-token": secret } : {};
const githubAuth = (secret: string | undefined): Record<string, string> =>
  secret ? { authorization: `token ${secret}` } : {};

const callerSecret = (step: Step, graph: ColumnGraph) =>
  step.caller.kind === "anonymous" ? undefined : graph.secretOf(step.caller);

function query(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter(
    (entry): entry is [string, string | number] => entry[1] !== undefined,
  );
  return entries.length
    ? `?${new URLSearchParams(entries.map(([k, value]): [string, string] => [k, String(value)])).toString()}`
    : "";
}

/** The GitLab v4 request for a step. */
export function gitlabPlan(step: Step, graph: ColumnGraph, githubBase?: string): Plan {
  const auth = gitlabAuth(callerSecret(step, graph));
  const users = "/api/v4/users";
  const get = (path: string): Plan => ({ request: { method: "GET", path, headers: auth } });
  const caller = step.caller.kind === "token" ? step.caller.user : undefined;
  switch (step.action) {
    case "follow":
    case "unfollow":
      return {
        request: {
          method: "POST",
          path: `${users}/${graph.idOf(step.target)}/${step.action}`,
          headers: auth,
        },
      };
    case "check":
      if (step.of !== undefined && step.of !== caller)
        return { notApplicable: "GitLab tells only the caller whether it follows a user (is_followed)" };
      return get(`${users}/${graph.idOf(step.target)}`);
    case "list": {
      const of = step.of ?? caller;
      if (of === undefined) return { notApplicable: "an anonymous caller has no lists of its own" };
      const params = { page: step.page, per_page: step.perPage, ...step.query };
      return get(`${users}/${graph.idOf(of)}/${step.list}${query(params)}`);
    }
    case "profile":
      return get(step.of === undefined ? "/api/v4/user" : `${users}/${graph.idOf(step.of)}`);
    case "block":
    case "unblock": {
      const via = githubBase === undefined ? undefined : githubPlan(step, graph, githubBase);
      return {
        notApplicable: "GitLab has no user-to-user blocks",
        ...(via && "request" in via ? { via: via.request } : {}),
      };
    }
    case "moderate":
      return {
        request: {
          method: "POST",
          path: `${users}/${graph.idOf(step.target)}/${GITLAB_MODERATION[step.moderation]}`,
          headers: auth,
        },
      };
    case "set":
      return {
        request: {
          method: "PUT",
          path: `${users}/${graph.idOf(step.target)}`,
          headers: auth,
          body: GITLAB_SETTING[step.setting],
        },
      };
  }
}

const GITHUB_LACKS: Partial<Record<Moderation | Setting, string>> = {
  ban: "GitHub has no bans (GitLab's ban is sent instead)",
  unban: "GitHub has no bans (GitLab's unban is sent instead)",
  deactivate: "GitHub's REST API cannot deactivate a user (GitLab's deactivate is sent instead)",
  activate: "GitHub's REST API cannot deactivate a user (GitLab's activate is sent instead)",
  private: "GitHub has no private profiles (GitLab's PUT /users/:id is sent instead)",
  public: "GitHub has no private profiles (GitLab's PUT /users/:id is sent instead)",
  "following-disabled": "GitHub has no switch for following (GitLab's PUT /users/:id is sent instead)",
  "following-enabled": "GitHub has no switch for following (GitLab's PUT /users/:id is sent instead)",
};

/**
 * The GitHub request for a step under `base` (`/api/v3` or `""`). `viaGitLab`: whether the
 * server also speaks GitLab, so a change GitHub cannot make is made there.
 */
export function githubPlan(step: Step, graph: ColumnGraph, base: string, viaGitLab = false): Plan {
  const auth = githubAuth(callerSecret(step, graph));
  const login = (user: string) => encodeURIComponent(graph.loginOf(user));
  const get = (path: string): Plan => ({ request: { method: "GET", path: `${base}${path}`, headers: auth } });
  switch (step.action) {
    case "follow":
    case "unfollow":
      return {
        request: {
          method: step.action === "follow" ? "PUT" : "DELETE",
          path: `${base}/user/following/${login(step.target)}`,
          headers: auth,
        },
      };
    case "check":
      return get(
        step.of === undefined
          ? `/user/following/${login(step.target)}`
          : `/users/${login(step.of)}/following/${login(step.target)}`,
      );
    case "list": {
      const params = { page: step.page, per_page: step.perPage, ...step.query };
      return get(
        `${step.of === undefined ? "/user" : `/users/${login(step.of)}`}/${step.list}${query(params)}`,
      );
    }
    case "profile":
      return get(step.of === undefined ? "/user" : `/users/${login(step.of)}`);
    case "block":
    case "unblock":
      return {
        request: {
          method: step.action === "block" ? "PUT" : "DELETE",
          path: `${base}/user/blocks/${login(step.target)}`,
          headers: auth,
        },
      };
    case "moderate":
      if (step.moderation === "suspend" || step.moderation === "unsuspend")
        return {
          request: {
            method: step.moderation === "suspend" ? "PUT" : "DELETE",
            path: `${base}/users/${login(step.target)}/suspended`,
            headers: auth,
          },
        };
      return lacking(step, step.moderation, graph, viaGitLab);
    case "set":
      return lacking(step, step.setting, graph, viaGitLab);
  }
}

function lacking(step: Step, what: Moderation | Setting, graph: ColumnGraph, viaGitLab: boolean): Plan {
  const reason = GITHUB_LACKS[what]!;
  if (!viaGitLab) return { notApplicable: reason.replace(/ \(GitLab's .*\)$/, "") };
  const via = gitlabPlan(step, graph);
  return { notApplicable: reason, ...("request" in via ? { via: via.request } : {}) };
}
