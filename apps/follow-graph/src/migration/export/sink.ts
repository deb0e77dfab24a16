import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";

/** A text output written with backpressure: a write waits while the stream's buffer is full. */
export interface Sink {
  write(text: string): Promise<void>;
  /** Flushes and closes a file; leaves stdout open for whatever else the process prints. */
  close(): Promise<void>;
}

export function sinkOf(stream: Writable, owned: boolean): Sink {
  // A failed write (a full disk, a closed pipe) rejects the next write instead of crashing.
  let failure: Error | undefined;
  stream.on("error", (error) => {
    failure = error;
  });
  return {
    async write(text) {
      if (failure) throw failure;
      if (!stream.write(text)) await Promise.race([once(stream, "drain"), once(stream, "error")]);
      if (failure) throw failure;
    },
    async close() {
      if (failure) throw failure;
      if (!owned) return;
      stream.end();
      await once(stream, "finish");
    },
  };
}

/** A file, created or truncated; its failure to open surfaces on the first write or close. */
export function fileSink(path: string): Sink {
  return sinkOf(createWriteStream(path), true);
}
