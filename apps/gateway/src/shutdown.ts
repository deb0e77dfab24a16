import type { IncomingMessage, Server, ServerResponse } from "node:http";

export interface RequestCounts {
  /** Requests whose head had arrived, over the server's life. */
  received: number;
  /** Of those, the ones whose answer was written in full. */
  answered: number;
  /** Of those, the ones whose client hung up before its answer. */
  abandoned: number;
  /** Of those, the ones still unanswered at the shutdown deadline, cut off with their connection. */
  cutOff: number;
}

export interface GracefulShutdown {
  counts(): RequestCounts;
  /**
   * Stops accepting, closes idle connections, marks every answer from now on `Connection: close`
   * (so keep-alive clients leave after their current request) and waits for the connections to
   * close; whatever is still open after `timeoutMs` is destroyed.
   */
  drain(timeoutMs: number): Promise<RequestCounts>;
}

/** Counts and closes the connections of a node HTTP server; attach it before it serves anything. */
export function createGracefulShutdown(server: Server): GracefulShutdown {
  const counts: RequestCounts = { received: 0, answered: 0, abandoned: 0, cutOff: 0 };
  const unanswered = new Set<ServerResponse>();
  let draining = false;
  let cutting = false;

  // Prepended: @hono/node-server's listener may write a ready answer synchronously.
  server.prependListener("request", (_request: IncomingMessage, response: ServerResponse) => {
    counts.received++;
    unanswered.add(response);
    if (draining) response.setHeader("Connection", "close");
    response.once("finish", () => {
      counts.answered++;
    });
    response.once("close", () => {
      unanswered.delete(response);
      if (!response.writableFinished && !cutting) counts.abandoned++;
      // An answer whose head went out before the signal said keep-alive; its socket is now idle.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });

  return {
    counts: () => ({ ...counts }),
    async drain(timeoutMs) {
      draining = true;
      for (const response of unanswered) if (!response.headersSent) response.setHeader("Connection", "close");
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // server.close() closes idle keep-alive connections itself since Node 19; said here anyway.
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<"deadline">((resolve) => {
        timer = setTimeout(() => resolve("deadline"), timeoutMs);
      });
      if ((await Promise.race([closed, deadline])) === "deadline") {
        cutting = true;
        counts.cutOff = unanswered.size;
        server.closeAllConnections();
        await closed;
      }
      clearTimeout(timer);
      return { ...counts };
    },
  };
}
