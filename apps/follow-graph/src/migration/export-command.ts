// `follow-graph export`: placeholder until the export lands (owner: M2).
export const exportCommand = {
  run: async (_args: string[]): Promise<number> => {
    console.error("follow-graph export: not built yet");
    return 1;
  },
  help: () => "usage: follow-graph export --as ndjson|csv|github|gitlab [flags]",
};
