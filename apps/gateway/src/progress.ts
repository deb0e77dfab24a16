/** Where a long CLI job reports its steps: a stream, and whether a person is watching it. */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

const BAR_WIDTH = 30;
const REDRAW_MS = 200;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Reports `(step, done, total)` updates of a job that announces each step with done = 0 and
 * ends it with done = total. A terminal gets one bar per step, redrawn in place while the
 * step runs; anything else gets one line per finished step, for logs and scripts.
 * `counted` steps show their total.
 */
export function createProgress(label: string, out: ProgressOutput, counted: readonly string[] = []) {
  let current: { step: string; done: number; total: number; started: number } | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  const draw = () => {
    if (!current) return;
    const { step, done, total, started } = current;
    const filled = total > 0 ? Math.round((BAR_WIDTH * done) / total) : BAR_WIDTH;
    const bar = `${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}`;
    const count = counted.includes(step) ? ` ${done}/${total}` : "";
    out.write(`\r${label}: ${step.padEnd(15)} [${bar}]${count} ${seconds(Date.now() - started)}\x1b[K`);
  };

  const finish = () => {
    if (!current) return;
    if (out.isTTY) {
      draw();
      out.write("\n");
    } else {
      const count = counted.includes(current.step) ? ` ${current.total}` : "";
      out.write(`${label}: ${current.step}${count} in ${seconds(Date.now() - current.started)}\n`);
    }
    current = undefined;
    clearInterval(timer);
  };

  return (step: string, done: number, total: number) => {
    if (current?.step !== step) {
      // A step that never reported its end still gets its line.
      finish();
      current = { step, done, total, started: Date.now() };
      if (out.isTTY) {
        timer = setInterval(draw, REDRAW_MS);
        timer.unref();
      }
    }
    current.done = done;
    current.total = total;
    if (done >= total) finish();
    else if (out.isTTY) draw();
  };
}
