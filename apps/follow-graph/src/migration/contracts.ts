// The seams between the migration commands, agreed before they were built: where edges go
// (a GraphTarget: a store or a running server) and where they come from on a live forge
// (a Forge, through that forge's published client). Extend these by adding members.

/** The identities a user has on each forge; either side may be unknown. */
export interface ForgeIdentities {
  github?: { login: string; id?: number };
  gitlab?: { username: string; id?: number };
}

/** A user met in a source, named by its login there. */
export interface ImportedUser {
  login: string;
  name?: string;
  /** Where it came from, kept so that exports and plans can map it back. */
  identities?: ForgeIdentities;
}

/** An edge by logins; `at` orders it among the followee's followers (GitHub's list order). */
export interface ImportedEdge {
  follower: string;
  followee: string;
  at?: Date;
}

export type ImportMode = "merge" | "overwrite";

export interface ImportBatchResult {
  usersCreated: number;
  edgesAdded: number;
  edgesRemoved: number;
  /** Edges left out because one end blocks the other (no edge exists across a block). */
  edgesSkipped?: number;
}

/**
 * In overwrite mode, whose lists a batch holds whole: `following` replaces what each owner
 * follows, `followers` who follows each owner (a followers array names its owner, not its
 * edges' followers). Without it, the following of the batch's followers.
 */
export interface ImportReplaces {
  list: "following" | "followers";
  owners: string[];
}

/** A graph the commands write to or read from: a store (PostgreSQL, PGlite) or a running server. */
export interface GraphTarget {
  /** e.g. `PostgreSQL follow_graph on 127.0.0.1:5432` or `the server at http://127.0.0.1:3000`. */
  readonly description: string;
  /**
   * Creates the users not there yet (by login, case-insensitively) and adds the edges, in one
   * transaction; in overwrite mode also removes the edges of the batch's followers that the
   * batch does not hold. Counters are exact afterwards.
   */
  importBatch(
    batch: { users: ImportedUser[]; edges: ImportedEdge[]; replaces?: ImportReplaces },
    mode: ImportMode,
  ): Promise<ImportBatchResult>;
  /**
   * Every edge (or only those touching `users`, by login), in a stable order (keyset cursor),
   * a page at a time with bounded memory.
   */
  readEdges(options?: { users?: string[] }): AsyncIterable<ImportedEdge[]>;
  /** Every user (or those named) with the identities recorded for it. */
  readUsers(options?: { users?: string[] }): AsyncIterable<ImportedUser[]>;
  close(): Promise<void>;
}

/** A user as a live forge shows it. */
export interface ForgeUser {
  id: number;
  login: string;
  name?: string | null;
}

/** A live GitHub or GitLab (or this server playing one), read and written through its client. */
export interface Forge {
  readonly kind: "github" | "gitlab";
  /** The user by login; undefined when the forge says 404. */
  user(login: string): Promise<ForgeUser | undefined>;
  /**
   * Every follower of `login`, in the forge's own list order, page by page. `id`, when the
   * caller knows it (a resumed walk does), spares a forge whose lists go by id a look-up.
   */
  followers(login: string, id?: number): AsyncIterable<ForgeUser[]>;
  /** Every user `login` follows, in the forge's own list order, page by page. */
  following(login: string, id?: number): AsyncIterable<ForgeUser[]>;
}
