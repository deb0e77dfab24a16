// Which columns stand out in a step or a scenario. A difference only says that the columns'
// values are not all equal; to mark cells, a column counts as differing when its value is not
// the one most columns share (GitLab's 201 against GitHub's two 204s marks GitLab alone). With
// no clear majority (two columns, or every value distinct) every column is marked.
import type { Difference, ScenarioResult, StepResult } from "../report-model.ts";

export function differingColumnsOf(difference: Difference): Set<string> {
  const counts = new Map<string, number>();
  for (const value of Object.values(difference.values)) counts.set(value, (counts.get(value) ?? 0) + 1);
  const ranked = [...counts.values()].sort((a, b) => b - a);
  const top = ranked[0] ?? 0;
  const clearMajority = top > 1 && ranked.filter((count) => count === top).length === 1;
  const marked = new Set<string>();
  for (const [column, value] of Object.entries(difference.values)) {
    if (!clearMajority || counts.get(value) !== top) marked.add(column);
  }
  return marked;
}

export function differingColumnsOfStep(step: StepResult): Set<string> {
  const marked = new Set<string>();
  for (const difference of step.differences) for (const id of differingColumnsOf(difference)) marked.add(id);
  return marked;
}

/** The columns whose summary-matrix cell differs: over the scenario's reported steps. */
export function differingColumnsOfScenario(scenario: ScenarioResult): Set<string> {
  const marked = new Set<string>();
  for (const step of scenario.steps) {
    if (!step.reported) continue;
    for (const id of differingColumnsOfStep(step)) marked.add(id);
  }
  return marked;
}

/** A column whose reported steps failed: its matrix cell shows the failure. */
export function failedColumnsOfScenario(scenario: ScenarioResult): Set<string> {
  const failed = new Set<string>();
  for (const step of scenario.steps) {
    for (const [id, outcome] of Object.entries(step.outcomes))
      if (outcome.error !== undefined) failed.add(id);
  }
  return failed;
}
