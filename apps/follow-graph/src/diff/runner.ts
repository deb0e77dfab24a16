// Runs scenarios through columns (dialects of one server, or one dialect on two servers) and
// builds the DiffReport. Each column gets the scenario's start state before its first step,
// so every column starts from the same graph; a failure is recorded in the report, which stays
// whole up to that point, rather than thrown.
import { type ColumnGraph, type DialectKind, githubPlan, gitlabPlan, type Plan } from "./dialect-requests.ts";
import { createNormalizer } from "./normalize.ts";
import { differencesOf, summarize } from "./outcomes.ts";
import type { DiffReport, ReportColumn, ScenarioResult, StepOutcome, StepResult } from "./report-model.ts";
import type { Scenario, Step } from "./scenario.ts";
import {
  controlStartState,
  freshPrefix,
  githubAdminStartState,
  githubSetupGap,
  gitlabAdminStartState,
  type Server,
  SetupError,
  type StartState,
} from "./start-state.ts";
import { normalizeExchange, send, UnreachableError } from "./wire.ts";

export interface ColumnPlan {
  column: ReportColumn;
  server: Server;
  dialect: DialectKind;
  /** GitHub's path prefix: `/api/v3` or `""`. */
  githubBase: string;
  /** How the start state is made: the control API, or the dialect's admin routes. */
  setup: "control" | "admin";
  /** One server speaking both dialects: a change one dialect cannot make goes through the other. */
  bothDialects: boolean;
  /** Columns of one group are compared with each other; conformance compares them strictly. */
  group: string;
}

export interface RunOptions {
  mode: DiffReport["mode"];
  server: string;
  /** ISO time for `generatedAt` (tests pin it). */
  now?: () => string;
}

const NOT_RUN = "not run: an earlier failure stopped this column";

/** The request for a step in a column, or why there is none. */
function planFor(plan: ColumnPlan, step: Step, graph: ColumnGraph): Plan {
  if (plan.dialect === "gitlab") return gitlabPlan(step, graph, plan.bothDialects ? "/api/v3" : undefined);
  return githubPlan(step, graph, plan.githubBase, plan.bothDialects);
}

async function startStateFor(plan: ColumnPlan, scenario: Scenario): Promise<StartState> {
  if (plan.setup === "control") return controlStartState(plan.server, scenario);
  // A server that speaks both dialects is set up through GitLab's, which can set every state.
  if (plan.dialect === "github" && !plan.bothDialects)
    return githubAdminStartState(plan.server, plan.githubBase, scenario, freshPrefix());
  return gitlabAdminStartState(plan.server, scenario, freshPrefix());
}

/** Why GitHub's admin routes cannot set the scenario up, for a column that would need them. */
const setupGap = (plan: ColumnPlan, scenario: Scenario) =>
  plan.setup === "admin" && plan.dialect === "github" && !plan.bothDialects
    ? githubSetupGap(scenario)
    : undefined;

/** One column's outcome for every step of a scenario; `fatal` when the server is gone. */
async function runColumn(
  plan: ColumnPlan,
  scenario: Scenario,
  gap: string | undefined,
): Promise<{ outcomes: StepOutcome[]; error?: string; fatal: boolean }> {
  if (gap) {
    const notApplicable = `cannot be set up through GitHub's admin routes: ${gap}`;
    return { outcomes: scenario.steps.map(() => ({ summary: "n/a", notApplicable })), fatal: false };
  }
  let state: StartState;
  try {
    state = await startStateFor(plan, scenario);
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    const message = `start state: ${error.message}`;
    return {
      outcomes: scenario.steps.map(() => ({ summary: "error", error: message })),
      error: message,
      fatal: error.fatal,
    };
  }
  const normalize = createNormalizer(state.context);
  const outcomes: StepOutcome[] = [];
  for (const step of scenario.steps) {
    const planned = planFor(plan, step, state.graph);
    try {
      if ("request" in planned) {
        const sent = await send(plan.server.origin, planned.request);
        const exchange = normalizeExchange(sent, normalize);
        outcomes.push({ summary: summarize(exchange, step.action, sent.response.empty), exchange });
      } else {
        if (planned.via) await send(plan.server.origin, planned.via);
        outcomes.push({ summary: "n/a", notApplicable: planned.notApplicable });
      }
    } catch (error) {
      if (!(error instanceof UnreachableError)) throw error;
      outcomes.push({ summary: "error", error: error.message });
      while (outcomes.length < scenario.steps.length) outcomes.push({ summary: "error", error: NOT_RUN });
      return { outcomes, error: error.message, fatal: true };
    }
  }
  return { outcomes, fatal: false };
}

/** The report for `scenarios` through `plans`, and whether the run stopped on a failure. */
export async function runScenarios(
  scenarios: Scenario[],
  plans: ColumnPlan[],
  options: RunOptions,
): Promise<{ report: DiffReport; failed: boolean }> {
  const results: ScenarioResult[] = [];
  let failed = false;
  for (const scenario of scenarios) {
    const byColumn: Record<string, StepOutcome[]> = {};
    let error: string | undefined;
    let fatal = false;
    for (const plan of plans) {
      if (fatal) {
        byColumn[plan.column.id] = scenario.steps.map(() => ({ summary: "error", error: NOT_RUN }));
        continue;
      }
      // A scenario one column of a group cannot be set up for is not run in the others either.
      const gap = plans
        .filter((other) => other.group === plan.group)
        .map((other) => setupGap(other, scenario))
        .find(Boolean);
      const column = await runColumn(plan, scenario, gap);
      byColumn[plan.column.id] = column.outcomes;
      if (column.error && !error) error = `${plan.column.label}: ${column.error}`;
      fatal ||= column.fatal;
    }
    results.push(scenarioResult(scenario, plans, byColumn, error));
    if (error) failed = true;
    // A server that is gone or refuses the admin token fails every later scenario the same way.
    if (fatal) break;
  }
  const steps = results.flatMap((scenario) => scenario.steps);
  return {
    report: {
      version: 1,
      mode: options.mode,
      generatedAt: (options.now ?? (() => new Date().toISOString()))(),
      server: options.server,
      columns: plans.map((plan) => plan.column),
      scenarios: results,
      totals: {
        scenarios: results.length,
        steps: steps.length,
        differingSteps: steps.filter((step) => step.differences.length > 0).length,
        failedSteps: steps.filter((step) => Object.values(step.outcomes).some((o) => o.error !== undefined))
          .length,
      },
    },
    failed,
  };
}

function scenarioResult(
  scenario: Scenario,
  plans: ColumnPlan[],
  byColumn: Record<string, StepOutcome[]>,
  error: string | undefined,
): ScenarioResult {
  const groups = [...new Set(plans.map((plan) => plan.group))];
  const strict = (group: string) =>
    plans.filter((p) => p.group === group).length === 2 && group !== "dialects";
  const steps: StepResult[] = scenario.steps.map((step, index) => {
    const outcomes = Object.fromEntries(
      plans.map((plan) => [plan.column.id, byColumn[plan.column.id]![index]!]),
    );
    const differences = groups.flatMap((group) => {
      const inGroup = Object.fromEntries(
        plans
          .filter((plan) => plan.group === group)
          .map((plan) => [plan.column.id, outcomes[plan.column.id]!]),
      );
      const found = differencesOf(inGroup, strict(group));
      return groups.length > 1 ? found.map((d) => ({ ...d, aspect: `${group} ${d.aspect}` })) : found;
    });
    return {
      index,
      action: step.action,
      intent: step.intent,
      reported: step.reported,
      outcomes,
      differences,
    };
  });
  const outcome = Object.fromEntries(
    plans.map((plan) => [
      plan.column.id,
      steps
        .filter((step) => step.reported)
        .map((step) => step.outcomes[plan.column.id]!.summary)
        .join(" / "),
    ]),
  );
  return {
    name: scenario.name,
    title: scenario.title,
    ...(scenario.description ? { description: scenario.description } : {}),
    outcome,
    steps,
    differs: steps.some((step) => step.reported && step.differences.length > 0),
    ...(error ? { error } : {}),
  };
}
