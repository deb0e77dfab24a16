import { parse } from "csv-parse";
import { openSource, sourceName } from "./source-lines.ts";
import { ImportFileError, type ImportUnit } from "./units.ts";

/** `alice@example.social` (or `@alice@…`, or a local `alice`): the account and its server. */
const ADDRESS = /^@?([^@\s]+)(?:@([^@\s]+))?$/;

/**
 * The login an account gets here: its username alone, or with `keepDomain` its username and
 * server joined by a dot (`alice.example.social`), for graphs that span servers.
 */
function loginOf(address: string, keepDomain: boolean): string | undefined {
  const match = ADDRESS.exec(address);
  if (!match) return undefined;
  return keepDomain && match[2] ? `${match[1]}.${match[2]}` : match[1];
}

/**
 * `import mastodon`: Mastodon's follows export (Preferences › Import and export › Follows,
 * `following_accounts.csv`: `Account address,Show boosts,…`, or one address a line in older
 * exports) lists whom `user` follows. The file is one unit, `user`'s following whole, in
 * file order (follow times 1 ms apart ending now keep it).
 */
export async function* readMastodon(
  path: string,
  user: string,
  keepDomain: boolean,
): AsyncIterable<ImportUnit> {
  const name = sourceName(path);
  const parser = openSource(path).pipe(
    parse({ info: true, relax_column_count: true, skip_empty_lines: true, trim: true }),
  );
  const followees: { login: string; where: string }[] = [];
  try {
    for await (const { info, record } of parser as AsyncIterable<{
      info: { lines: number };
      record: string[];
    }>) {
      const where = `${name}:${info.lines}`;
      const address = record[0] ?? "";
      if (info.lines === 1 && /^account address$/i.test(address)) continue;
      const login = loginOf(address, keepDomain);
      if (login === undefined)
        throw new ImportFileError(where, `'${address}' is not an account address (user@server)`);
      followees.push({ login, where });
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const e = error as NodeJS.ErrnoException & { lines?: number };
    if (e.code === "ENOENT" || e.code === "EACCES" || e.code === "EISDIR")
      throw new ImportFileError(name, `cannot be read (${e.code})`);
    throw new ImportFileError(
      `${name}${e.lines ? `:${e.lines}` : ""}`,
      (e.message ?? String(error)).split("\n")[0]!,
    );
  }
  const now = Date.now();
  yield {
    owner: { list: "following", login: user, where: name },
    users: [],
    edges: followees.map(({ login, where }, i) => ({
      edge: { follower: user, followee: login, at: new Date(now - (followees.length - 1 - i)) },
      where,
    })),
  };
}
