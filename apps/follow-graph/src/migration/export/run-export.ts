import type { Writable } from "node:stream";
import type { GraphTarget, ImportedUser } from "../contracts.ts";
import { exportLists, type ListsOutput } from "./dialect-export.ts";
import { createDialectLists, type DialectEndpoint, type ListDialect } from "./dialect-lists.ts";
import { type EdgeFormat, writeEdges } from "./edge-lines.ts";
import { createProgress, type ProgressOutput } from "./progress.ts";
import { fileSink, type Sink, sinkOf } from "./sink.ts";
import { writeUserLines } from "./user-lines.ts";

export type ExportFormat = EdgeFormat | ListDialect;
export const EXPORT_FORMATS: readonly ExportFormat[] = ["ndjson", "csv", "github", "gitlab"];

/** What `follow-graph export` was asked for, its flags read. */
export interface ExportRequest {
  as: ExportFormat;
  /** Only these users (logins), or everyone. */
  users?: string[];
  /** A file (ndjson, csv) or a directory (github, gitlab), or `-` for stdout. */
  out: string;
}

/** Where the graph is read: its edges and users, and, for the dialects' shapes, their routes. */
export interface ExportSource {
  target: GraphTarget;
  /** The dialects' routes on this graph, signed in as root; closed when the export ends. */
  endpoint(): Promise<DialectEndpoint & { close(): Promise<void> }>;
}

export interface ExportIo {
  stdout: Writable;
  stderr: ProgressOutput;
}

/** A refusal about the graph rather than the command line: one line, exit 1. */
export class ExportRefusal extends Error {}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

/** The users asked for as the graph spells them, or a refusal naming those it lacks. */
async function namedUsers(target: GraphTarget, logins: string[]): Promise<ImportedUser[]> {
  const found = await collect(target.readUsers({ users: logins }));
  const known = new Set(found.map((user) => user.login.toLowerCase()));
  const missing = logins.filter((login) => !known.has(login.toLowerCase()));
  if (missing.length)
    throw new ExportRefusal(
      `no user ${missing.map((login) => `'${login}'`).join(", ")} in ${target.description}`,
    );
  return found;
}

async function countUsers(target: GraphTarget): Promise<number> {
  let count = 0;
  for await (const page of target.readUsers()) count += page.length;
  return count;
}

const pagesOf = <T>(items: T[]): AsyncIterable<T[]> =>
  (async function* () {
    if (items.length) yield items;
  })();

const outputName = (out: string) => (out === "-" ? "stdout" : out);

/**
 * Runs one export and returns its summary line. Edges go as NDJSON (after a line per user, in
 * id order) or CSV in key order; the dialects' shapes are each user's two lists as that
 * dialect's routes answer them, walked by their Link headers, into `followers/<login>.json` and `following/<login>.json` under the
 * directory, or as one NDJSON line per user on stdout. Nothing is held but a page at a time.
 */
export async function runExport(request: ExportRequest, source: ExportSource, io: ExportIo): Promise<string> {
  const { target } = source;
  // Named users are checked before any output exists, so a typo leaves nothing behind.
  const named = request.users && (await namedUsers(target, request.users));
  const toStdout = request.out === "-";
  if (request.as === "ndjson" || request.as === "csv") {
    const progress = createProgress(io.stderr, "export", "edges");
    const sink: Sink = toStdout ? sinkOf(io.stdout, false) : fileSink(request.out);
    // NDJSON heads its edges with the users (CSV has one row shape: edges only).
    if (request.as === "ndjson") await writeUserLines(sink, named ? pagesOf(named) : target.readUsers());
    const edges = target.readEdges(named ? { users: named.map((user) => user.login) } : {});
    const written = await writeEdges(sink, request.as, edges, (done) => progress.update(done));
    await sink.close();
    return finish(progress, `${written} edges as ${request.as} to ${outputName(request.out)}`);
  }
  const total = named ? named.length : await countUsers(target);
  const progress = createProgress(io.stderr, "export", "users", total);
  const endpoint = await source.endpoint();
  try {
    const lists = createDialectLists(request.as, endpoint);
    const output: ListsOutput = toStdout ? { lines: sinkOf(io.stdout, false) } : { dir: request.out };
    const users = named ? pagesOf(named) : target.readUsers();
    const result = await exportLists(lists, users, output, (done) => progress.update(done));
    if ("lines" in output) await output.lines.close();
    const hidden = result.hidden.length
      ? `; ${result.hidden.length} not shown by the ${request.as} dialect: ${result.hidden.join(", ")}`
      : "";
    return finish(
      progress,
      `${result.users} users' followers and following (${result.entries} entries) as ${request.as} to ${outputName(request.out)}${hidden}`,
    );
  } finally {
    await endpoint.close();
  }
}

function finish(progress: ReturnType<typeof createProgress>, summary: string): string {
  progress.end(summary);
  return summary;
}
