import { AsyncLocalStorage } from "node:async_hooks";

/** What a log line written while a request is being answered says of that request. */
export interface RequestContext {
  method: string;
  /** The matched route's pattern, once a dialect has routed the request. */
  route(): string | undefined;
}

const current = new AsyncLocalStorage<RequestContext>();

/** Runs `answer` with `context` as the request in flight, for every line it logs. */
export const withRequestContext = <T>(context: RequestContext, answer: () => T): T =>
  current.run(context, answer);

/**
 * The request in flight as log fields: a database error reported deep in the core names the
 * route it failed in (never the path, which holds ids and names; never the statement).
 */
export function requestLogFields(): { method?: string; route?: string } {
  const context = current.getStore();
  if (!context) return {};
  const route = context.route();
  return route === undefined ? { method: context.method } : { method: context.method, route };
}
