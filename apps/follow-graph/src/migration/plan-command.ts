// `follow-graph plan`: placeholder until plan and apply land (owner: M4).
export const planCommand = {
  run: async (_args: string[]): Promise<number> => {
    console.error("follow-graph plan: not built yet");
    return 1;
  },
  help: () => "usage: follow-graph plan --to gitlab|github [flags]",
};
