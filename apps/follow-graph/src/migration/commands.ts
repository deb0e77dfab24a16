// `follow-graph import|export|plan|apply`: each command lives in its own file.
export { exportCommand } from "./export-command.ts";
export { importCommand } from "./import-command.ts";

export const MIGRATION_USAGE = `  import github|gitlab|ndjson|arrays|mastodon …   bring a follow graph in
  export --as ndjson|csv|github|gitlab …     carry it out`;

/** plan and apply are not built yet: they answer so, and exit 1. */
const placeholder = (name: string) => ({
  run: async (_args: string[]): Promise<number> => {
    console.error(`follow-graph ${name}: not built yet`);
    return 1;
  },
  help: () => `usage: follow-graph ${name} [flags]`,
});

export const planCommand = placeholder("plan");
export const applyCommand = placeholder("apply");
