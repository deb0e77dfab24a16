import { createHash } from "node:crypto";
import type { Core } from "@follow-graph/core";
import { mountOf } from "../mounts.ts";
import { type Control, createControl } from "./control.ts";
import { createFaults, faultResponse } from "./faults.ts";
import { createGate } from "./gate.ts";
import { createJournal, journalPath } from "./journal.ts";
import { presentedToken } from "./presented-token.ts";
import { CONTROL_PREFIX, createControlRoutes } from "./routes.ts";

type Fetch<Rest extends unknown[]> = (request: Request, ...rest: Rest) => Response | Promise<Response>;

const isControlPath = (url: string) => {
  const { pathname } = new URL(url);
  return pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Token digests whose owner the journal remembers; a client inventing tokens cannot grow it further. */
const CALLERS_KEPT = 10_000;

/**
 * The gateway with the emulator's controls around it: `/__follow-graph/` answered by the
 * control API, every other request journaled, open to injected faults, and held back while
 * a reset, restore or fixture load rewrites the graph (see gate.ts).
 */
export function createEmulator<Rest extends unknown[]>(core: Core, inner: Fetch<Rest>) {
  const gate = createGate();
  const journal = createJournal();
  const faults = createFaults();
  // Who each token digest names, so journaling costs a look-up per token rather than per request.
  const callers = new Map<string, Promise<number | null>>();
  const control: Control = createControl({
    core,
    gate,
    journal,
    faults,
    onGraphChanged: () => callers.clear(),
  });
  const routes = createControlRoutes(core, control);

  const callerIdOf = (request: Request): Promise<number | null> => {
    const presented = presentedToken(request);
    if (!presented) return Promise.resolve(null);
    const key = createHash("sha256").update(presented.secret).digest("hex");
    let found = callers.get(key);
    if (!found) {
      if (callers.size >= CALLERS_KEPT) callers.clear();
      found = core.tokens.resolveToken(presented.secret).then(
        (r) => (r.status === "valid" ? r.token.userId : null),
        () => null,
      );
      callers.set(key, found);
    }
    return found;
  };

  async function answer(request: Request, rest: Rest): Promise<Response> {
    const at = new Date().toISOString();
    const started = performance.now();
    const url = new URL(request.url);
    const dialect = ["gitlab", "avatars"].includes(mountOf(request.url)) ? "gitlab" : "github";
    const caller = callerIdOf(request);
    const fault = faults.take(request.method, url.pathname, dialect);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    const response =
      fault?.status !== undefined
        ? faultResponse({ ...fault, status: fault.status }, dialect)
        : await gate.shared(async () => inner(request, ...rest));
    journal.record({
      method: request.method,
      path: journalPath(request.url),
      dialect,
      status: response.status,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      callerId: await caller,
      at,
    });
    return response;
  }

  return {
    control,
    fetch(request: Request, ...rest: Rest): Response | Promise<Response> {
      if (isControlPath(request.url)) return routes.fetch(request);
      return answer(request, rest);
    },
  };
}
