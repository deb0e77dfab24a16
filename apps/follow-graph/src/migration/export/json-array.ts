import type { Sink } from "./sink.ts";

/**
 * Writes the pages as one JSON array without holding more than a page: a file reads back as
 * the whole list `gh api --paginate` or a GitLab client would return. `newlines` puts each
 * element on a line of its own (files); without it the array stays on one line (NDJSON).
 * Resolves to the number of elements written.
 */
export async function writeJsonArray(
  sink: Sink,
  pages: AsyncIterable<unknown[]>,
  { newlines }: { newlines: boolean },
): Promise<number> {
  const gap = newlines ? "\n" : "";
  let count = 0;
  await sink.write("[");
  for await (const page of pages) {
    if (page.length === 0) continue;
    const elements = page.map((item) => JSON.stringify(item)).join(`,${gap}`);
    await sink.write(`${count === 0 ? gap : `,${gap}`}${elements}`);
    count += page.length;
  }
  await sink.write(count === 0 ? "]" : `${gap}]`);
  return count;
}
