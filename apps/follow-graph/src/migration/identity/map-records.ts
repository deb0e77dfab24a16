// `import … --identity-map FILE`: every user of the import the map names (by its login, or an
// identity the source gave it, on either side) gets both of the map's sides recorded, so a
// later plan or apply recognizes it on the other forge.
import type { ForgeIdentities, ImportedUser } from "../contracts.ts";
import type { ImportUnit } from "../import-files/units.ts";
import type { IdentityRow } from "./identity-map.ts";

/** Finds a row by a login on either forge, case-insensitively. */
export function rowFinder(rows: IdentityRow[]) {
  const byKey = new Map<string, IdentityRow>();
  for (const row of rows) {
    if (row.github) byKey.set(`github:${row.github.login.toLowerCase()}`, row);
    if (row.gitlab) byKey.set(`gitlab:${row.gitlab.username.toLowerCase()}`, row);
  }
  return (user: ImportedUser): IdentityRow | undefined => {
    const keys = [
      user.identities?.github && `github:${user.identities.github.login.toLowerCase()}`,
      user.identities?.gitlab && `gitlab:${user.identities.gitlab.username.toLowerCase()}`,
      `github:${user.login.toLowerCase()}`,
      `gitlab:${user.login.toLowerCase()}`,
    ];
    for (const key of keys) {
      const found = key ? byKey.get(key) : undefined;
      if (found) return found;
    }
    return undefined;
  };
}

/** The source's identities with the map's sides over them; a side's id the map lacks is the source's. */
export function merged(given: ForgeIdentities | undefined, row: IdentityRow): ForgeIdentities {
  const github = row.github && {
    ...row.github,
    ...(row.github.id === undefined &&
    given?.github?.id !== undefined &&
    given.github.login.toLowerCase() === row.github.login.toLowerCase()
      ? { id: given.github.id }
      : {}),
  };
  const gitlab = row.gitlab && {
    ...row.gitlab,
    ...(row.gitlab.id === undefined &&
    given?.gitlab?.id !== undefined &&
    given.gitlab.username.toLowerCase() === row.gitlab.username.toLowerCase()
      ? { id: given.gitlab.id }
      : {}),
  };
  return { ...given, ...(github ? { github } : {}), ...(gitlab ? { gitlab } : {}) };
}

/**
 * The units with the map applied: each user line the map names gets both sides, and each
 * edge end or list owner it names that the unit has no user line for gets one.
 */
export async function* withIdentityMap(
  units: AsyncIterable<ImportUnit>,
  rows: IdentityRow[],
): AsyncIterable<ImportUnit> {
  const find = rowFinder(rows);
  for await (const unit of units) {
    const named = new Set<string>();
    const users = unit.users.map(({ user, where }) => {
      named.add(user.login.toLowerCase());
      const row = find(user);
      return { user: row ? { ...user, identities: merged(user.identities, row) } : user, where };
    });
    const ends = unit.edges.flatMap(({ edge, where }) => [
      { login: edge.follower, where },
      { login: edge.followee, where },
    ]);
    if (unit.owner) ends.push({ login: unit.owner.login, where: unit.owner.where });
    for (const { login, where } of ends) {
      if (named.has(login.toLowerCase())) continue;
      const row = find({ login });
      if (!row) continue;
      named.add(login.toLowerCase());
      users.push({ user: { login, identities: merged(undefined, row) }, where });
    }
    yield { ...unit, users };
  }
}
