import type { PGlite, Transaction } from "@electric-sql/pglite";

/** Resolves from a macrotask, so that the event loop polls (accepts, reads, writes) first. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * PGlite runs every statement synchronously in WebAssembly on the event loop's thread, and its
 * mutex hands the store from one waiting statement to the next inside a single microtask drain.
 * With statements queued, the loop then spends whole seconds between two polls, and libuv
 * accepts one new connection per poll: at 64 connections a new client's first request waited
 * 9–14 s even on a route that reads nothing, and the ramp-up of every load made the p99.
 *
 * This client runs the statements (and transactions) given to it one at a time, first come
 * first served, each started from its own macrotask: between two statements the loop polls
 * once, so a store that runs one statement at a time no longer holds up everything else.
 * Statements inside a transaction also wait for the next turn, but never behind other work:
 * the transaction holds the store until it ends. `pending()` is how many are waiting or running.
 */
export function withEventLoopTurns(client: PGlite): PGlite & { pending(): number } {
  const waiting: Array<() => void> = [];
  let running = false;

  const startNext = () => {
    const next = waiting.shift();
    if (next) setImmediate(next);
    else running = false;
  };

  function inTurn<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      waiting.push(() => {
        work().then(
          (value) => {
            startNext();
            resolve(value);
          },
          (error: unknown) => {
            startNext();
            reject(error);
          },
        );
      });
      if (!running) {
        running = true;
        startNext();
      }
    });
  }

  // Inside a transaction the store is already ours; a turn only lets the loop poll.
  const turnTaking = (tx: Transaction): Transaction =>
    new Proxy(tx, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (property !== "query" && property !== "exec" && property !== "sql") return value;
        return async (...args: unknown[]) => {
          await nextTurn();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });

  const overrides: Record<string, unknown> = {
    query: (...args: Parameters<PGlite["query"]>) => inTurn(() => client.query(...args)),
    exec: (...args: Parameters<PGlite["exec"]>) => inTurn(() => client.exec(...args)),
    sql: (...args: Parameters<PGlite["sql"]>) => inTurn(() => client.sql(...args)),
    transaction: <T>(callback: (tx: Transaction) => Promise<T>) =>
      inTurn(() => client.transaction((tx) => callback(turnTaking(tx)))),
    pending: () => waiting.length + (running ? 1 : 0),
  };

  return new Proxy(client, {
    get(target, property) {
      if (typeof property === "string" && property in overrides) return overrides[property];
      const value = Reflect.get(target, property, target);
      // PGlite's methods use private fields, which exist on the instance, not on this proxy.
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as PGlite & { pending(): number };
}
