import type { ImportedUser } from "../contracts.ts";
import type { Sink } from "./sink.ts";

// The users at the head of an NDJSON export, one `{"login","name"?,"identities"?}` line each in
// the graph's id order, before any edge names them: `import ndjson` creates users in the order
// a file first names them, so a graph imported from the export gets its users in the same
// order (edges, listed by id, then come out in the same order again), keeps their names and
// forge identities, and keeps the users without edges.

/** A user as `import ndjson` reads it back; a name that is only the login is left out (import's default). */
function userLine(user: ImportedUser): string {
  const identities = user.identities;
  const known = identities && (identities.github || identities.gitlab);
  return `${JSON.stringify({
    login: user.login,
    ...(user.name && user.name !== user.login ? { name: user.name } : {}),
    ...(known
      ? {
          identities: {
            ...(identities.github ? { github: identities.github } : {}),
            ...(identities.gitlab ? { gitlab: identities.gitlab } : {}),
          },
        }
      : {}),
  })}\n`;
}

/** Writes a line for every user the pages hold, a page at a time; resolves to how many. */
export async function writeUserLines(sink: Sink, pages: AsyncIterable<ImportedUser[]>): Promise<number> {
  let written = 0;
  for await (const users of pages) {
    if (users.length === 0) continue;
    await sink.write(users.map(userLine).join(""));
    written += users.length;
  }
  return written;
}
