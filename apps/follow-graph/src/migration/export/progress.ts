/** Where progress goes: stderr, redrawn in place on a terminal. */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

const EVERY_MS = 1000;

/**
 * Reports `done` (of `total`, when known) at most once a second, so a log is not flooded;
 * a terminal sees one line redrawn. `end(summary)` prints the last line.
 */
export function createProgress(out: ProgressOutput, label: string, noun: string, total?: number) {
  const started = Date.now();
  let shown = started;
  let drawn = false;
  const line = (done: number) => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    return `${label}: ${done}${total === undefined ? "" : `/${total}`} ${noun} (${seconds} s)`;
  };
  return {
    update(done: number) {
      if (Date.now() - shown < EVERY_MS) return;
      shown = Date.now();
      if (out.isTTY) {
        out.write(`\r${line(done)}\x1b[K`);
        drawn = true;
      } else out.write(`${line(done)}\n`);
    },
    end(summary: string) {
      out.write(
        `${drawn ? "\r\x1b[K" : ""}${label}: ${summary} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    },
  };
}
