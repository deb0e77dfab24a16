// `import github|gitlab --identity-map FILE`: each user the walk meets that the map names on
// the source's side gets the map's other side recorded beside it, as the file import records
// both sides (map-records.ts). A live source is the truth about its own side: the login and id
// it gives stay, and a map row giving that login another id is a bad record (--on-error).
import type { ForgeIdentities, ImportedUser } from "../contracts.ts";
import type { BadRecords } from "../import-files/bad-records.ts";
import type { IdentityRow } from "./identity-map.ts";
import { merged } from "./map-records.ts";

export interface LiveMapOptions {
  rows: IdentityRow[];
  /** The forge walked: rows are found by their login on this side only. */
  kind: "github" | "gitlab";
  /** The map's path, for `file:line` in reports. */
  path: string;
  /** The source as a report names it, e.g. `github at https://api.github.com`. */
  source: string;
  bad: BadRecords;
}

const sideLogin = (identities: ForgeIdentities, kind: "github" | "gitlab") =>
  kind === "github" ? identities.github?.login : identities.gitlab?.username;

/** A function giving each walked user its identities with the map applied. */
export function liveIdentityMapper(options: LiveMapOptions): (user: ImportedUser) => ImportedUser {
  const { kind, bad } = options;
  const byLogin = new Map<string, IdentityRow>();
  for (const row of options.rows) {
    const login = sideLogin(row, kind);
    if (login !== undefined) byLogin.set(login.toLowerCase(), row);
  }
  // A user comes back in every batch whose lists name it: a disagreement is reported once.
  const refused = new Set<string>();
  return (user) => {
    const own = user.identities?.[kind];
    const row = byLogin.get(user.login.toLowerCase());
    if (!row || !own) return user;
    const mapped = row[kind]?.id;
    if (mapped !== undefined && own.id !== undefined && mapped !== own.id) {
      const key = user.login.toLowerCase();
      if (!refused.has(key)) {
        refused.add(key);
        // Throws under --on-error abort; under skip the user keeps the source's identity alone.
        bad.report(
          `${options.path}:${row.line}`,
          `gives ${kind} '${user.login}' the id ${mapped}, but ${options.source} says ${own.id}`,
        );
      }
      return user;
    }
    if (refused.has(user.login.toLowerCase())) return user;
    // The map's spelling of the source's side gives way to the source's own.
    return { ...user, identities: { ...merged(user.identities, row), [kind]: own } };
  };
}
