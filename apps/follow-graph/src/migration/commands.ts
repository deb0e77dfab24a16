// `follow-graph import|export|plan|apply`: placeholders until the migration commands land.
export const MIGRATION_USAGE = `  import github|gitlab|ndjson|arrays|mastodon …   bring a follow graph in
  export --as ndjson|csv|github|gitlab …     carry it out
  plan --to gitlab|github …, apply …         migrate it to a live forge`;

const placeholder =
  (name: string) =>
  async (_args: string[]): Promise<number> => {
    console.error(`follow-graph ${name}: not built yet`);
    return 1;
  };
const help = (name: string) => () => `usage: follow-graph ${name} [flags]`;

export const importCommand = { run: placeholder("import"), help: help("import") };
export const exportCommand = { run: placeholder("export"), help: help("export") };
export const planCommand = { run: placeholder("plan"), help: help("plan") };
export const applyCommand = { run: placeholder("apply"), help: help("apply") };
