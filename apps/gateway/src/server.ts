import type { AddressInfo } from "node:net";
import { bootstrapRoot } from "@follow-graph/core";
import { serve } from "@hono/node-server";
import type { Env } from "./env.ts";
import { createGateway } from "./gateway.ts";
import { openGraph } from "./graph.ts";

export interface RunningServer {
  url: string;
  /** The root token when this start created it; it is never shown again. */
  createdRootToken?: string;
  /** Stops accepting, lets in-flight requests finish, closes the database. */
  stop(): Promise<void>;
}

export async function startServer(env: Env): Promise<RunningServer> {
  const { database, core } = await openGraph(env);
  try {
    const { createdSecret } = await bootstrapRoot(core, env.ROOT_TOKEN);
    const app = createGateway({
      core,
      publicUrl: env.PUBLIC_URL,
      maxBodyBytes: env.MAX_BODY_BYTES,
      ...(env.GITHUB_RATE_LIMIT ? { githubRateLimits: env.GITHUB_RATE_LIMIT } : {}),
    });
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, () => resolve(s));
      s.once("error", reject);
    });
    const { port } = server.address() as AddressInfo;
    const host = env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST;
    return {
      url: `http://${host}:${port}`,
      ...(createdSecret ? { createdRootToken: createdSecret } : {}),
      async stop() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Idle keep-alive sockets would hold close() open forever; busy ones finish first.
          (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        });
        await database.close();
      },
    };
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}
