/**
 * The ceiling: a bare hono app on @hono/node-server that answers GET|POST /ceiling/<kind> with
 * the exact status, headers and body bytes the real server gave for that kind of request.
 * Run as its own process: node --import tsx ceiling-server.ts <responses.json>, with PORT set.
 */
import { readFileSync } from "node:fs";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { CapturedResponse } from "./ceiling.ts";

const captured = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as Record<string, CapturedResponse>;
const responses = new Map(
  Object.entries(captured).map(([kind, r]) => [
    kind,
    { status: r.status, headers: r.headers, body: r.body ? Buffer.from(r.body, "base64") : null },
  ]),
);

const app = new Hono();
app.all("/ceiling/:kind", (c) => {
  const response = responses.get(c.req.param("kind"));
  if (!response) return c.notFound();
  return new Response(response.body, { status: response.status, headers: response.headers });
});

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" }, (info) =>
  console.log(`Listening on http://127.0.0.1:${info.port}`),
);
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
