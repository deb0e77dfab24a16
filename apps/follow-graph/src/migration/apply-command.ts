// `follow-graph apply`: placeholder until plan and apply land (owner: M4).
export const applyCommand = {
  run: async (_args: string[]): Promise<number> => {
    console.error("follow-graph apply: not built yet");
    return 1;
  },
  help: () => "usage: follow-graph apply --to gitlab|github [flags]",
};
