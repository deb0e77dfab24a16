import { type DestinationStream, type Logger, pino } from "pino";
import { PinoPretty } from "pino-pretty";
import type { LogLevel } from "../env.ts";
import { requestLogFields } from "./request-context.ts";

export type { Logger };

export interface LoggerOptions {
  /** Where the lines go; stdout unless told (tests hand in a stream they read). */
  destination?: DestinationStream;
  /** Human-readable lines instead of JSON (coloured on stdout); the default is whether stdout is a terminal. */
  pretty?: boolean;
}

/**
 * The process's one logger: a JSON object per line (ISO time, level name, message), or
 * pino-pretty's coloured lines on a terminal, both in this thread: pino's transports run in
 * worker threads, which a bundle cannot start. JSON lines are written asynchronously, so a slow
 * reader of stdout never stalls the server (pino flushes what is pending when the process
 * exits); the terminal's lines are written as they come.
 */
export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  const destination = pretty
    ? PinoPretty({
        sync: true,
        colorize: options.destination === undefined,
        translateTime: "SYS:HH:MM:ss.l",
        ignore: "pid,hostname",
        // One line per record, a request's led by what a reader scans for.
        singleLine: true,
        messageFormat: (log, messageKey) =>
          log[messageKey] === "request"
            ? `${log.method} ${log.route} ${log.status} ${log.durationMs} ms`
            : String(log[messageKey]),
        destination: options.destination ?? 1,
      })
    : (options.destination ?? pino.destination({ dest: 1, sync: false }));
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // A line logged while a request is answered (a database error) names its method and route.
      mixin: requestLogFields,
      // Level names read better than numbers in JSON; pino-pretty names them itself.
      ...(pretty ? {} : { formatters: { level: (label: string) => ({ level: label }) } }),
    },
    destination,
  );
}

/** A logger that writes nothing: a server started from code without LOG_LEVEL. */
export const silentLogger = (): Logger => pino({ level: "silent" });
