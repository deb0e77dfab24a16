// What an apply has done so far, so a failed or killed one resumes without repeating an item:
// written whole (temporary file, rename) after each placeholder and each item.
import { readFile } from "node:fs/promises";
import * as v from "valibot";
import { PlanFileError, writeFileWhole } from "../plan/plan-file.ts";

const CheckpointSchema = v.strictObject({
  planHash: v.string(),
  placeholders: v.array(v.string()),
  done: v.array(
    v.strictObject({
      index: v.number(),
      status: v.number(),
      /** Not sent: its edge was on the target already, made by a run killed before checkpointing it. */
      found: v.optional(v.literal(true)),
    }),
  ),
});

export type Checkpoint = v.InferOutput<typeof CheckpointSchema>;

/** The checkpoint at `path` for the plan `planHash`; a fresh one when there is none yet. */
export async function readCheckpoint(path: string, planHash: string): Promise<Checkpoint> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { planHash, placeholders: [], done: [] };
    throw new PlanFileError(
      `cannot read the checkpoint ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  let parsed: v.SafeParseResult<typeof CheckpointSchema>;
  try {
    parsed = v.safeParse(CheckpointSchema, JSON.parse(text));
  } catch {
    throw new PlanFileError(`the checkpoint ${path} is not JSON`);
  }
  if (!parsed.success) throw new PlanFileError(`${path} is not an apply checkpoint`);
  if (parsed.output.planHash !== planHash)
    throw new PlanFileError(
      `the checkpoint ${path} belongs to another plan: remove it or name another --checkpoint`,
    );
  return parsed.output;
}

export const writeCheckpoint = (path: string, checkpoint: Checkpoint) =>
  writeFileWhole(path, `${JSON.stringify(checkpoint)}\n`);
