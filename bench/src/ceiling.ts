import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { call } from "./http.ts";
import { freePort, startChild } from "./processes.ts";
import type { CaptureRequest } from "./scenarios.ts";
import type { ResponseKind } from "./types.ts";

export interface CapturedResponse {
  status: number;
  headers: Array<[string, string]>;
  /** base64, or null for a bodiless status. */
  body: string | null;
}

/** Headers node's HTTP server writes itself for every response; copying them would duplicate them. */
const HOP_BY_HOP = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length"]);

/** Asks the real server once and keeps its answer's status, headers and bytes. */
export async function capture(what: CaptureRequest): Promise<CapturedResponse> {
  const { method, headers } = what.request;
  const answer = await call(what.url, {
    method,
    headers: method === "GET" ? headers : { ...headers, "Content-Length": "0" },
  });
  await what.after?.();
  const expected = what.request.expect ?? [200];
  if (!expected.includes(answer.status))
    throw new Error(`capture ${method} ${what.url}: expected ${expected.join(" or ")}, got ${answer.status}`);
  const kept: Array<[string, string]> = [];
  answer.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) kept.push([name, value]);
  });
  const bodiless = answer.status === 204 || answer.status === 304;
  return {
    status: answer.status,
    headers: kept,
    body: bodiless ? null : Buffer.from(answer.body).toString("base64"),
  };
}

export interface Ceiling {
  url(kind: ResponseKind): string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts the bare hono app serving the captured responses. */
export async function startCeiling(
  captured: Partial<Record<ResponseKind, CapturedResponse>>,
  workDir: string,
  repoRoot: string,
): Promise<Ceiling> {
  const file = join(workDir, "ceiling-responses.json");
  await writeFile(file, JSON.stringify(captured));
  const port = await freePort();
  const script = fileURLToPath(new URL("./ceiling-server.ts", import.meta.url));
  const child = startChild("ceiling", process.execPath, ["--import", "tsx", script, file], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port) },
  });
  await child.waitForLine(/Listening on/, 60_000);
  return {
    url: (kind) => `http://127.0.0.1:${port}/ceiling/${kind}`,
    pid: child.pid,
    stop: () => child.stop(),
  };
}
