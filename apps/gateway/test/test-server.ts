import { createScratchDatabase, type ScratchDatabase } from "@follow-graph/core/testing";
import { parseEnv } from "../src/env.ts";
import { type RunningServer, startServer } from "../src/server.ts";

export const ROOT_TOKEN = "root-test-token-0123456789";

export interface TestServer extends RunningServer {
  /** Origin and port only, e.g. http://127.0.0.1:40123, as clients are configured. */
  url: string;
  /** On PostgreSQL: the scratch database, whose reachability a test may switch. */
  scratch?: ScratchDatabase;
}

/**
 * The real gateway on a free loopback port, on in-memory PGlite or, with TEST_DATABASE_URL,
 * on a fresh PostgreSQL database that is dropped when the server stops. `settings` are further
 * environment variables, such as GITHUB_RATE_LIMIT.
 */
export async function startTestServer(settings: Record<string, string> = {}): Promise<TestServer> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const scratch = serverUrl ? await createScratchDatabase(serverUrl) : undefined;
  const parsed = parseEnv({
    PORT: "0",
    HOST: "127.0.0.1",
    ROOT_TOKEN,
    ...(scratch ? { DATABASE_URL: scratch.url } : { PGLITE_DATA_DIR: "memory://" }),
    ...settings,
  });
  let server: RunningServer;
  try {
    if (!parsed.ok) throw new Error(parsed.reason);
    server = await startServer(parsed.env);
  } catch (error) {
    // A start that fails must not leave its scratch database behind on the shared server.
    await scratch?.drop();
    throw error;
  }
  return {
    ...server,
    ...(scratch ? { scratch } : {}),
    async stop() {
      await scratch?.setReachable(true);
      await server.stop();
      await scratch?.drop();
    },
  };
}

/** Creates a user and an `api` token for it through the GitLab admin routes. */
export async function createUserWithToken(baseUrl: string, username: string, scopes = ["api"]) {
  const headers = { "PRIVATE-TOKEN": ROOT_TOKEN, "Content-Type": "application/json" };
  const created = await fetch(`${baseUrl}/api/v4/users`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      username,
      name: username,
      email: `${username}@example.com`,
      password: "long-enough-password",
      skip_confirmation: true,
    }),
  });
  if (created.status !== 201) throw new Error(`create user: ${created.status} ${await created.text()}`);
  const user = (await created.json()) as { id: number; username: string };
  const minted = await fetch(`${baseUrl}/api/v4/users/${user.id}/personal_access_tokens`, {
    method: "POST",
    headers,
    body: JSON.stringify({ name: "test", scopes }),
  });
  if (minted.status !== 201) throw new Error(`create token: ${minted.status} ${await minted.text()}`);
  const { token } = (await minted.json()) as { token: string };
  return { id: user.id, username: user.username, token };
}

export interface GitHubTestUser {
  id: number;
  login: string;
  token: string;
}

/**
 * Creates a user and an impersonation token for it through the GHES admin routes
 * (`POST /api/v3/admin/users`, then `POST /api/v3/admin/users/{login}/authorizations`).
 */
export async function createGitHubUserWithToken(
  baseUrl: string,
  login: string,
  scopes: string[] = ["user"],
): Promise<GitHubTestUser> {
  const headers = { Authorization: `token ${ROOT_TOKEN}`, "Content-Type": "application/json" };
  const created = await fetch(`${baseUrl}/api/v3/admin/users`, {
    method: "POST",
    headers,
    body: JSON.stringify({ login, email: `${login}@example.com` }),
  });
  if (created.status !== 201) throw new Error(`create user: ${created.status} ${await created.text()}`);
  const user = (await created.json()) as { id: number; login: string };
  const minted = await fetch(
    `${baseUrl}/api/v3/admin/users/${encodeURIComponent(user.login)}/authorizations`,
    {
      method: "POST",
      headers,
      body: JSON.stringify({ scopes }),
    },
  );
  if (minted.status !== 201) throw new Error(`create token: ${minted.status} ${await minted.text()}`);
  const { token } = (await minted.json()) as { token: string };
  return { id: user.id, login: user.login, token };
}
