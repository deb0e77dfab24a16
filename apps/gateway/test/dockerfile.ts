// A reader of the Dockerfile subset docker/Dockerfile uses, for tests on a machine without a
// Docker engine: comments, `\` continuations, stages (`FROM image AS name`), and each
// instruction with its arguments, the exec form (a JSON array) parsed as JSON.

export interface Instruction {
  keyword: string;
  /** The text after the keyword, continuations joined. */
  text: string;
  /** The JSON array of an exec-form CMD, ENTRYPOINT or HEALTHCHECK … CMD; undefined otherwise. */
  exec?: string[];
  /** `--name=value` options before the arguments (COPY --from=build, HEALTHCHECK --interval=10s). */
  options: Record<string, string>;
}

export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

const KEYWORDS = new Set([
  "FROM",
  "RUN",
  "CMD",
  "LABEL",
  "EXPOSE",
  "ENV",
  "ADD",
  "COPY",
  "ENTRYPOINT",
  "VOLUME",
  "USER",
  "WORKDIR",
  "ARG",
  "ONBUILD",
  "STOPSIGNAL",
  "HEALTHCHECK",
  "SHELL",
]);

function readInstruction(keyword: string, rest: string, line: number): Instruction {
  const options: Record<string, string> = {};
  let text = rest;
  for (let match = /^--([a-z-]+)=(\S+)\s+/.exec(text); match; match = /^--([a-z-]+)=(\S+)\s+/.exec(text)) {
    options[match[1]!] = match[2]!;
    text = text.slice(match[0].length);
  }
  const instruction: Instruction = { keyword, text, options };
  const execText = keyword === "HEALTHCHECK" ? /^CMD\s+(\[.*\])$/.exec(text)?.[1] : text;
  if (["CMD", "ENTRYPOINT", "HEALTHCHECK"].includes(keyword) && execText?.startsWith("[")) {
    const parsed: unknown = JSON.parse(execText);
    if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === "string"))
      throw new Error(`line ${line}: ${keyword}'s exec form must be an array of strings`);
    instruction.exec = parsed;
  }
  return instruction;
}

/** The stages of `source`, in order; throws on an unknown keyword or an instruction before FROM. */
export function parseDockerfile(source: string): Stage[] {
  const stages: Stage[] = [];
  const lines = source.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const start = index + 1;
    let line = lines[index]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    while (line.endsWith("\\")) {
      // Comment lines inside a continuation are dropped, as Docker drops them.
      let next = lines[++index];
      while (next?.trim().startsWith("#")) next = lines[++index];
      if (next === undefined) throw new Error(`line ${start}: a continuation runs past the end`);
      line = `${line.slice(0, -1).trimEnd()} ${next.trim()}`;
    }
    const [, keyword, rest] = /^(\S+)\s*(.*)$/.exec(line) as unknown as [string, string, string];
    const upper = keyword.toUpperCase();
    if (!KEYWORDS.has(upper)) throw new Error(`line ${start}: unknown instruction ${keyword}`);
    if (upper === "FROM") {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!from) throw new Error(`line ${start}: FROM image [AS name]`);
      stages.push({ image: from[1]!, ...(from[2] ? { name: from[2] } : {}), instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`line ${start}: ${upper} before any FROM`);
    stage.instructions.push(readInstruction(upper, rest, start));
  }
  return stages;
}
