import type { RunningServer } from "./server.ts";

/** Where the stop lines go: the server's logger, or the console. */
export interface StopLines {
  info(message: string): void;
  error(message: string): void;
}

const CONSOLE: StopLines = { info: (line) => console.log(line), error: (line) => console.error(line) };

/**
 * Stops `server` gracefully on the first SIGTERM or SIGINT and exits: 0 once it has stopped,
 * 1 if stopping fails or takes longer than `timeoutSeconds` plus two (closing the database
 * after the cut-off is bounded too: an orchestrator kills soon after).
 */
export function stopOnSignals(
  server: RunningServer,
  timeoutSeconds: number,
  lines: StopLines = CONSOLE,
): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = performance.now();
    const before = server.requestCounts();
    const inFlight = before.received - before.answered - before.abandoned;
    lines.info(
      `${signal}: refusing new requests, finishing ${inFlight} in flight (at most ${timeoutSeconds} s)`,
    );
    setTimeout(
      () => {
        lines.error(
          `${signal}: not stopped ${timeoutSeconds + 2} s after the signal (closing the database); exiting`,
        );
        process.exit(1);
      },
      (timeoutSeconds + 2) * 1000,
    ).unref();
    server.stop().then(
      () => {
        const { received, answered, cutOff } = server.requestCounts();
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        lines.info(
          `${signal}: stopped in ${seconds} s; ${received} requests received, ${answered} answered, ${cutOff} cut off at the deadline`,
        );
        process.exit(0);
      },
      (error) => {
        lines.error(`Shutdown failed: ${error instanceof Error ? error.message : error}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}
