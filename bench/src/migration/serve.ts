// `follow-graph serve` from source as its own process on a scratch store: the remote forge a
// live import reads, or the running server an import writes to through the control API.
import { fileURLToPath } from "node:url";
import { startChild } from "../processes.ts";
import { repoRoot } from "./timed-bin.ts";

const bin = fileURLToPath(new URL("../../../apps/follow-graph/src/bin.ts", import.meta.url));

export interface Served {
  url: string;
  rootToken: string;
  stop(): Promise<void>;
}

export async function serve(
  label: string,
  storeFlags: string[],
  options: { rootToken: string; env?: Record<string, string> },
): Promise<Served> {
  const child = startChild(
    label,
    process.execPath,
    [
      "--import",
      "tsx",
      bin,
      "serve",
      ...storeFlags,
      "--control",
      "--port",
      "0",
      "--host",
      "127.0.0.1",
      "--root-token",
      options.rootToken,
      "--json",
    ],
    { cwd: repoRoot, env: { ...process.env, LOG_LEVEL: "warn", ...options.env } },
  );
  try {
    const line = await child.waitForLine(/^\{"url":/, 120_000);
    const { url } = JSON.parse(line) as { url: string };
    return { url, rootToken: options.rootToken, stop: () => child.stop() };
  } catch (error) {
    await child.stop();
    throw error;
  }
}
