// The plan as a file: JSON, written whole or not at all, read back checked field by field.
import { readFile, rename, writeFile } from "node:fs/promises";
import * as v from "valibot";
import type { PlanFile } from "./plan-model.ts";
import { sha256 } from "./target-state.ts";

const Outcome = v.strictObject({
  status: v.number(),
  label: v.string(),
  effect: v.picklist(["visible", "hidden", "none", "removed", "refused"]),
});

const PlanFileSchema = v.strictObject({
  version: v.literal(1, "version must be 1"),
  target: v.strictObject({ dialect: v.picklist(["gitlab", "github"]), url: v.string() }),
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  mode: v.picklist(["merge", "overwrite"]),
  items: v.array(
    v.strictObject({
      op: v.picklist(["add", "remove"]),
      follower: v.string(),
      followee: v.string(),
      predicted: Outcome,
    }),
  ),
  placeholders: v.array(v.string()),
  seen: v.record(
    v.string(),
    v.strictObject({
      login: v.string(),
      line: v.number(),
      placeholder: v.boolean(),
      profile: v.string(),
      following: v.array(v.string()),
      followingSha256: v.string(),
    }),
  ),
});

/** A plan file that cannot be used: the message names the file and the field. */
export class PlanFileError extends Error {}

export const planJson = (plan: PlanFile) => `${JSON.stringify(plan, null, 2)}\n`;

/** The plan's identity: a checkpoint belongs to exactly one plan. */
export const planHash = (plan: PlanFile) => sha256(JSON.stringify(plan));

/** Writes to a temporary file and renames it, so a reader never sees half a plan. */
export async function writeFileWhole(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

export async function readPlanFile(path: string): Promise<PlanFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new PlanFileError(
      `cannot read the plan ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PlanFileError(`${path} is not JSON: ${(error as Error).message}`);
  }
  const parsed = v.safeParse(PlanFileSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const field = v.getDotPath(issue) ?? "(the document)";
    throw new PlanFileError(`${path} is not a follow-graph plan: ${field}: ${issue.message}`);
  }
  return parsed.output as PlanFile;
}
