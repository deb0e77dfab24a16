import type { RateWait } from "../forge/rate-wait.ts";
import type { WalkStep } from "./walk.ts";

/** Where progress goes: stderr, with a bar redrawn in place on a terminal. */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

const BAR = 24;

/** The users of a batch, the first few by name. */
const namesOf = (logins: string[]) =>
  logins.length <= 3 ? logins.join(", ") : `${logins.slice(0, 3).join(", ")} and ${logins.length - 3} more`;

function bar(done: number, total: number): string {
  const filled = total === 0 ? BAR : Math.round((done / total) * BAR);
  return `[${"#".repeat(filled)}${"-".repeat(BAR - filled)}]`;
}

/**
 * A terminal sees one bar redrawn (users walked of those known so far, edges added, any wait);
 * a log gets one line per batch written (naming its users) and per wait, so it reads as a record of the run.
 */
export function createWalkProgress(out: ProgressOutput, label: string) {
  let edges = 0;
  let last: WalkStep | undefined;
  let drawn = false;
  const draw = (note: string) => {
    const line = `${label} ${bar(last?.done ?? 0, last?.total ?? 0)} ${last?.done ?? 0}/${last?.total ?? "?"} users · ${edges} edges added${note ? ` · ${note}` : ""}`;
    const width = out.columns ?? 120;
    out.write(`\r${line.length > width - 1 ? `${line.slice(0, width - 2)}…` : line}\x1b[K`);
    drawn = true;
  };
  return {
    step(step: WalkStep) {
      edges += step.edgesAdded;
      last = step;
      if (out.isTTY) draw("");
      else
        out.write(
          `${label}: ${step.done}/${step.total} users, ${namesOf(step.logins)}: ${step.followers} followers, ${step.following} following, ${step.edgesAdded} edges added\n`,
        );
    },
    waiting(wait: RateWait) {
      const note = `waiting ${wait.seconds} s (${wait.reason}, retry ${wait.attempt})`;
      if (out.isTTY) draw(note);
      else out.write(`${label}: ${note}\n`);
    },
    end(summary: string) {
      out.write(`${drawn ? "\r\x1b[K" : ""}${label}: ${summary}\n`);
      drawn = false;
    },
  };
}
