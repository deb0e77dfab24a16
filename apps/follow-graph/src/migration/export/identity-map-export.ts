// `export --identity-map FILE`: who each local user is on each forge, as the identities its
// imports recorded, in the CSV that import, plan and apply read back.
import type { GraphTarget } from "../contracts.ts";
import { formatIdentityMap } from "../identity/identity-map.ts";
import { fileSink } from "./sink.ts";

export interface MapExportResult {
  rows: number;
  /** Users with no identity recorded on either forge: a row needs one side, so they have none. */
  unknown: number;
}

/** Writes the map of the users named by login (or every user, a page at a time) to `path`. */
export async function writeIdentityMap(
  target: GraphTarget,
  path: string,
  users?: string[],
): Promise<MapExportResult> {
  const sink = fileSink(path);
  const result: MapExportResult = { rows: 0, unknown: 0 };
  let header = true;
  for await (const page of target.readUsers(users ? { users } : {})) {
    const known = page.filter((user) => user.identities?.github || user.identities?.gitlab);
    result.unknown += page.length - known.length;
    result.rows += known.length;
    const text = formatIdentityMap(known.map((user) => user.identities!));
    // formatIdentityMap heads every text it makes; the file has one header.
    await sink.write(header ? text : text.slice(text.indexOf("\n") + 1));
    header = false;
  }
  if (header) await sink.write(formatIdentityMap([]));
  await sink.close();
  return result;
}
