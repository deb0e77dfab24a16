import type { Dialect, PlanItem } from "./plan-model.ts";
import { predictGitHub } from "./predict-github.ts";
import { predictGitLab } from "./predict-gitlab.ts";
import type { TargetState } from "./target-state.ts";

/** A write before its prediction. */
export type PlannedWrite = Omit<PlanItem, "predicted">;

export const predict = (dialect: Dialect, writes: PlannedWrite[], state: TargetState): PlanItem[] =>
  dialect === "gitlab" ? predictGitLab(writes, state) : predictGitHub(writes, state);
