// `follow-graph plan --to gitlab|github …`: the edges to add and remove on a live forge, with
// the target's predicted answer to each, as a table or JSON.
import { UsageError } from "../usage-error.ts";
import { openTarget, TARGET_OPTIONS, targetFlags } from "./open-target.ts";
import { isReportedError } from "./plan/command-errors.ts";
import { openForge } from "./plan/open-forge.ts";
import { parseCommandArgs } from "./plan/parse-command-args.ts";
import { planJson, writeFileWhole } from "./plan/plan-file.ts";
import { renderPlanTable } from "./plan/plan-table.ts";
import { readMappedUsers } from "./plan/read-map.ts";
import { makePlan } from "./plan/run-plan.ts";
import { FORGE_OPTIONS, FORGE_USAGE, forgeArgs } from "./plan/target-args.ts";

// The target is --url here, so a running local server is --from-url and --from-root-token.
const { url: _url, "root-token": _rootToken, ...STORE_OPTIONS } = TARGET_OPTIONS;

/** The local graph's flags; apply takes them too, so one command line serves both. */
export const LOCAL_GRAPH_OPTIONS = {
  ...STORE_OPTIONS,
  "from-url": { type: "string" },
  "from-root-token": { type: "string" },
} as const;

const OPTIONS = {
  ...FORGE_OPTIONS,
  ...LOCAL_GRAPH_OPTIONS,
  mode: { type: "string" },
  out: { type: "string" },
  format: { type: "string" },
} as const;

export const LOCAL_GRAPH_USAGE = `the local graph (default: the store serve keeps in ./.follow-graph/pglite):
  --database-url URL                        a PostgreSQL store
  --data-dir DIR                            an embedded PGlite store
  --memory                                  a throw-away in-memory store (an empty graph)
  --from-url URL --from-root-token T        a running local server, through its control API`;

export async function runPlan(args: string[]): Promise<number> {
  const values = parseCommandArgs(args, OPTIONS);
  const forge = forgeArgs(values);
  const mode = values.mode ?? "merge";
  if (mode !== "merge" && mode !== "overwrite")
    throw new UsageError(`--mode must be merge or overwrite, not '${mode}'`);
  const format = values.format ?? "table";
  if (format !== "table" && format !== "json")
    throw new UsageError(`--format must be table or json, not '${format}'`);
  try {
    const mapped = await readMappedUsers(forge.identityMap, forge.to);
    const target = openForge(forge.to, forge.url, forge.token, {
      maxWaitSeconds: forge.maxWaitSeconds,
      onWait: (seconds, reason) => console.error(`follow-graph plan: ${reason}; waiting ${seconds} s`),
    });
    const local = await openTarget(
      { ...targetFlags(values), url: values["from-url"], rootToken: values["from-root-token"] },
      { holder: "follow-graph plan" },
    );
    try {
      const plan = await makePlan({ local, target, mapped, mapSource: forge.identityMap, mode });
      if (values.out) await writeFileWhole(values.out, planJson(plan));
      process.stdout.write(format === "json" ? planJson(plan) : renderPlanTable(plan));
      return 0;
    } finally {
      await target.close();
      await local.close();
    }
  } catch (error) {
    if (!isReportedError(error)) throw error;
    console.error(`follow-graph plan: ${error.message}`);
    return 1;
  }
}

export const planCommand = {
  run: runPlan,
  help: () => `usage: follow-graph plan --to gitlab|github --url URL --token T --identity-map FILE [flags]

Compares the local graph with the target's among the mapped users and prints the edges to
add and to remove, each with the target's predicted answer.

${FORGE_USAGE}
  --mode merge|overwrite                    merge (default) only adds; overwrite also removes
                                            the target's edges the local graph lacks
  --out FILE                                also write the plan as JSON (apply reads it)
  --format table|json                       what stdout shows (default table)

${LOCAL_GRAPH_USAGE}`,
};
