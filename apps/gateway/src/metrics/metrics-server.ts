import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { StartupError } from "@follow-graph/core";
import { createAdaptorServer } from "@hono/node-server";
import { type MetricsSource, serveMetrics } from "./metrics-endpoint.ts";

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

const notFound = () =>
  new Response("Not Found\n", { status: 404, headers: { "content-type": "text/plain" } });

/**
 * `/metrics` on a port of its own (METRICS_PORT), so a scraper needs no route through the
 * APIs' port and the APIs' clients never see it. A port that cannot be had is a start-up
 * refusal, exit 2, named in one line. With WORKERS the primary serves it, with every worker's sum.
 */
export async function startMetricsServer(
  source: MetricsSource,
  host: string,
  port: number,
): Promise<MetricsServer> {
  const metrics = serveMetrics(source);
  const server = createAdaptorServer({
    fetch: (request: Request) => metrics(request) ?? notFound(),
    hostname: host,
  }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === "EADDRINUSE"
          ? `METRICS_PORT ${port} is already in use on ${host}: choose another port`
          : error.code === "EACCES"
            ? `METRICS_PORT ${port} may not be listened on by this user on ${host}: choose a port above 1023`
            : `METRICS_PORT ${port} could not be listened on (${error.code ?? error.message})`;
      reject(new StartupError(reason, 2, { cause: error }));
    });
    server.listen(port, host, () => resolve());
  });
  const bracketed = host.includes(":") ? `[${host}]` : host;
  const url = `http://${bracketed}:${(server.address() as AddressInfo).port}/metrics`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
