import type { Body, Credential, FuzzCase, PathArg } from "./arbitraries.ts";
import { type Dialect, ROUTES } from "./routes.ts";
import type { World } from "./world.ts";

/** What goes on the wire, plus which fixtures it names, for the report. */
export interface HttpRequest {
  dialect: Dialect;
  method: string;
  /** Path and query, as a request target. */
  target: string;
  headers: [string, string][];
  body: Uint8Array | null;
  rateLimited: boolean;
  /** e.g. `token: fz_user_2 [read_api]`. */
  notes: string[];
}

const utf8 = new TextEncoder();

function segmentOf(arg: PathArg, world: World): string {
  if (arg.kind === "raw") return arg.segment;
  // Root's token (position 0) has no id the fuzzer knows; every other fixture token has one.
  if (arg.kind === "token") return String(world.tokens[1 + (arg.index % (world.tokens.length - 1))]!.id);
  const user = world.users[arg.index % world.users.length]!;
  if (arg.spelling === "id") return String(user.id);
  return encodeURIComponent(arg.spelling === "upper" ? user.username.toUpperCase() : user.username);
}

/** The value of a `Sudo` header: an id or username as typed, so decoded. */
const sudoValue = (arg: PathArg, world: World) => {
  const raw = segmentOf(arg, world);
  try {
    return decodeURIComponent(raw).replace(/[\0\r\n\u0100-\uffff]/g, "?");
  } catch {
    return raw;
  }
};

function bodyBytes(
  body: Body,
  extra: [string, string] | null,
): { bytes: Uint8Array | null; type: string | null } {
  const form = (pairs: [string, string][]) =>
    new URLSearchParams(extra ? [...pairs, extra] : pairs).toString();
  switch (body.kind) {
    case "none":
      return {
        bytes: extra ? utf8.encode(form([])) : null,
        type: extra ? "application/x-www-form-urlencoded" : null,
      };
    case "form":
      return { bytes: utf8.encode(form(body.pairs)), type: body.contentType };
    case "json": {
      // A token sent in a JSON body is one more member of the object, when it is one.
      const text =
        extra && body.text.startsWith("{")
          ? `{${JSON.stringify(extra[0])}:${JSON.stringify(extra[1])},${body.text.slice(1)}`
          : body.text;
      return { bytes: utf8.encode(text), type: body.contentType };
    }
    case "multipart":
    case "text":
      return { bytes: utf8.encode(body.text), type: body.contentType };
    case "huge": {
      const filler = "x".repeat(body.bytes);
      return body.json
        ? { bytes: utf8.encode(JSON.stringify({ name: filler })), type: "application/json" }
        : { bytes: utf8.encode(`name=${filler}`), type: "application/x-www-form-urlencoded" };
    }
  }
}

/** The credential's headers, and a parameter it adds to the query or body. */
function credentialParts(credential: Credential, world: World, username: string) {
  const headers: [string, string][] = [];
  if (credential.kind === "none") return { headers, query: null, body: null, note: "no token" };
  if (credential.kind === "malformed")
    return {
      headers: [["Authorization", credential.header]] as [string, string][],
      query: null,
      body: null,
      note: "malformed Authorization",
    };
  const fixture =
    credential.kind === "fixture" ? world.tokens[credential.index % world.tokens.length]! : null;
  const secret = fixture ? fixture.secret : (credential as { value: string }).value;
  const note = `token ${fixture ? fixture.label : "garbage"} as ${credential.form}`;
  const latin1 = secret.replace(/[^\x20-\xff]/g, "?");
  const basic = (s: string) => `Basic ${Buffer.from(s).toString("base64")}`;
  switch (credential.form) {
    case "PRIVATE-TOKEN":
      return { headers: [["PRIVATE-TOKEN", latin1]] as [string, string][], query: null, body: null, note };
    case "Bearer":
    case "token":
      return {
        headers: [["Authorization", `${credential.form} ${latin1}`]] as [string, string][],
        query: null,
        body: null,
        note,
      };
    case "Basic token:x-oauth-basic":
      return {
        headers: [["Authorization", basic(`${secret}:x-oauth-basic`)]] as [string, string][],
        query: null,
        body: null,
        note,
      };
    case "Basic login:token":
      return {
        headers: [["Authorization", basic(`${username}:${secret}`)]] as [string, string][],
        query: null,
        body: null,
        note,
      };
    case "private_token query":
      return { headers, query: `private_token=${encodeURIComponent(secret)}`, body: null, note };
    case "access_token query":
      return { headers, query: `access_token=${encodeURIComponent(secret)}`, body: null, note };
    case "private_token body":
      return { headers, query: null, body: ["private_token", secret] as [string, string], note };
  }
}

/** The request a case stands for in `world`. */
export function resolve(c: FuzzCase, world: World): HttpRequest {
  const route = ROUTES[c.route]!;
  const method = c.method ?? route.method;
  let i = 0;
  const path = route.mount + route.template.replace(/\{\w+\}/g, () => segmentOf(c.args[i++]!, world));
  const owner =
    c.credential.kind === "fixture"
      ? (world.tokens[c.credential.index % world.tokens.length]?.label.split(" ")[0] ?? "")
      : "fz_user_0";
  const cred = credentialParts(c.credential, world, owner);
  const query = [...c.query, ...(cred.query ? [cred.query] : [])];
  const target = `${path === "" ? "/" : path}${query.length ? `?${query.join("&")}` : ""}`;

  const canHaveBody = method !== "GET" && method !== "HEAD";
  const { bytes, type } = canHaveBody ? bodyBytes(c.body, cred.body) : { bytes: null, type: null };
  const headers: [string, string][] = [...cred.headers, ...c.headers];
  if (c.userAgent) headers.push(["User-Agent", "follow-graph-fuzz/1"]);
  if (type !== null) headers.push(["Content-Type", type]);
  if (bytes !== null) headers.push(["Content-Length", String(bytes.length)]);
  else if (canHaveBody && c.body.kind === "none" && c.body.contentLength)
    headers.push(["Content-Length", "0"]);
  if (c.sudo) headers.push(["Sudo", sudoValue(c.sudo, world)]);
  return {
    dialect: route.dialect,
    method,
    target,
    headers,
    body: bytes,
    rateLimited: c.rateLimited,
    notes: [cred.note, ...(c.rateLimited ? ["GITHUB_RATE_LIMIT=1000000000,1000000000"] : [])],
  };
}
