// `follow-graph import github|gitlab`: placeholder until the live import lands (owner: M3).
export async function importLive(source: "github" | "gitlab", _args: string[]): Promise<number> {
  console.error(`follow-graph import ${source}: not built yet`);
  return 1;
}

export const importLiveHelp = (source: "github" | "gitlab") => `usage: follow-graph import ${source} [flags]`;
