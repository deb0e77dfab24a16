// One HTTP exchange as the diff tool sends and records it, before normalization.

import type { Normalizer } from "./normalize.ts";
import type { Exchange } from "./report-model.ts";

export interface WireRequest {
  method: string;
  /** Path and query from the origin, e.g. `/api/v4/users/7/follow`. */
  path: string;
  headers: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
}

export interface WireExchange {
  request: WireRequest;
  /** `empty`: no body at all, as opposed to a JSON `null`. */
  response: { status: number; headers: Record<string, string>; body: unknown; empty: boolean };
}

/** The response headers clients act on; everything else (Date, Server, Vary…) is left out. */
const KEPT_RESPONSE_HEADERS = [
  "content-type",
  "link",
  "x-total",
  "x-total-pages",
  "x-page",
  "x-per-page",
  "x-next-page",
  "x-prev-page",
  "x-ratelimit-limit",
  "x-ratelimit-remaining",
  "x-ratelimit-used",
  "x-ratelimit-reset",
  "x-ratelimit-resource",
  "retry-after",
  "x-accepted-oauth-scopes",
  "x-oauth-scopes",
  "x-github-media-type",
  "etag",
  "last-modified",
  "location",
];
const KEPT_REQUEST_HEADERS = ["private-token", "authorization", "content-type", "content-length"];

/** A server that did not answer: the step's `error`, the run's exit 1. */
export class UnreachableError extends Error {}

/** Sends one request; a network failure is an UnreachableError naming the server. */
export async function send(origin: string, request: WireRequest): Promise<WireExchange> {
  const isWrite = request.method !== "GET" && request.method !== "HEAD";
  const headers: Record<string, string> = { "user-agent": "follow-graph-diff", ...request.headers };
  let payload: string | undefined;
  if (request.body !== undefined) {
    payload = JSON.stringify(request.body);
    headers["content-type"] = "application/json";
  } else if (isWrite) {
    // api.github.com's front end refuses a write without a length (411), as clients know.
    payload = "";
    headers["content-length"] = "0";
  }
  let response: Response;
  try {
    response = await fetch(`${origin}${request.path}`, {
      method: request.method,
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
      redirect: "manual",
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new UnreachableError(
      `${origin} did not answer ${request.method} ${request.path.split("?")[0]}: ${cause?.code ?? cause?.message ?? String(error)}`,
    );
  }
  const text = await response.text();
  let body: unknown = null;
  if (text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  const kept: Record<string, string> = {};
  for (const name of KEPT_RESPONSE_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return {
    request: { ...request, headers: { ...headers } },
    response: { status: response.status, headers: kept, body, empty: text === "" },
  };
}

/** The exchange as the report shows it. */
export function normalizeExchange(exchange: WireExchange, normalize: Normalizer): Exchange {
  const requestHeaders: Record<string, string> = {};
  for (const name of KEPT_REQUEST_HEADERS) {
    const value = exchange.request.headers[name];
    if (value !== undefined) requestHeaders[name] = normalize.text(value);
  }
  const responseHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(exchange.response.headers))
    responseHeaders[name] = normalize.header(name, value);
  return {
    request: {
      method: exchange.request.method,
      path: normalize.text(exchange.request.path),
      headers: requestHeaders,
      ...(exchange.request.body !== undefined ? { body: normalize.body(exchange.request.body) } : {}),
    },
    response: {
      status: exchange.response.status,
      headers: responseHeaders,
      body: normalize.body(exchange.response.body),
    },
  };
}
