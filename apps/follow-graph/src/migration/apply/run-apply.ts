// apply: refuse a stale plan, create the placeholders, make each item's write as its follower,
// checkpointing after each, then verify. Only the plan's own items are ever written.
import type { MappedUser } from "../plan/mapped-users.ts";
import { PlanFileError, planHash } from "../plan/plan-file.ts";
import type { PlanFile, PlanItem } from "../plan/plan-model.ts";
import type { TargetForge, TargetProfile } from "../plan/target-forge.ts";
import { readBlocks, readTargetState, type TargetState } from "../plan/target-state.ts";
import { TargetError } from "../plan/target-url.ts";
import { readCheckpoint, writeCheckpoint } from "./checkpoint.ts";
import { staleReason } from "./stale-check.ts";
import { verifyDifferences } from "./verify.ts";

export interface ApplyInput {
  plan: PlanFile;
  target: TargetForge;
  mapped: MappedUser[];
  mapSource: string;
  checkpointPath: string;
  force: boolean;
  /** Progress and results, one line each. */
  say: (line: string) => void;
}

export type ApplyResult =
  | { status: "stale"; reason: string }
  | { status: "failed"; reason: string; done: number }
  | { status: "applied"; done: number; thisRun: number; differences: string[] };

/** The mapped users the plan names, in the map's order; a plan user the map lacks is refused. */
function planUsers(plan: PlanFile, mapped: MappedUser[]): MappedUser[] {
  const byLogin = new Map(mapped.map((user) => [user.target.toLowerCase(), user]));
  return Object.entries(plan.seen).map(([login, seen]) => {
    const user = byLogin.get(login);
    if (!user) throw new PlanFileError(`the plan names '${seen.login}', which the identity map does not`);
    return user;
  });
}

/**
 * Whether the item's predicted edge change is on the target already: a run killed after the
 * target answered and before the checkpoint was written made it. Sending it again would be a
 * second write (GitLab's 304 for a follow, a repeated unfollow), so it is recorded instead.
 */
function alreadyThere(item: PlanItem, before: TargetState): boolean {
  const follower = before.get(item.follower.toLowerCase());
  if (!follower?.profile) return false;
  const followee = item.followee.toLowerCase();
  const stored = follower.following.includes(followee) || follower.hiddenFollowing.includes(followee);
  if (item.op === "remove") return item.predicted.effect === "removed" && !stored;
  return (item.predicted.effect === "visible" || item.predicted.effect === "hidden") && stored;
}

const addUsers = (plan: PlanFile) =>
  plan.items.filter((item) => item.op === "add").flatMap((item) => [item.follower, item.followee]);

export async function applyPlan(input: ApplyInput): Promise<ApplyResult> {
  const { plan, target, say } = input;
  if (plan.target.dialect !== target.dialect || plan.target.url !== target.url)
    throw new PlanFileError(
      `the plan is for the ${plan.target.dialect} at ${plan.target.url}, not the ${target.dialect} at ${target.url}`,
    );
  const users = planUsers(plan, input.mapped);
  const checkpoint = await readCheckpoint(input.checkpointPath, planHash(plan));
  await target.checkAdmin();
  const before = await readTargetState(target, users, input.mapSource);
  await readBlocks(target, before, addUsers(plan));
  const stale = staleReason(plan, before, checkpoint, input.mapSource);
  if (stale && !input.force) return { status: "stale", reason: stale };
  if (stale) say(`the target changed since planning (${stale}); going on because of --force`);

  const profiles = new Map<string, TargetProfile>();
  for (const [login, user] of before) if (user.profile) profiles.set(login, user.profile);
  const done = new Set(checkpoint.done.map((entry) => entry.index));
  const madeThisRun = new Set<number>();
  try {
    for (const login of plan.placeholders) {
      const key = login.toLowerCase();
      if (checkpoint.placeholders.some((l) => l.toLowerCase() === key)) continue;
      // A run killed between creating it and checkpointing left it there: adopt it.
      const profile = profiles.get(key) ?? (await target.createPlaceholder(login));
      profiles.set(key, profile);
      checkpoint.placeholders.push(login);
      await writeCheckpoint(input.checkpointPath, checkpoint);
      say(`created placeholder ${login}`);
    }
    for (const [index, item] of plan.items.entries()) {
      if (done.has(index)) continue;
      if (alreadyThere(item, before)) {
        checkpoint.done.push({ index, status: item.predicted.status, found: true });
        await writeCheckpoint(input.checkpointPath, checkpoint);
        say(`${item.op} ${item.follower} → ${item.followee}: already on the target (a stopped run made it)`);
        continue;
      }
      const follower = profiles.get(item.follower.toLowerCase());
      const followee = profiles.get(item.followee.toLowerCase());
      if (!follower || !followee)
        throw new TargetError(`${item.follower} → ${item.followee}: a user is not on the target`);
      const actor = await target.actAs(follower);
      const answer = item.op === "add" ? await actor.follow(followee) : await actor.unfollow(followee);
      checkpoint.done.push({ index, status: answer.status });
      await writeCheckpoint(input.checkpointPath, checkpoint);
      madeThisRun.add(index);
      say(
        `${item.op} ${item.follower} → ${item.followee}: ${answer.status} (predicted ${item.predicted.label})`,
      );
    }
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    return { status: "failed", reason: error.message, done: checkpoint.done.length };
  }

  const after = await readTargetState(target, users, input.mapSource);
  return {
    status: "applied",
    done: checkpoint.done.length,
    thisRun: madeThisRun.size,
    differences: verifyDifferences(plan, before, after, checkpoint, madeThisRun),
  };
}
