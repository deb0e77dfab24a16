/**
 * Why a store could not be opened, worded for the person who started the process: one line
 * naming the real cause and what to do. `exitCode` is 2 when the configuration is at fault
 * (a missing database, a held or unusable data directory), 1 when the failure is at run time.
 */
export class StartupError extends Error {
  override readonly name = "StartupError";
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isStartupError = (error: unknown): error is StartupError => error instanceof StartupError;
