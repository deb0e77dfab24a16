// plan: what the local graph wants among the mapped users, against what the target has.
import type { GraphTarget } from "../contracts.ts";
import { assemblePlan, currentEdges, planWrites } from "./build-plan.ts";
import { desiredEdges } from "./local-graph.ts";
import type { MappedUser } from "./mapped-users.ts";
import type { PlanFile, PlanMode } from "./plan-model.ts";
import { predict } from "./predict.ts";
import type { TargetForge } from "./target-forge.ts";
import { readBlocks, readTargetState } from "./target-state.ts";

export interface PlanInput {
  local: GraphTarget;
  target: TargetForge;
  mapped: MappedUser[];
  mapSource: string;
  mode: PlanMode;
}

export async function makePlan(input: PlanInput): Promise<PlanFile> {
  const { target, mapped } = input;
  await target.checkAdmin();
  const desired = await desiredEdges(input.local, mapped);
  const state = await readTargetState(target, mapped, input.mapSource);
  const writes = planWrites(desired, currentEdges(state), input.mode);
  await readBlocks(
    target,
    state,
    writes.filter((w) => w.op === "add").flatMap((w) => [w.follower, w.followee]),
  );
  return assemblePlan({
    target: { dialect: target.dialect, url: target.url },
    mode: input.mode,
    items: predict(target.dialect, writes, state),
    state,
  });
}
