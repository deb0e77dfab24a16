// `follow-graph import|export|plan|apply`: each command lives in its own file.
export { applyCommand } from "./apply-command.ts";
export { exportCommand } from "./export-command.ts";
export { importCommand } from "./import-command.ts";
export { planCommand } from "./plan-command.ts";

export const MIGRATION_USAGE = `  import github|gitlab|ndjson|arrays|mastodon …   bring a follow graph in
  export --as ndjson|csv|github|gitlab …     carry it out
  plan --to gitlab|github …, apply …         migrate it to a live forge`;
