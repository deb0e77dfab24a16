/**
 * wrk scripts. Each ends with a done() that prints one machine-readable `BENCH {…}` line, so
 * nothing depends on the layout of wrk's human summary. Scripts that expect a status outside
 * 2xx/3xx (a 404) or that write count statuses in a response() callback; plain reads do not,
 * because handing every body to Lua would slow wrk down on the same two cores as the server.
 */

export const USER_AGENT = "follow-graph-bench";

/** A Lua string literal; only printable ASCII is kept as is. */
export function luaString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else for (const byte of Buffer.from(ch, "utf8")) out += `\\${byte}`;
  }
  return `${out}"`;
}

const luaTable = (entries: Record<string, string | number>) =>
  `{ ${Object.entries(entries)
    .map(([k, v]) => `[${luaString(k)}] = ${typeof v === "number" ? v : luaString(v)}`)
    .join(", ")} }`;

const REPORTER = `
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function done(summary, latency, requests)
  local unexpected, noops, shed = 0, 0, 0
  for _, t in ipairs(threads) do
    unexpected = unexpected + (t:get("unexpected") or 0)
    noops = noops + (t:get("noops") or 0)
    shed = shed + (t:get("shed") or 0)
  end
  local e = summary.errors
  if not CHECKED then unexpected = e.status end
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"socket_errors":%d,"non_2xx_3xx":%d,"unexpected":%d,"noops":%d,"shed":%d,"timeouts":%d,"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    unexpected, noops, shed, e.timeout, latency:percentile(50), latency:percentile(99)))
end
`;

export interface StaticRequest {
  method: string;
  headers: Record<string, string>;
  /** Statuses that are not errors; undefined means wrk's own rule (any 2xx or 3xx). */
  expect?: number[];
  /** Count 503s apart, as load shed rather than errors (a 200 is then expected unless `expect` says). */
  countShed?: boolean;
}

/** One request repeated as is; wrk builds it once. The URL given to wrk carries the path. */
export function staticScript(request: StaticRequest): string {
  const lines = [`wrk.method = ${luaString(request.method)}`];
  for (const [name, value] of Object.entries(request.headers))
    lines.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`);
  if (request.method !== "GET" && request.method !== "HEAD") lines.push(`wrk.body = ""`);
  const expect = request.expect ?? (request.countShed ? [200] : undefined);
  if (expect) {
    lines.push(
      "CHECKED = true",
      "unexpected = 0",
      "shed = 0",
      `local expected = { ${expect.map((s) => `[${s}] = true`).join(", ")} }`,
      "function response(status, headers, body)",
      request.countShed
        ? "  if status == 503 then shed = shed + 1 elseif not expected[status] then unexpected = unexpected + 1 end"
        : "  if not expected[status] then unexpected = unexpected + 1 end",
      "end",
    );
  }
  return `${lines.join("\n")}\n${REPORTER}`;
}

export interface ToggleGrid {
  dialect: "gitlab" | "github";
  actors: Array<{ token: string }>;
  targets: Array<{ id: number; username: string }>;
  threads: number;
  /** Where the dialect is mounted: "/api/v4" or "/api/v3". */
  prefix: string;
}

/**
 * Follow/unfollow toggles over a grid of actors × targets. Each wrk thread takes every
 * threads-th actor; its request n goes from actor i = n % A to target (n / A + i + offset) % B,
 * following on even sweeps over the grid (sweep = n / (A × B)) and unfollowing on odd ones, so
 * that nearly every request changes the graph (GitLab's 304 — nothing to do — is counted apart,
 * not as an error). Every sweep visits each pair once. The diagonal (+ i, and a different offset
 * per thread) spreads the writes in flight over distinct targets: with target n / A alone, all
 * 64 would update the same target's follower counter at once, and they would measure waiting
 * on that one row lock (half the throughput when tried) rather than writing.
 */
export function toggleScript(grid: ToggleGrid): string {
  const actors = grid.actors.map((a) => luaTable({ token: a.token })).join(",\n  ");
  const targets = grid.targets.map((t) => luaTable({ id: t.id, username: t.username })).join(",\n  ");
  const request =
    grid.dialect === "gitlab"
      ? `
  local headers = { ["Host"] = wrk.headers["Host"], ["User-Agent"] = ${luaString(USER_AGENT)}, ["PRIVATE-TOKEN"] = actor.token }
  local path = ${luaString(`${grid.prefix}/users/`)} .. target.id .. (follow and "/follow" or "/unfollow")
  return wrk.format("POST", path, headers, "")`
      : `
  local headers = { ["Host"] = wrk.headers["Host"], ["User-Agent"] = ${luaString(USER_AGENT)}, ["Authorization"] = "token " .. actor.token }
  local path = ${luaString(`${grid.prefix}/user/following/`)} .. target.username
  return wrk.format(follow and "PUT" or "DELETE", path, headers, "")`;
  const response =
    grid.dialect === "gitlab"
      ? `if status == 304 then noops = noops + 1 elseif status == 503 then shed = shed + 1 elseif status ~= 201 then unexpected = unexpected + 1 end`
      : `if status == 503 then shed = shed + 1 elseif status ~= 204 then unexpected = unexpected + 1 end`;
  return `CHECKED = true
unexpected = 0
noops = 0
shed = 0
local actors = {
  ${actors}
}
local targets = {
  ${targets}
}
local mine, n, offset = {}, 0, 0
function init(args)
  offset = tid * math.floor(#targets / ${grid.threads})
  for i = 1, #actors do
    if (i - 1) % ${grid.threads} == tid then mine[#mine + 1] = actors[i] end
  end
end
function request()
  local a = #mine
  local i = n % a
  local j = (math.floor(n / a) + i + offset) % #targets
  local follow = math.floor(n / (a * #targets)) % 2 == 0
  n = n + 1
  local actor, target = mine[i + 1], targets[j + 1]
${request}
end
function response(status, headers, body)
  ${response}
end
${REPORTER}`;
}
