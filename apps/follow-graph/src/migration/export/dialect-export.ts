import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { ImportedUser } from "../contracts.ts";
import type { DialectLists, DialectUser, ListDirection } from "./dialect-lists.ts";
import { writeJsonArray } from "./json-array.ts";
import { fileSink, type Sink } from "./sink.ts";

const DIRECTIONS: ListDirection[] = ["followers", "following"];

/** Where the lists go: `followers/<login>.json` and `following/<login>.json` under a directory, or one NDJSON line per user. */
export type ListsOutput = { dir: string } | { lines: Sink };

export interface DialectExportResult {
  /** Users whose lists were written. */
  users: number;
  /** Users the dialect does not show (its list routes answer 404, e.g. a blocked user's). */
  hidden: string[];
  /** List entries written, both directions. */
  entries: number;
}

/**
 * The list's pages, or undefined when the dialect answers 404 for it: its first page is read
 * before anything is written, so a hidden user leaves no file and no line behind.
 */
async function openList(lists: DialectLists, user: DialectUser, direction: ListDirection) {
  const iterator = lists.pages(user, direction)[Symbol.asyncIterator]();
  let first: IteratorResult<unknown[]>;
  try {
    first = await iterator.next();
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
  return (async function* () {
    if (first.done) return;
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  })();
}

/** One user's two lists as one line: `{"user":…,"followers":[…],"following":[…]}`. */
async function writeLine(sink: Sink, login: string, opened: AsyncIterable<unknown[]>[]): Promise<number> {
  let entries = 0;
  await sink.write(`{"user":${JSON.stringify(login)}`);
  for (const [index, direction] of DIRECTIONS.entries()) {
    await sink.write(`,"${direction}":`);
    entries += await writeJsonArray(sink, opened[index]!, { newlines: false });
  }
  await sink.write("}\n");
  return entries;
}

async function writeFiles(dir: string, login: string, opened: AsyncIterable<unknown[]>[]): Promise<number> {
  let entries = 0;
  for (const [index, direction] of DIRECTIONS.entries()) {
    const sink = fileSink(join(dir, direction, `${login}.json`));
    entries += await writeJsonArray(sink, opened[index]!, { newlines: true });
    await sink.write("\n");
    await sink.close();
  }
  return entries;
}

/**
 * Users written to files at once: each list is a round trip or a few, and on PostgreSQL (or a
 * server) four in flight export about three times as fast as one (measured: 6-8 against
 * 19-22 ms a user). NDJSON lines keep the users' order, so they go one user at a time.
 */
const USERS_IN_FLIGHT = 4;

async function* eachUser(pages: AsyncIterable<ImportedUser[]>): AsyncGenerator<ImportedUser> {
  for await (const page of pages) yield* page;
}

/**
 * Writes every user's followers and following exactly as the dialect's list routes answer
 * them, walking each list by its Link headers; `onUser` hears how many users are done.
 */
export async function exportLists(
  lists: DialectLists,
  users: AsyncIterable<ImportedUser[]>,
  output: ListsOutput,
  onUser: (done: number) => void = () => {},
): Promise<DialectExportResult> {
  if ("dir" in output)
    for (const direction of DIRECTIONS) await mkdir(join(output.dir, direction), { recursive: true });
  const result: DialectExportResult = { users: 0, hidden: [], entries: 0 };
  let done = 0;
  let failed = false;

  async function exportUser({ login }: ImportedUser) {
    const user = await lists.user(login);
    const opened =
      user && (await Promise.all(DIRECTIONS.map((direction) => openList(lists, user, direction))));
    if (!user || !opened || opened.some((list) => list === undefined)) result.hidden.push(login);
    else {
      const complete = opened as AsyncIterable<unknown[]>[];
      // Awaited before the sum is read: `result.entries += await …` would read it first and
      // lose the other workers' additions made meanwhile.
      const entries =
        "dir" in output
          ? await writeFiles(output.dir, user.login, complete)
          : await writeLine(output.lines, user.login, complete);
      result.entries += entries;
      result.users++;
    }
    onUser(++done);
  }

  // The workers share one iterator: an async generator queues their calls to next(). After a
  // failure each stops at its next user, and all have stopped before the failure is thrown, so
  // nothing still reads once the caller closes the store.
  const queue = eachUser(users);
  const worker = async () => {
    for (let next = await queue.next(); !next.done && !failed; next = await queue.next())
      await exportUser(next.value).catch((error: unknown) => {
        failed = true;
        throw error;
      });
  };
  const settled = await Promise.allSettled(
    Array.from({ length: "dir" in output ? USERS_IN_FLIGHT : 1 }, worker),
  );
  const failure = settled.find((outcome) => outcome.status === "rejected");
  if (failure) throw failure.reason;
  result.hidden.sort();
  return result;
}
