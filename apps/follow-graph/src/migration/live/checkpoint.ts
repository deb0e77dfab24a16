import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import * as v from "valibot";

// What a killed import needs to go on: the users still to walk (the frontier, in walk order)
// and the users walked, both lower-cased logins. Written whole to a temporary file beside it
// and renamed over it after each committed batch, so a kill leaves the last whole one.

const QueuedSchema = v.strictObject({
  login: v.string(),
  id: v.optional(v.number()),
  name: v.optional(v.nullable(v.string())),
  level: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

const CheckpointSchema = v.strictObject({
  version: v.literal(1),
  /** What was imported: a checkpoint of another import is refused rather than mixed in. */
  source: v.strictObject({ kind: v.picklist(["github", "gitlab"]), url: v.string() }),
  users: v.array(v.string()),
  depth: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** The time the import began: follow times are laid out just before it, the same on every resume. */
  startedAt: v.pipe(v.string(), v.isoTimestamp()),
  queue: v.array(QueuedSchema),
  done: v.array(v.string()),
  totals: v.strictObject({ usersCreated: v.number(), edgesAdded: v.number(), edgesSkipped: v.number() }),
});

export type QueuedUser = v.InferOutput<typeof QueuedSchema>;
export type Checkpoint = v.InferOutput<typeof CheckpointSchema>;

/** A checkpoint file that cannot be used: one line, exit 1. */
export class CheckpointError extends Error {}

/** The checkpoint in `path`, or undefined when there is none yet. */
export function readCheckpoint(path: string): Checkpoint | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CheckpointError(`checkpoint ${path} is not JSON: ${(error as Error).message}`);
  }
  const result = v.safeParse(CheckpointSchema, parsed);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue.path?.map((p) => String(p.key)).join(".") ?? "";
    throw new CheckpointError(
      `checkpoint ${path} is not one of follow-graph import's: ${where ? `${where}: ` : ""}${issue.message}`,
    );
  }
  return result.output;
}

/** Replaces the checkpoint in one rename, so a reader sees the old one or the new one, never half. */
export function writeCheckpoint(path: string, checkpoint: Checkpoint): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(checkpoint)}\n`);
  renameSync(temporary, path);
}

/** Why `checkpoint` is not of the import asked for now, or undefined when it is. */
export function mismatch(
  checkpoint: Checkpoint,
  asked: Pick<Checkpoint, "source" | "users" | "depth">,
): string | undefined {
  const same = (a: string[], b: string[]) =>
    a.length === b.length && a.every((login, i) => login.toLowerCase() === b[i]!.toLowerCase());
  if (checkpoint.source.kind !== asked.source.kind || checkpoint.source.url !== asked.source.url)
    return `it is of an import from ${checkpoint.source.kind} at ${checkpoint.source.url}`;
  if (!same(checkpoint.users, asked.users)) return `it is of an import of ${checkpoint.users.join(",")}`;
  if (checkpoint.depth !== asked.depth) return `it is of an import to depth ${checkpoint.depth}`;
  return undefined;
}
