import type { ImportedEdge, ImportedUser } from "../contracts.ts";

/** `file:line` of a record, as errors name it; `-` is standard input. */
export type Where = string;

/**
 * What a source file yields: users and edges, each with where it was read, and, when the
 * unit holds one user's list whole (a followers array, a Mastodon CSV, an NDJSON run of one
 * follower's lines), whose list that is: overwrite replaces exactly those lists.
 */
export interface ImportUnit {
  users: { user: ImportedUser; where: Where }[];
  edges: { edge: ImportedEdge; where: Where }[];
  owner?: { list: "following" | "followers"; login: string; where: Where };
}

/** A record the command cannot read: the bin prints `where: message` and exits 1. */
export class ImportFileError extends Error {
  override readonly name = "ImportFileError";
  constructor(
    readonly where: Where,
    readonly problem: string,
  ) {
    super(`${where}: ${problem}`);
  }
}
