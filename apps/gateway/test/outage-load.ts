// A mixed load through both dialects for the outage test and its figures script: each client
// is one user, half signed in to GitLab's v4 and half to GitHub's v3, following, unfollowing,
// reading lists and profiles of the others, one request at a time, every answer recorded.
import { createGitHubUserWithToken, createUserWithToken } from "./test-server.ts";

export type Dialect = "gitlab" | "github";
export type Operation = "follow" | "unfollow" | "list" | "user";

export interface LoadClient {
  dialect: Dialect;
  id: number;
  login: string;
  token: string;
}

export interface Sample {
  client: number;
  dialect: Dialect;
  operation: Operation;
  /** The user followed or unfollowed (writes only). */
  targetId?: number;
  /** performance.now() when the request was sent and when its answer (or the failure) came. */
  sentAt: number;
  answeredAt: number;
  /** 0: no HTTP answer at all (the connection failed, or the client gave up). */
  status: number;
  retryAfter: string | null;
  body: unknown;
}

/** Whether a write's answer acknowledges it (GitLab's 304: it already was so). */
export function acknowledged(sample: Sample): boolean {
  if (sample.dialect === "gitlab") return sample.status === 201 || sample.status === 304;
  return sample.status === 204;
}

/** `count` users, alternately GitLab and GitHub callers, made through the admin routes. */
export async function createLoadClients(url: string, count: number, prefix = "load"): Promise<LoadClient[]> {
  const clients: LoadClient[] = [];
  for (let n = 0; n < count; n++) {
    const login = `${prefix}${n}`;
    if (n % 2 === 0) {
      const user = await createUserWithToken(url, login);
      clients.push({ dialect: "gitlab", id: user.id, login: user.username, token: user.token });
    } else {
      const user = await createGitHubUserWithToken(url, login);
      clients.push({ dialect: "github", id: user.id, login: user.login, token: user.token });
    }
  }
  return clients;
}

interface Request {
  method: string;
  path: string;
}

function requestFor(client: LoadClient, operation: Operation, target: LoadClient): Request {
  if (client.dialect === "gitlab") {
    switch (operation) {
      case "follow":
        return { method: "POST", path: `/api/v4/users/${target.id}/follow` };
      case "unfollow":
        return { method: "POST", path: `/api/v4/users/${target.id}/unfollow` };
      case "list":
        return { method: "GET", path: `/api/v4/users/${target.id}/followers` };
      case "user":
        return { method: "GET", path: `/api/v4/users/${target.id}` };
    }
  }
  switch (operation) {
    case "follow":
      return { method: "PUT", path: `/api/v3/user/following/${target.login}` };
    case "unfollow":
      return { method: "DELETE", path: `/api/v3/user/following/${target.login}` };
    case "list":
      return { method: "GET", path: `/api/v3/users/${target.login}/following` };
    case "user":
      return { method: "GET", path: `/api/v3/users/${target.login}` };
  }
}

const OPERATIONS: Operation[] = [
  "follow",
  "follow",
  "follow",
  "unfollow",
  "unfollow",
  "list",
  "list",
  "user",
];
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** Sends one request as `client`, recorded whatever becomes of it. */
export async function send(
  url: string,
  client: LoadClient,
  index: number,
  operation: Operation,
  target: LoadClient,
  giveUpMs: number,
): Promise<Sample> {
  const { method, path } = requestFor(client, operation, target);
  const headers: Record<string, string> =
    client.dialect === "gitlab"
      ? { "PRIVATE-TOKEN": client.token }
      : { Authorization: `token ${client.token}` };
  const sentAt = performance.now();
  const base = {
    client: index,
    dialect: client.dialect,
    operation,
    ...(operation === "follow" || operation === "unfollow" ? { targetId: target.id } : {}),
    sentAt,
  };
  try {
    const response = await fetch(`${url}${path}`, { method, headers, signal: AbortSignal.timeout(giveUpMs) });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {}
    return {
      ...base,
      answeredAt: performance.now(),
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      body,
    };
  } catch (error) {
    return { ...base, answeredAt: performance.now(), status: 0, retryAfter: null, body: String(error) };
  }
}

export interface RunningLoad {
  samples: Sample[];
  /** Lets every client finish the request it is on, then resolves. */
  stop(): Promise<void>;
}

/**
 * Every client loops until stopped: a random operation on a random other client's user.
 * `giveUpMs` is how long a client waits for an answer before it counts the request as lost.
 */
export function startLoad(url: string, clients: LoadClient[], giveUpMs = 10_000): RunningLoad {
  const samples: Sample[] = [];
  let running = true;
  const loops = clients.map(async (client, index) => {
    const others = clients.filter((other) => other !== client);
    while (running) {
      samples.push(await send(url, client, index, pick(OPERATIONS), pick(others), giveUpMs));
      // A 503 says when to come back; the test wants every moment of the outage covered, so
      // its clients only pause briefly (as a retrying client with a short cap would).
      const status = samples.at(-1)?.status ?? 0;
      if (status === 0 || status >= 500) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  return {
    samples,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/**
 * The states (following or not) each pair touched may be in afterwards: that of its last
 * acknowledged write (not following before any), and that of each write after it that failed,
 * which may or may not have committed (its answer may be what was lost).
 */
export function allowedEdgeStates(samples: Sample[], clients: LoadClient[]): Map<string, Set<boolean>> {
  const allowed = new Map<string, Set<boolean>>();
  for (const sample of [...samples].sort((a, b) => a.sentAt - b.sentAt)) {
    if (sample.targetId === undefined) continue;
    const pair = `${clients[sample.client]!.id}>${sample.targetId}`;
    const states = allowed.get(pair) ?? new Set([false]);
    const state = sample.operation === "follow";
    if (acknowledged(sample)) allowed.set(pair, new Set([state]));
    // A 4xx refused the write: the pair is as it was.
    else if (sample.status === 0 || sample.status >= 500) allowed.set(pair, states.add(state));
    else allowed.set(pair, states);
  }
  return allowed;
}
