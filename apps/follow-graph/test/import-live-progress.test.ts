// The live import's progress: one bar redrawn in place on a terminal (users walked of those
// known, edges added, a wait in progress), one line per user and per wait in a log.
import { describe, expect, it } from "vitest";
import { createWalkProgress } from "../src/migration/live/walk-progress.ts";

const step = (logins: string[], done: number, total: number, edgesAdded: number) => ({
  logins,
  followers: edgesAdded,
  following: 0,
  usersCreated: 1,
  edgesAdded,
  done,
  total,
});

function capture(isTTY: boolean, columns?: number) {
  let text = "";
  return {
    out: { write: (chunk: string) => (text += chunk), isTTY, ...(columns ? { columns } : {}) },
    text: () => text,
  };
}

describe("live import progress", () => {
  it("on a terminal redraws one bar, the edges added summed, and clears it for the last line", () => {
    const screen = capture(true, 200);
    const progress = createWalkProgress(screen.out, "import github");
    progress.step(step(["alice"], 1, 4, 3));
    progress.waiting({ seconds: 2, reason: "rate limit on GET /users/bob/followers", attempt: 1 });
    progress.step(step(["bob"], 2, 4, 5));
    progress.end("done");
    const frames = screen.text().split("\r").filter(Boolean);
    expect(frames).toEqual([
      "import github [######------------------] 1/4 users · 3 edges added\x1b[K",
      "import github [######------------------] 1/4 users · 3 edges added · waiting 2 s (rate limit on GET /users/bob/followers, retry 1)\x1b[K",
      "import github [############------------] 2/4 users · 8 edges added\x1b[K",
      "\x1b[Kimport github: done\n",
    ]);
  });

  it("cuts the bar to the terminal's width rather than wrapping it", () => {
    const screen = capture(true, 40);
    createWalkProgress(screen.out, "import gitlab").step(step(["alice"], 1, 2, 1));
    const frame = screen.text().replace("\r", "").replace("\x1b[K", "");
    expect(frame).toHaveLength(39);
    expect(frame.endsWith("…")).toBe(true);
  });

  it("in a log writes a line per batch (its users named, the first three) and per wait, and no control characters", () => {
    const log = capture(false);
    const progress = createWalkProgress(log.out, "import gitlab");
    progress.step(step(["alice"], 1, 6, 3));
    progress.step(step(["bob", "carol", "dave", "erin"], 5, 6, 4));
    progress.waiting({ seconds: 1, reason: "429 on GET /api/v4/users/2/followers", attempt: 2 });
    progress.end("2 users walked");
    expect(log.text()).toBe(
      "import gitlab: 1/6 users, alice: 3 followers, 0 following, 3 edges added\n" +
        "import gitlab: 5/6 users, bob, carol, dave and 1 more: 4 followers, 0 following, 4 edges added\n" +
        "import gitlab: waiting 1 s (429 on GET /api/v4/users/2/followers, retry 2)\n" +
        "import gitlab: 2 users walked\n",
    );
  });
});
