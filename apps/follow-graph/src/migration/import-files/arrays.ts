import { readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { ImportedUser } from "../contracts.ts";
import { arrayElements } from "./json-values.ts";
import { ImportFileError, type ImportUnit } from "./units.ts";

export type ListKind = "followers" | "following";

/**
 * The user a list file belongs to: its name without `.json` (`followers/alice.json` is
 * alice's), as `export --as github|gitlab` writes them and as one saves `gh api` output.
 */
export const ownerOfFile = (path: string) => basename(path).replace(/\.json$/i, "");

/** The list a file holds when no --list says: its folder's name if that is one, else followers. */
export const listOfFile = (path: string): ListKind => {
  const folder = basename(dirname(path));
  return folder === "following" ? "following" : "followers";
};

/**
 * An entry of a list as either forge answers it: GitHub's simple-user (`login`, `id`) or
 * GitLab's UserBasic (`username`, `id`, `name`); either way its id and login are kept.
 */
function userOfEntry(entry: unknown, fail: (problem: string) => never): ImportedUser {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry))
    return fail("is not a user object");
  const e = entry as Record<string, unknown>;
  const id = typeof e.id === "number" && Number.isSafeInteger(e.id) && e.id > 0 ? e.id : undefined;
  if (e.id !== undefined && id === undefined) fail("has an id that is not a positive whole number");
  if (typeof e.login === "string" && e.login !== "")
    return { login: e.login, identities: { github: { login: e.login, ...(id ? { id } : {}) } } };
  if (typeof e.username === "string" && e.username !== "")
    return {
      login: e.username,
      ...(typeof e.name === "string" && e.name !== "" ? { name: e.name } : {}),
      identities: { gitlab: { username: e.username, ...(id ? { id } : {}) } },
    };
  return fail("has neither a login (GitHub) nor a username (GitLab)");
}

/**
 * `import arrays`: each file is one user's followers (or following), as `gh api --paginate
 * users/X/followers` (pages of arrays back to back, or `--slurp`'s array of pages) or GitLab's
 * `GET /users/:id/followers` answers it. One file is one unit, the owner's list whole; the
 * list's order becomes follow times that sort the same way.
 */
export async function* readArrays(paths: string[], list: ListKind | undefined): AsyncIterable<ImportUnit> {
  for (const path of paths) {
    const owner = ownerOfFile(path);
    const kind = list ?? listOfFile(path);
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      throw new ImportFileError(
        path,
        `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
    const entries: { user: ImportedUser; where: string }[] = [];
    for (const { value, line } of arrayElements(text, (at, problem) => {
      throw new ImportFileError(`${path}:${at}`, problem);
    })) {
      const fail = (problem: string): never => {
        throw new ImportFileError(`${path}:${line}`, `entry ${entries.length + 1} ${problem}`);
      };
      // `gh api --paginate --slurp` wraps the pages in one more array.
      for (const entry of Array.isArray(value) ? value : [value])
        entries.push({ user: userOfEntry(entry, fail), where: `${path}:${line}` });
    }
    yield listUnit(owner, kind, entries, path);
  }
}

/**
 * The unit of one list. GitHub serves its lists in follow-time order, oldest first, and has
 * no times of its own to give: the entries get times 1 ms apart ending now, in file order, so
 * GitHub's list order here is the source's. (GitLab's lists are in id order; its order is
 * kept the same way.)
 */
function listUnit(
  owner: string,
  list: ListKind,
  entries: { user: ImportedUser; where: string }[],
  path: string,
): ImportUnit {
  const now = Date.now();
  return {
    owner: { list, login: owner, where: path },
    users: entries,
    edges: entries.map(({ user, where }, i) => ({
      edge: {
        follower: list === "followers" ? user.login : owner,
        followee: list === "followers" ? owner : user.login,
        at: new Date(now - (entries.length - 1 - i)),
      },
      where,
    })),
  };
}
