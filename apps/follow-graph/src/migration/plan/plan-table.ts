// The plan for a reader: one aligned row per item, placeholders first as apply creates them.
import type { PlanFile } from "./plan-model.ts";

function aligned(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd(),
  );
}

export function renderPlanTable(plan: PlanFile): string {
  const adds = plan.items.filter((item) => item.op === "add").length;
  const removes = plan.items.length - adds;
  const lines = [
    `plan for the ${plan.target.dialect === "gitlab" ? "GitLab" : "GitHub Enterprise"} at ${plan.target.url} (${plan.mode}): ${adds} to add, ${removes} to remove, ${plan.placeholders.length} placeholders to create`,
  ];
  const rows = [
    ["OP", "FOLLOWER", "FOLLOWEE", "PREDICTED"],
    ...plan.placeholders.map((login) => ["create", login, "", "created placeholder"]),
    ...plan.items.map((item) => [item.op, item.follower, item.followee, item.predicted.label]),
  ];
  if (rows.length > 1) lines.push("", ...aligned(rows));
  return `${lines.join("\n")}\n`;
}
