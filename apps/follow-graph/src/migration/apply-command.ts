// `follow-graph apply --plan FILE …`: executes a plan on its target through the target's own
// client, resumably, then verifies the target against the plan.
import { UsageError } from "../usage-error.ts";
import { applyPlan } from "./apply/run-apply.ts";
import { isReportedError } from "./plan/command-errors.ts";
import { openForge } from "./plan/open-forge.ts";
import { parseCommandArgs } from "./plan/parse-command-args.ts";
import { readPlanFile } from "./plan/plan-file.ts";
import { readMappedUsers } from "./plan/read-map.ts";
import { FORGE_OPTIONS, FORGE_USAGE, forgeArgs } from "./plan/target-args.ts";
import { LOCAL_GRAPH_OPTIONS } from "./plan-command.ts";

const OPTIONS = {
  ...FORGE_OPTIONS,
  // Accepted so plan's command line works with --plan added; the plan already holds what the
  // local graph wanted, so they are not read.
  ...LOCAL_GRAPH_OPTIONS,
  mode: { type: "string" },
  plan: { type: "string" },
  checkpoint: { type: "string" },
  force: { type: "boolean" },
} as const;

export async function runApply(args: string[]): Promise<number> {
  const values = parseCommandArgs(args, OPTIONS);
  const planPath = values.plan;
  if (!planPath) throw new UsageError("--plan FILE (written by follow-graph plan --out) is required");
  // --to may be left out: the plan names its dialect.
  const plan = await readPlanFile(planPath).catch((error: unknown) => {
    if (isReportedError(error)) return error;
    throw error;
  });
  if (plan instanceof Error) {
    console.error(`follow-graph apply: ${plan.message}`);
    return 1;
  }
  const forge = forgeArgs({ to: plan.target.dialect, ...values });
  if (forge.to !== plan.target.dialect)
    throw new UsageError(`--to ${forge.to} does not match the plan, which is for ${plan.target.dialect}`);
  const checkpointPath = values.checkpoint ?? `${planPath}.checkpoint.json`;
  const say = (line: string) => console.error(`follow-graph apply: ${line}`);
  try {
    const mapped = await readMappedUsers(forge.identityMap, forge.to);
    const target = openForge(forge.to, forge.url, forge.token, {
      maxWaitSeconds: forge.maxWaitSeconds,
      onWait: (seconds, reason) => say(`${reason}; waiting ${seconds} s`),
    });
    try {
      const result = await applyPlan({
        plan,
        target,
        mapped,
        mapSource: forge.identityMap,
        checkpointPath,
        force: values.force === true,
        say,
      });
      if (result.status === "stale") {
        say(`the target changed since planning: ${result.reason}; plan again, or pass --force`);
        return 1;
      }
      if (result.status === "failed") {
        say(
          `${result.reason}; checkpoint kept at ${checkpointPath} (${result.done} of ${plan.items.length} items done): run apply again to resume`,
        );
        return 1;
      }
      for (const difference of result.differences) console.log(`difference: ${difference}`);
      console.log(
        `applied ${result.done} of ${plan.items.length} items (${result.thisRun} in this run); verified ${Object.keys(plan.seen).length} users: ${result.differences.length === 0 ? "no differences" : `${result.differences.length} differences`}`,
      );
      return result.differences.length === 0 ? 0 : 1;
    } finally {
      await target.close();
    }
  } catch (error) {
    if (!isReportedError(error)) throw error;
    console.error(`follow-graph apply: ${error.message}`);
    return 1;
  }
}

export const applyCommand = {
  run: runApply,
  help: () => `usage: follow-graph apply --plan FILE --url URL --token T --identity-map FILE [flags]

Executes a plan on its target (acting as each follower: GitLab Sudo, GitHub Enterprise
impersonation tokens), writing a checkpoint after each item, then verifies the target's lists
and counts against the plan. A plan the target has moved away from is refused.

  --plan FILE                               the plan (follow-graph plan --out FILE)
${FORGE_USAGE}
  --checkpoint FILE                         where progress is kept (default FILE.checkpoint.json);
                                            run apply again with it to resume
  --force                                   apply even if the target changed since planning

plan's other flags (the local graph's, --mode) are accepted and not used: the plan holds
what the local graph wanted.`,
};
