import cluster from "node:cluster";
import type { ReadRouting } from "@follow-graph/core";

// Under WORKERS a caller's next connection may reach another worker than the one it wrote
// through: the workers tell each other of every replica pin, through the primary. The primary
// hands new connections to a worker over the same IPC channel it relays pins on, so a caller
// that opens a connection after its write's answer reaches a worker that already has the pin;
// a connection opened before may be a moment ahead of it.

const KIND = "follow-graph:replica-pin";

interface PinMessage {
  kind: typeof KIND;
  key: string;
  lsn: string | null;
}

const isPin = (message: unknown): message is PinMessage =>
  typeof message === "object" && message !== null && (message as { kind?: unknown }).kind === KIND;

/** In a worker: tells the primary of each pin made here, and takes those of the others. */
export function shareWorkerPins(reads: ReadRouting): void {
  if (!cluster.isWorker) return;
  reads.onPin((key, lsn) => process.send?.({ kind: KIND, key, lsn } satisfies PinMessage));
  process.on("message", (message: unknown) => {
    if (isPin(message)) reads.pin(message.key, message.lsn);
  });
}

/** In the primary: passes each worker's pins on to every other worker. */
export function relayWorkerPins(): void {
  cluster.on("message", (from, message: unknown) => {
    if (!isPin(message)) return;
    for (const worker of Object.values(cluster.workers ?? {}))
      if (worker && worker !== from && worker.isConnected()) worker.send(message);
  });
}
