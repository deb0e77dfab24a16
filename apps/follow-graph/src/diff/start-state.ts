// Brings a column's graph to a scenario's start state. On a graph the tool may reset (its own,
// or `--url` with the control API on): reset, then the scenario as one fixture document, so ids
// and token secrets are the same in every column. Elsewhere (another server, or `--url`
// without the control API): fresh users through the dialect's own admin routes, their
// usernames behind a per-column prefix that the report normalizes away.
import type { ColumnGraph } from "./dialect-requests.ts";
import type { NormalContext } from "./normalize.ts";
import type { Caller, Scenario, ScenarioToken, ScenarioUser } from "./scenario.ts";
import { send, type WireExchange, type WireRequest } from "./wire.ts";

export interface StartState {
  graph: ColumnGraph;
  context: NormalContext;
}

/** The start state could not be made; `fatal` when no later scenario could be either. */
export class SetupError extends Error {
  constructor(
    message: string,
    readonly fatal = false,
  ) {
    super(message);
  }
}

export interface Server {
  /** Everything before `/api/v4` or a GitHub path, e.g. `http://127.0.0.1:3000`. */
  origin: string;
  /** An administrator's token there (root's on this server). */
  adminToken: string;
  /** A short label for messages, e.g. `this server` or the URL. */
  label: string;
}

const secretFor = (user: string, token: string) => `fgdiff-${user}-${token}-token`;
const labelOf = (user: string, token: string) => (token === "default" ? user : `${user}.${token}`);

function graphOf(
  ids: Map<string, number>,
  secrets: Map<string, string>,
  rootSecret: string,
  prefix: string,
): ColumnGraph {
  const key = (name: string) => name.toLowerCase();
  return {
    rootSecret,
    idOf: (user) => (user === "root" ? 1 : ids.get(key(user))!),
    loginOf: (user) => (user === "root" ? "root" : `${prefix}${user}`),
    secretOf: (caller: Caller & { kind: "token" }) =>
      caller.user === "root" ? rootSecret : secrets.get(`${key(caller.user)}.${caller.token}`)!,
  };
}

function contextOf(
  server: Server,
  prefix: string,
  ids: Map<string, number>,
  secrets: Map<string, string>,
  users: ScenarioUser[],
  rootId = 1,
): NormalContext {
  const names = new Map<number, string>([[rootId, "root"]]);
  const spelled = new Map(users.map((u) => [u.username.toLowerCase(), u.username]));
  for (const [name, id] of ids) names.set(id, spelled.get(name) ?? name);
  const tokens = new Map<string, string>([[server.adminToken, "root"]]);
  for (const [key, secret] of secrets) {
    const [user = "", token = "default"] = key.split(".");
    tokens.set(secret, labelOf(spelled.get(user) ?? user, token));
  }
  return { origin: server.origin, prefix, names, tokens };
}

/** Whether the server's control API answers root's token: 200 yes, 404 no, anything else fatal. */
export async function hasControlApi(server: Server): Promise<boolean> {
  const answer = await send(server.origin, {
    method: "GET",
    path: "/__follow-graph/probe",
    headers: { "private-token": server.adminToken },
  }).catch((error: Error) => {
    throw new SetupError(error.message, true);
  });
  // An unknown control route is the control API's own 404 and message; off, it is GitHub's 404.
  const message = (answer.response.body as { message?: string } | null)?.message ?? "";
  if (answer.response.status === 401 || answer.response.status === 403)
    throw new SetupError(`${server.label} refused the root token (${answer.response.status})`, true);
  return answer.response.status === 404 && message.startsWith("No such control route");
}

/** Reset and fixtures through the control API. */
export async function controlStartState(server: Server, scenario: Scenario): Promise<StartState> {
  const headers = { "private-token": server.adminToken };
  const reset = await request(server, { method: "POST", path: "/__follow-graph/reset", headers });
  expectStatus(server, reset, [204], "reset the graph");
  const secrets = new Map<string, string>();
  const fixtures = {
    users: scenario.users.map((user) => ({
      username: user.username,
      admin: user.admin,
      private: user.private,
      state: user.state,
      followingEnabled: user.followingEnabled,
      tokens: user.tokens.map((token) => {
        const secret = secretFor(user.username.toLowerCase(), token.name);
        secrets.set(`${user.username.toLowerCase()}.${token.name}`, secret);
        return { secret, name: token.name, ...(token.scopes ? { scopes: token.scopes } : {}) };
      }),
    })),
    follows: scenario.follows,
  };
  const loaded = await request(server, {
    method: "POST",
    path: "/__follow-graph/fixtures",
    headers,
    body: fixtures,
  });
  if (loaded.response.status !== 201) {
    const problems = (loaded.response.body as { problems?: string[] } | null)?.problems ?? [];
    throw new SetupError(
      `the start state was refused (${loaded.response.status}): ${problems.join("; ") || JSON.stringify(loaded.response.body)}`,
    );
  }
  const ids = new Map<string, number>();
  for (const user of (loaded.response.body as { users: { id: number; username: string }[] }).users)
    ids.set(user.username.toLowerCase(), user.id);
  return {
    graph: graphOf(ids, secrets, server.adminToken, ""),
    context: contextOf(server, "", ids, secrets, scenario.users),
  };
}

async function request(server: Server, req: WireRequest): Promise<WireExchange> {
  try {
    return await send(server.origin, req);
  } catch (error) {
    throw new SetupError((error as Error).message, true);
  }
}

function expectStatus(server: Server, exchange: WireExchange, statuses: number[], doing: string) {
  const { status, body } = exchange.response;
  if (statuses.includes(status)) return;
  const fatal = status === 401 || status === 403;
  const detail = typeof body === "string" ? body : JSON.stringify(body);
  throw new SetupError(
    fatal
      ? `${server.label} refused the admin token (${status}) to ${doing}`
      : `${server.label} could not ${doing}: ${status} ${detail?.slice(0, 200) ?? ""}`,
    fatal,
  );
}

/** GitHub's words for a scope written in either dialect (README: how scopes map). */
const TO_GITHUB: Record<string, string[]> = {
  api: ["user"],
  read_user: ["read:user"],
  read_api: ["read:user"],
  admin_mode: ["site_admin"],
  sudo: [],
};
/** GitLab's words for a scope written in either dialect. */
const TO_GITLAB: Record<string, string[]> = {
  user: ["api"],
  "user:follow": ["api"],
  "read:user": ["read_user"],
  site_admin: ["admin_mode"],
};

const scopesOf = (user: ScenarioUser, token: ScenarioToken) =>
  token.scopes ?? (user.admin ? ["api", "admin_mode"] : ["api"]);
const translate = (scopes: string[], table: Record<string, string[]>) => [
  ...new Set(scopes.flatMap((scope) => table[scope] ?? [scope])),
];

/** A fresh per-column prefix: short, lower-case, valid at the start of a username. */
export function freshPrefix(): string {
  return `fgd${Math.random().toString(36).slice(2, 8)}-`;
}

/** Users, tokens, follows, then settings and states, through GitLab's admin routes. */
export async function gitlabAdminStartState(
  server: Server,
  scenario: Scenario,
  prefix: string,
): Promise<StartState> {
  const admin = { "private-token": server.adminToken };
  const ids = new Map<string, number>();
  const secrets = new Map<string, string>();
  for (const user of scenario.users) {
    const login = `${prefix}${user.username}`;
    const created = await request(server, {
      method: "POST",
      path: "/api/v4/users",
      headers: admin,
      body: {
        username: login,
        name: login,
        email: `${login}@example.com`,
        password: "follow-graph-diff-password",
        skip_confirmation: true,
        ...(user.admin ? { admin: true } : {}),
      },
    });
    expectStatus(server, created, [201], `create the user ${login}`);
    const id = (created.response.body as { id: number }).id;
    ids.set(user.username.toLowerCase(), id);
    for (const token of user.tokens) {
      const minted = await request(server, {
        method: "POST",
        path: `/api/v4/users/${id}/personal_access_tokens`,
        headers: admin,
        body: { name: `diff-${token.name}`, scopes: translate(scopesOf(user, token), TO_GITLAB) },
      });
      expectStatus(server, minted, [201], `create a token for ${login}`);
      secrets.set(
        `${user.username.toLowerCase()}.${token.name}`,
        (minted.response.body as { token: string }).token,
      );
    }
  }
  const idOf = (name: string) => ids.get(name.toLowerCase())!;
  for (const [follower, followee] of scenario.follows) {
    // As the follower, through Sudo: its own tokens may be read-only.
    const followed = await request(server, {
      method: "POST",
      path: `/api/v4/users/${idOf(followee)}/follow`,
      headers: { ...admin, sudo: String(idOf(follower)) },
    });
    expectStatus(server, followed, [201], `make ${follower} follow ${followee}`);
  }
  for (const user of scenario.users) {
    const id = idOf(user.username);
    const changes = {
      ...(user.private ? { private_profile: true } : {}),
      ...(user.followingEnabled ? {} : { enabled_following: false }),
    };
    if (Object.keys(changes).length) {
      const put = await request(server, {
        method: "PUT",
        path: `/api/v4/users/${id}`,
        headers: admin,
        body: changes,
      });
      expectStatus(server, put, [200], `change the profile of ${user.username}`);
    }
    const action = { active: "", blocked: "block", banned: "ban", deactivated: "deactivate" }[user.state];
    if (action) {
      const moderated = await request(server, {
        method: "POST",
        path: `/api/v4/users/${id}/${action}`,
        headers: admin,
      });
      expectStatus(server, moderated, [201], `${action} ${user.username}`);
    }
  }
  return {
    graph: graphOf(ids, secrets, server.adminToken, prefix),
    context: contextOf(server, prefix, ids, secrets, scenario.users),
  };
}

/** What GitHub's admin routes cannot set up, or undefined when they can set up the scenario. */
export function githubSetupGap(scenario: Scenario): string | undefined {
  for (const user of scenario.users) {
    if (user.private) return `${user.username} has a private profile, which GitHub has not`;
    if (!user.followingEnabled) return `${user.username} has following turned off, which GitHub cannot set`;
    if (user.state === "banned" || user.state === "deactivated")
      return `${user.username} is ${user.state}, which GitHub's admin routes cannot set`;
  }
  for (const step of scenario.steps) {
    if (step.action === "set") return `step '${step.intent}' has no GitHub equivalent`;
    if (step.action === "moderate" && step.moderation !== "suspend" && step.moderation !== "unsuspend")
      return `step '${step.intent}' has no GitHub equivalent`;
  }
  return undefined;
}

/** Users, impersonation tokens, follows, then site admin and suspension, through GHES's admin routes. */
export async function githubAdminStartState(
  server: Server,
  base: string,
  scenario: Scenario,
  prefix: string,
): Promise<StartState> {
  const admin = { authorization: `token ${server.adminToken}` };
  const ids = new Map<string, number>();
  const secrets = new Map<string, string>();
  const setupTokens = new Map<string, string>();
  const followers = new Set(scenario.follows.map(([follower]) => follower.toLowerCase()));
  const mint = async (login: string, scopes: string[]) => {
    const minted = await request(server, {
      method: "POST",
      path: `${base}/admin/users/${encodeURIComponent(login)}/authorizations`,
      headers: admin,
      body: { scopes },
    });
    expectStatus(server, minted, [201], `create a token for ${login} (scopes ${scopes.join(", ")})`);
    return (minted.response.body as { token: string }).token;
  };
  for (const user of scenario.users) {
    const login = `${prefix}${user.username}`;
    const created = await request(server, {
      method: "POST",
      path: `${base}/admin/users`,
      headers: admin,
      body: { login, email: `${login}@example.com` },
    });
    expectStatus(server, created, [201], `create the user ${login}`);
    ids.set(user.username.toLowerCase(), (created.response.body as { id: number }).id);
    if (user.admin) {
      const promoted = await request(server, {
        method: "PUT",
        path: `${base}/users/${encodeURIComponent(login)}/site_admin`,
        headers: admin,
      });
      expectStatus(server, promoted, [204], `make ${login} a site admin`);
    }
    const seen = new Set<string>();
    for (const token of user.tokens) {
      const scopes = translate(scopesOf(user, token), TO_GITHUB).sort();
      // GHES answers a second request for the same scopes with the first token, unrevealed.
      if (seen.has(scopes.join(" ")))
        throw new SetupError(
          `${user.username}'s tokens repeat the scopes ${scopes.join(", ")}, which GHES cannot mint twice`,
        );
      seen.add(scopes.join(" "));
      secrets.set(`${user.username.toLowerCase()}.${token.name}`, await mint(login, scopes));
    }
    if (followers.has(user.username.toLowerCase()))
      setupTokens.set(user.username.toLowerCase(), await mint(login, ["user", "user:follow"]));
  }
  for (const [follower, followee] of scenario.follows) {
    const followed = await request(server, {
      method: "PUT",
      path: `${base}/user/following/${encodeURIComponent(`${prefix}${followee}`)}`,
      headers: { authorization: `token ${setupTokens.get(follower.toLowerCase())}` },
    });
    expectStatus(server, followed, [204], `make ${follower} follow ${followee}`);
  }
  for (const user of scenario.users) {
    if (user.state !== "blocked") continue;
    const suspended = await request(server, {
      method: "PUT",
      path: `${base}/users/${encodeURIComponent(`${prefix}${user.username}`)}/suspended`,
      headers: admin,
    });
    expectStatus(server, suspended, [204], `suspend ${user.username}`);
  }
  for (const [key, secret] of setupTokens) secrets.set(`${key}.setup`, secret);
  return {
    graph: graphOf(ids, secrets, server.adminToken, prefix),
    context: contextOf(server, prefix, ids, secrets, scenario.users),
  };
}
