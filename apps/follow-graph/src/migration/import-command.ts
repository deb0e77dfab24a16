// `follow-graph import SOURCE …`: placeholder until the file imports land (owner: M1).
import { importLive } from "./import-live.ts";

export const importCommand = {
  run: async (args: string[]): Promise<number> => {
    const [source, ...rest] = args;
    if (source === "github" || source === "gitlab") return importLive(source, rest);
    console.error("follow-graph import: not built yet");
    return 1;
  },
  help: () => "usage: follow-graph import github|gitlab|ndjson|arrays|mastodon [flags]",
};
