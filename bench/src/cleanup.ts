/**
 * Everything the bench must undo — child processes, the database, temporary directories — in
 * one stack, unwound on success, on failure and on Ctrl-C alike. Children run in their own
 * process groups, so a terminal's Ctrl-C reaches only the bench, which then stops them itself.
 */
type Undo = () => Promise<void> | void;

const stack: Array<{ label: string; undo: Undo }> = [];
const groups = new Set<number>();
let unwinding: Promise<void> | undefined;
let interrupted = false;

/** Whether Ctrl-C (or SIGTERM) is stopping the run; what fails after it is only its echo. */
export const isInterrupted = () => interrupted;

/** Registers an undo step; the returned function runs it early and forgets it. */
export function defer(label: string, undo: Undo): () => Promise<void> {
  const entry = { label, undo };
  stack.push(entry);
  return async () => {
    const at = stack.indexOf(entry);
    if (at === -1) return;
    stack.splice(at, 1);
    await entry.undo();
  };
}

/** Remembers a child's process group so that even a hard exit kills it. */
export function trackGroup(pid: number): () => void {
  groups.add(pid);
  return () => groups.delete(pid);
}

export function unwind(): Promise<void> {
  unwinding ??= (async () => {
    while (stack.length) {
      const { label, undo } = stack.pop()!;
      try {
        await undo();
      } catch (error) {
        console.error(`cleanup: ${label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return unwinding;
}

function killGroupsNow() {
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Ctrl-C and SIGTERM unwind, then exit; a plain exit with children left kills them. */
export function installSignalHandlers() {
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      killGroupsNow();
      process.exit(130);
    }
    interrupted = true;
    console.error(`\n${signal}: stopping servers and removing the bench data…`);
    unwind().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);
  process.on("exit", killGroupsNow);
}
