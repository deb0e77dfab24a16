// `follow-graph diff`: placeholder until the dialect-diff tool lands.
export const DIFF_USAGE = `  diff [SCENARIO…] [--format text|markdown|html|json] [--out FILE]
                                            run scenarios through both dialects, side by side`;

export const diffHelp = () => `usage: follow-graph diff [SCENARIO…] [flags]`;

export async function diff(_args: string[]): Promise<number> {
  console.error("follow-graph diff: not built yet");
  return 1;
}
