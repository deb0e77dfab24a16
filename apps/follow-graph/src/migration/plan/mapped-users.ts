// Who plan and apply migrate: the identity map's rows, each named on the target by the map's
// target side, or by a placeholder when the map knows the person on the other forge only.
import type { ImportedUser } from "../contracts.ts";
import { type IdentityRow, placeholderLogin } from "../identity/identity-map.ts";
import type { Dialect } from "./plan-model.ts";

export interface MappedUser {
  /** The map's line, for messages. */
  line: number;
  /** The login on the target. */
  target: string;
  /** Whether `target` is a placeholder's name (the map has no target side). */
  placeholder: boolean;
  /** The row, to recognize the user in the local graph. */
  row: IdentityRow;
}

const sideName = (row: IdentityRow, side: Dialect) =>
  side === "github" ? row.github?.login : row.gitlab?.username;

export function mappedUsers(rows: IdentityRow[], to: Dialect): MappedUser[] {
  const from: Dialect = to === "github" ? "gitlab" : "github";
  return rows.map((row) => {
    const named = sideName(row, to);
    return named
      ? { line: row.line, target: named, placeholder: false, row }
      : { line: row.line, target: placeholderLogin(from, sideName(row, from)!), placeholder: true, row };
  });
}

/**
 * Finds the mapped user a local user is: by the identities the local graph recorded for it
 * (an import keeps them), else by its login being either side's name in the map.
 */
export function createLocalMatcher(mapped: MappedUser[]) {
  const byKey = new Map<string, MappedUser>();
  for (const user of mapped) {
    if (user.row.github) byKey.set(`github:${user.row.github.login.toLowerCase()}`, user);
    if (user.row.gitlab) byKey.set(`gitlab:${user.row.gitlab.username.toLowerCase()}`, user);
  }
  return (local: ImportedUser): MappedUser | undefined => {
    const keys = [
      local.identities?.github && `github:${local.identities.github.login.toLowerCase()}`,
      local.identities?.gitlab && `gitlab:${local.identities.gitlab.username.toLowerCase()}`,
      `github:${local.login.toLowerCase()}`,
      `gitlab:${local.login.toLowerCase()}`,
    ];
    for (const key of keys) {
      const found = key ? byKey.get(key) : undefined;
      if (found) return found;
    }
    return undefined;
  };
}
