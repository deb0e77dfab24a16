/**
 * Lets requests run side by side while nothing rewrites the whole graph, and a rewrite (a
 * reset, a restore, a fixture load) run alone: it waits for the requests in flight to answer,
 * and requests that arrive meanwhile wait for it. A request spanning several statements (look
 * a user up, then write) so never sees the graph change between them, which the tables' lock
 * alone cannot promise; the lock still guards writers outside this process.
 */
export interface Gate {
  /** Runs a request's work once no rewrite runs or waits. */
  shared<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `work` alone, after the requests in flight have answered. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

export function createGate(): Gate {
  let running = 0;
  // Settles when the rewrite running or waiting ends; null while none is.
  let closed: Promise<void> | null = null;
  let drained: (() => void) | null = null;
  return {
    async shared(work) {
      while (closed) await closed;
      running++;
      try {
        return await work();
      } finally {
        running--;
        if (running === 0) drained?.();
      }
    },
    async exclusive(work) {
      while (closed) await closed;
      let open!: () => void;
      closed = new Promise<void>((resolve) => {
        open = resolve;
      });
      try {
        if (running > 0)
          await new Promise<void>((resolve) => {
            drained = resolve;
          });
        drained = null;
        return await work();
      } finally {
        closed = null;
        open();
      }
    },
  };
}
