/**
 * `pnpm exec tsx bench/src/queue-load.ts --data <seeded PGLITE_DATA_DIR>`: the gateway on a copy
 * of a seeded embedded store, driven by wrk at 64 connections through four scenarios (an anonymous
 * GitHub followers page, a signed-in GitLab followers page, GitLab follow/unfollow toggles, and
 * GET / that reads no data). Prints, per scenario, wrk's p50/p99/max, the 503s, the server's
 * largest RSS during the run, and how long a brand-new connection waits for GET / while the load
 * runs (what a health check or a new client sees). Figures only: nothing here is asserted.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { castUsers } from "./actors.ts";
import { unwind } from "./cleanup.ts";
import { gatewayEnv } from "./gateway.ts";
import { staticScript, toggleScript, USER_AGENT } from "./lua.ts";
import { freePort, readRssMb, runToEnd, startChild, waitForIdle } from "./processes.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const ROOT_TOKEN = "queue-load-root-token";

const { values } = parseArgs({
  options: {
    data: { type: "string" },
    connections: { type: "string", default: "64" },
    duration: { type: "string", default: "10" },
    only: { type: "string" },
    env: { type: "string", multiple: true, default: [] },
  },
});
if (!values.data) throw new Error("--data <a seeded PGLITE_DATA_DIR> is required");
const connections = Number(values.connections);
const duration = Number(values.duration);
const extraEnv = Object.fromEntries(values.env.map((kv) => kv.split(/=(.*)/s).slice(0, 2)));

interface WrkFigures {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  socketErrors: number;
}

const toMs = (value: string, unit: string) =>
  Number(value) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit] ?? Number.NaN);

/** wrk's human summary: the Latency line (max), the --latency percentiles, the error lines. */
function parseWrk(stdout: string): WrkFigures {
  const duration = (pattern: RegExp) => {
    const m = pattern.exec(stdout);
    return m ? toMs(m[1]!, m[2]!) : Number.NaN;
  };
  const num = (pattern: RegExp) => Number(pattern.exec(stdout)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  return {
    requests: num(/(\d+) requests in/),
    p50Ms: duration(/^\s+50%\s+([\d.]+)(us|ms|s|m)\b/m),
    p99Ms: duration(/^\s+99%\s+([\d.]+)(us|ms|s|m)\b/m),
    maxMs: duration(/^\s+Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s|m)\b/m),
    non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
    socketErrors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  };
}

/** GET / on a connection of its own, timed from connect to the last byte. */
function probeNewConnection(url: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(`${url}/`, { agent: false, headers: { "User-Agent": USER_AGENT } }, (res) => {
      res.resume();
      res.on("end", () => resolve(performance.now() - started));
    });
    req.on("error", () => resolve(Number.NaN));
    req.end();
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : Number.NaN;

async function main() {
  const work = mkdtempSync(join(tmpdir(), "queue-load-"));
  const dataDir = join(work, "pglite");
  cpSync(values.data!, dataDir, { recursive: true });
  // The built bundle, as `pnpm start` runs it: a TypeScript loader alone adds ~80 MB of RSS.
  const built = await runToEnd("build", process.execPath, ["apps/gateway/build.mjs"], {
    cwd: repoRoot,
    env: process.env,
    timeoutMs: 120_000,
  });
  if (built.code !== 0) throw new Error(`the gateway did not build:\n${built.stderr}`);
  const port = await freePort();
  const gateway = startChild("gateway", process.execPath, ["apps/gateway/dist/main.mjs"], {
    cwd: repoRoot,
    env: {
      ...gatewayEnv({ PGLITE_DATA_DIR: dataDir }, ROOT_TOKEN),
      PORT: String(port),
      HOST: "127.0.0.1",
      ...extraEnv,
    },
  });
  try {
    await gateway.waitForLine(/Listening on/, 120_000);
    const url = `http://127.0.0.1:${port}`;
    const seed = JSON.parse(readFileSync(join(values.data!, "..", "seed.json"), "utf8"));
    const cast = await castUsers({
      baseUrl: url,
      rootToken: ROOT_TOKEN,
      seed,
      sets: 1,
      actorsPerSet: 64,
      targets: 200,
    });
    const popular = seed.popular as { id: number; username: string };
    const scenarios = [
      {
        id: "github-anonymous-followers",
        url: `${url}/users/${popular.username}/followers`,
        script: staticScript({ method: "GET", headers: { "User-Agent": USER_AGENT } }),
      },
      {
        id: "gitlab-signed-in-followers",
        url: `${url}/api/v4/users/${popular.id}/followers`,
        script: staticScript({
          method: "GET",
          headers: { "User-Agent": USER_AGENT, "PRIVATE-TOKEN": cast.reader.token },
        }),
      },
      {
        id: "gitlab-follow-toggles",
        url,
        script: toggleScript({
          dialect: "gitlab",
          actors: cast.actorSets[0]!,
          targets: cast.targets,
          threads: 2,
          prefix: "/api/v4",
        }),
      },
      {
        id: "root-no-data",
        url: `${url}/`,
        script: staticScript({ method: "GET", headers: { "User-Agent": USER_AGENT } }),
      },
    ].filter((s) => !values.only || values.only.split(",").includes(s.id));

    console.log(
      `PGlite, ${connections} connections, ${duration} s each${values.env.length ? `, ${values.env.join(" ")}` : ""}`,
    );
    for (const scenario of scenarios) {
      await waitForIdle(gateway.pid);
      const scriptPath = join(work, `${scenario.id}.lua`);
      writeFileSync(scriptPath, scenario.script);
      let rssMb = readRssMb(gateway.pid) ?? 0;
      const probes: number[] = [];
      let running = true;
      const sampler = (async () => {
        while (running) {
          rssMb = Math.max(rssMb, readRssMb(gateway.pid) ?? 0);
          probes.push(await probeNewConnection(url));
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      })();
      const { stdout, stderr, code } = await runToEnd(
        "wrk",
        "wrk",
        [
          "-t2",
          `-c${connections}`,
          `-d${duration}s`,
          "--timeout",
          "60s",
          "--latency",
          "-s",
          scriptPath,
          scenario.url,
        ],
        { cwd: work, env: process.env, timeoutMs: (duration + 90) * 1000 },
      );
      running = false;
      await sampler;
      if (code !== 0) throw new Error(`wrk exited ${code}: ${stderr}${stdout}`);
      const f = parseWrk(stdout);
      const sorted = probes.filter((p) => !Number.isNaN(p)).sort((a, b) => a - b);
      console.log(
        [
          scenario.id.padEnd(28),
          `${Math.round(f.requests / duration)} req/s`,
          `p50 ${f.p50Ms.toFixed(0)} ms`,
          `p99 ${f.p99Ms.toFixed(0)} ms`,
          `max ${f.maxMs.toFixed(0)} ms`,
          `non-2xx/3xx ${f.non2xx}`,
          `socket errors ${f.socketErrors}`,
          `RSS ≤ ${rssMb.toFixed(0)} MB`,
          `new connection GET /: p50 ${percentile(sorted, 50).toFixed(0)} ms, max ${(sorted.at(-1) ?? Number.NaN).toFixed(0)} ms (${sorted.length} probes, ${probes.length - sorted.length} failed)`,
        ].join(" | "),
      );
    }
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${gateway.pid}/status`, "utf8"));
    console.log(`peak RSS of the whole run (VmHWM): ${hwm ? (Number(hwm[1]) / 1024).toFixed(0) : "?"} MB`);
  } finally {
    await gateway.stop();
    rmSync(work, { recursive: true, force: true });
    await unwind();
  }
}

await main();
