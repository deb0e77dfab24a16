// The shapes a bulk import hands the core and gets back. They match the follow-graph
// command's GraphTarget contract (apps/follow-graph/src/migration/contracts.ts) member for
// member, so a store target passes its batches straight through.

export interface ImportIdentities {
  github?: { login: string; id?: number };
  gitlab?: { username: string; id?: number };
}

export interface ImportUser {
  login: string;
  name?: string;
  identities?: ImportIdentities;
}

export interface ImportEdge {
  follower: string;
  followee: string;
  /** The follow time; edges without one get times just before now, in batch order. */
  at?: Date;
}

export type ImportMode = "merge" | "overwrite";

/**
 * In overwrite mode, whose lists the batch holds whole: `following` replaces what each owner
 * follows, `followers` who follows each owner. Default: the following of the batch's followers.
 */
export interface ImportReplaces {
  list: "following" | "followers";
  owners: string[];
}

export interface ImportBatch {
  users: ImportUser[];
  edges: ImportEdge[];
  replaces?: ImportReplaces;
}

export interface ImportBatchResult {
  usersCreated: number;
  edgesAdded: number;
  edgesRemoved: number;
  /** Edges left out because one end blocks the other (no edge exists across a block). */
  edgesSkipped?: number;
}

/** An edge as a page of the store's edges shows it, by logins. */
export interface StoredEdge {
  follower: string;
  followee: string;
  at: Date;
}

export interface StoredUser {
  id: number;
  login: string;
  name: string;
  identities: ImportIdentities;
}

/** A page of rows and the opaque cursor of the next one (null after the last). */
export interface KeysetPage<T> {
  rows: T[];
  next: string | null;
}
