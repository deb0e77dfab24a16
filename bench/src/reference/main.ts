/**
 * The bench's plain reference server: node:http, postgres.js or PGlite, no framework, no ORM.
 * `DATABASE_URL=postgres://… PORT=3100 pnpm exec tsx bench/src/reference/main.ts`, or
 * `PGLITE_DATA_DIR=<a seeded, stopped data dir> …`. Prints "Listening on <url>".
 */
import { createServer } from "node:http";
import { type Db, openPglite, openPostgres } from "./db.ts";
import { githubRoutes } from "./github-routes.ts";
import { gitlabRoutes } from "./gitlab-routes.ts";
import { readRequest, sendJson } from "./http-kit.ts";

function fail(reason: string): never {
  console.error(`reference: ${reason}`);
  process.exit(2);
}

const port = Number(process.env.PORT ?? "3100");
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`PORT must be a port number, not '${process.env.PORT}'`);
const host = process.env.HOST || "127.0.0.1";
const databaseUrl = process.env.DATABASE_URL;
const dataDir = process.env.PGLITE_DATA_DIR;
if (!databaseUrl && !dataDir)
  fail("set DATABASE_URL (PostgreSQL) or PGLITE_DATA_DIR (a seeded PGlite directory)");

const db: Db = databaseUrl ? openPostgres(databaseUrl) : await openPglite(dataDir!);

const server = createServer(async (incoming, res) => {
  const req = readRequest(incoming);
  // Bodies are not read by any route here; drain them so the connection stays usable.
  incoming.resume();
  try {
    const handled = req.path.startsWith("/api/v4/")
      ? await gitlabRoutes(db, req, res)
      : await githubRoutes(db, req, res);
    if (!handled) sendJson(res, 404, { message: "Not Found" });
  } catch (error) {
    if (error instanceof URIError) return sendJson(res, 400, { message: "malformed path" });
    console.error(error);
    if (!res.headersSent) sendJson(res, 500, { message: "internal error" });
    else res.destroy();
  }
});

server.listen(port, host, () => {
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  console.log(`Listening on http://${host}:${bound} (reference, ${databaseUrl ? "PostgreSQL" : "PGlite"})`);
});

const stop = () => {
  server.close();
  server.closeAllConnections();
  db.close().finally(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
