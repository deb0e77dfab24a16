// The export's progress on stderr: at most a line a second with done of total, redrawn in place
// on a terminal, then the summary with the time taken.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createProgress } from "../src/migration/export/progress.ts";

function output(isTTY: boolean) {
  const written: string[] = [];
  return { out: { isTTY, write: (text: string) => written.push(text) }, written };
}

afterEach(() => vi.useRealTimers());

describe("export progress", () => {
  it("in a log: a line per second at most, done of total, then the summary", () => {
    vi.useFakeTimers({ now: 0 });
    const { out, written } = output(false);
    const progress = createProgress(out, "export", "users", 50);
    progress.update(1);
    vi.setSystemTime(400);
    progress.update(2);
    expect(written).toEqual([]);
    vi.setSystemTime(1_200);
    progress.update(20);
    vi.setSystemTime(1_900);
    progress.update(30);
    vi.setSystemTime(2_500);
    progress.update(45);
    vi.setSystemTime(3_000);
    progress.end("50 users' followers and following");
    expect(written).toEqual([
      "export: 20/50 users (1.2 s)\n",
      "export: 45/50 users (2.5 s)\n",
      "export: 50 users' followers and following in 3.0 s\n",
    ]);
  });

  it("on a terminal: one line redrawn, cleared before the summary; no total when none is known", () => {
    vi.useFakeTimers({ now: 0 });
    const { out, written } = output(true);
    const progress = createProgress(out, "export", "edges");
    vi.setSystemTime(1_000);
    progress.update(5_000);
    vi.setSystemTime(1_500);
    progress.end("9000 edges as ndjson to stdout");
    expect(written).toEqual([
      "\rexport: 5000 edges (1.0 s)\x1b[K",
      "\r\x1b[Kexport: 9000 edges as ndjson to stdout in 1.5 s\n",
    ]);
  });
});
