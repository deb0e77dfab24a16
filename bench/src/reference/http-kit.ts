import type { IncomingMessage, ServerResponse } from "node:http";

/** What a route handler gets: the request's pieces, already split. */
export interface Request {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  /** Scheme, host and port as the client addressed us, for the URLs in bodies and links. */
  origin: string;
}

export type Headers = Record<string, string>;

export function readRequest(req: IncomingMessage): Request {
  const url = new URL(req.url ?? "/", "http://localhost");
  return {
    method: req.method ?? "GET",
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    origin: `http://${req.headers.host ?? "localhost"}`,
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Headers = {}) {
  res.writeHead(status, headers);
  res.end();
}

/** A positive whole number from the query string, `fallback` when absent, null when malformed. */
export function wholeParam(query: URLSearchParams, name: string, fallback: number): number | null {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) return null;
  return Number(raw);
}

/** `url` with these query parameters set, the others kept. */
export function withParams(
  base: string,
  query: URLSearchParams,
  set: Record<string, string | number | null>,
) {
  const params = new URLSearchParams(query);
  for (const [name, value] of Object.entries(set))
    if (value === null) params.delete(name);
    else params.set(name, String(value));
  return `${base}?${params}`;
}

/** A Link header from the relations that have a URL. */
export const linkHeader = (links: Record<string, string | undefined>) =>
  Object.entries(links)
    .filter(([, url]) => url !== undefined)
    .map(([rel, url]) => `<${url}>; rel="${rel}"`)
    .join(", ");
