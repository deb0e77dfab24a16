import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";

/** A file, or standard input for `-`, opened for reading; a missing file is named, not thrown later. */
export function openSource(path: string): Readable {
  return path === "-" ? process.stdin : createReadStream(path);
}

/** The lines of a file (or stdin), one at a time with their numbers: memory stays one line. */
export async function* numberedLines(path: string): AsyncIterable<{ text: string; line: number }> {
  const lines = createInterface({ input: openSource(path), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const text of lines) yield { text, line: ++line };
}

/** The name errors give a source: its path, or `stdin`. */
export const sourceName = (path: string) => (path === "-" ? "stdin" : path);
