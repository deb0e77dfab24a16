import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename } from "node:fs/promises";
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

/**
 * A file, written under `<path>.partial` and renamed into place once closed, so the name never
 * holds a half-written export (a failed one leaves the `.partial`). A failure to open surfaces
 * on the first write or on close.
 */
export function fileSink(path: string): Sink {
  const partial = `${path}.partial`;
  const sink = sinkOf(createWriteStream(partial), true);
  return {
    write: sink.write,
    async close() {
      await sink.close();
      await rename(partial, path);
    },
  };
}
