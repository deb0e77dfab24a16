import { stringify } from "csv-stringify/sync";
import type { ImportedEdge } from "../contracts.ts";
import type { Sink } from "./sink.ts";

export type EdgeFormat = "ndjson" | "csv";

const COLUMNS = ["follower", "followee", "at"];

/** An edge as `import ndjson` reads it back: logins, and the follow time when known. */
const record = (edge: ImportedEdge) => ({
  follower: edge.follower,
  followee: edge.followee,
  ...(edge.at ? { at: edge.at.toISOString() } : {}),
});

/** One page of edges as text: NDJSON lines, or CSV rows. */
function pageText(format: EdgeFormat, edges: ImportedEdge[]): string {
  if (format === "ndjson") return edges.map((edge) => `${JSON.stringify(record(edge))}\n`).join("");
  return stringify(edges.map(record), { columns: COLUMNS });
}

/**
 * Writes every edge the pages hold, a page at a time; `onPage` hears the running count.
 * Resolves to the number written.
 */
export async function writeEdges(
  sink: Sink,
  format: EdgeFormat,
  pages: AsyncIterable<ImportedEdge[]>,
  onPage: (written: number) => void = () => {},
): Promise<number> {
  let written = 0;
  // An empty CSV still has its header, so a reader sees the columns.
  if (format === "csv") await sink.write(stringify([], { header: true, columns: COLUMNS }));
  for await (const edges of pages) {
    if (edges.length === 0) continue;
    await sink.write(pageText(format, edges));
    written += edges.length;
    onPage(written);
  }
  return written;
}
