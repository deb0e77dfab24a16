import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { int, ms } from "./format.ts";
import { call } from "./http.ts";
import { log } from "./log.ts";
import { type StaticRequest, staticScript } from "./lua.ts";
import { type Load, measure } from "./measure.ts";
import { freePort, startChild } from "./processes.ts";
import type { CaptureRequest } from "./scenarios.ts";
import type { CeilingResult, ResponseKind } from "./types.ts";

export interface CapturedResponse {
  status: number;
  headers: Array<[string, string]>;
  /** base64, or null for a bodiless status. */
  body: string | null;
}

/** Headers node's HTTP server writes itself for every response; copying them would duplicate them. */
const HOP_BY_HOP = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length"]);

/** One kind of response to replay, and the request that got it (sent again to the ceiling). */
export interface Replay {
  request: StaticRequest;
  response: CapturedResponse;
}

export type Replays = Partial<Record<ResponseKind, Replay>>;

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

interface Ceiling {
  url(kind: ResponseKind): string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts the bare hono app serving the captured responses. */
async function startCeiling(replays: Replays, workDir: string, repoRoot: string): Promise<Ceiling> {
  const file = join(workDir, "ceiling-responses.json");
  const responses = Object.fromEntries(Object.entries(replays).map(([kind, r]) => [kind, r.response]));
  await writeFile(file, JSON.stringify(responses));
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

/** Each replayed response's ceiling, measured with the same load as the scenarios. */
export async function benchCeilings(
  load: Load,
  replays: Replays,
  repoRoot: string,
): Promise<CeilingResult[]> {
  const ceiling = await startCeiling(replays, load.workDir, repoRoot);
  try {
    const results: CeilingResult[] = [];
    for (const [kind, { request, response }] of Object.entries(replays) as Array<[ResponseKind, Replay]>) {
      const plainRead = request.method === "GET" && response.status >= 200 && response.status < 400;
      const script = staticScript({ ...request, ...(plainRead ? {} : { expect: [response.status] }) });
      const result = await measure(load, {
        name: `ceiling-${kind}`,
        url: ceiling.url(kind),
        script: () => script,
        serverPid: ceiling.pid,
        rss: false,
        warmup: true,
      });
      const bytes = response.body ? Buffer.from(response.body, "base64").length : 0;
      results.push({ ...result, kind, status: response.status, bytes });
      log(
        `ceiling ${kind}: ${int(result.median.requestsPerSecond)} req/s, p99 ${ms(result.median.p99Ms)} ms`,
      );
    }
    return results;
  } finally {
    await ceiling.stop();
  }
}
