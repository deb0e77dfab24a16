import { type Child, freePort, startChild } from "./processes.ts";

export interface Gateway {
  url: string;
  pid: number;
  listeningSeconds: number;
  firstAnswerSeconds: number;
  /** Undefined while it runs; once it has exited by itself, its exit status and last lines. */
  death(): string | undefined;
  stop(): Promise<void>;
}

/**
 * The environment for the gateway and its CLI: the bench's store and root token, and none of the
 * caller's own settings that would change what is measured (another database, a rate limit).
 */
export function gatewayEnv(storeEnv: Record<string, string>, rootToken: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: "",
    PGLITE_DATA_DIR: "",
    PUBLIC_URL: "",
    GITHUB_RATE_LIMIT: "",
    ...storeEnv,
    ROOT_TOKEN: rootToken,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until GET /api/v4/user answers 200 for root; connection refusals mean "not yet". */
async function firstAnswer(url: string, rootToken: string, child: Child, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`the gateway exited:\n${child.tail()}`);
    try {
      const response = await fetch(`${url}/api/v4/user`, { headers: { "PRIVATE-TOKEN": rootToken } });
      await response.arrayBuffer();
      if (response.status === 200) return;
      if (response.status !== 503) throw new Error(`GET /api/v4/user answered ${response.status}`);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error; // fetch failed: nothing listening yet
    }
    await sleep(10);
  }
  throw new Error(`the gateway did not answer within the time allowed:\n${child.tail()}`);
}

/**
 * The real gateway as its own node process (node on the built bundle, so its pid is the server's and
 * /proc/<pid>/status is its RSS), timed from spawn to "Listening on" and to the first 200.
 */
export async function startGateway(options: {
  repoRoot: string;
  storeEnv: Record<string, string>;
  rootToken: string;
}): Promise<Gateway> {
  const port = await freePort();
  const started = performance.now();
  // The built bundle, as `pnpm start` runs it (main.ts builds it once before the runs).
  const child = startChild("gateway", process.execPath, ["apps/gateway/dist/main.mjs"], {
    cwd: options.repoRoot,
    env: { ...gatewayEnv(options.storeEnv, options.rootToken), PORT: String(port), HOST: "127.0.0.1" },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    const listening = child
      .waitForLine(/Listening on/, 120_000)
      .then(() => (performance.now() - started) / 1000);
    await firstAnswer(url, options.rootToken, child, Date.now() + 120_000);
    const firstAnswerSeconds = (performance.now() - started) / 1000;
    const listeningSeconds = await listening;
    const death = () => {
      const { exitCode, signalCode } = child.process;
      if (exitCode === null && signalCode === null) return undefined;
      return `the gateway exited (${exitCode ?? signalCode}):\n${child.tail()}`;
    };
    return { url, pid: child.pid, listeningSeconds, firstAnswerSeconds, death, stop: () => child.stop() };
  } catch (error) {
    await child.stop();
    throw error;
  }
}
