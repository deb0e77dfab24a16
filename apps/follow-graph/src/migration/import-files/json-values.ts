/** One element of a JSON array in a file, parsed, with the line it starts on. */
export interface Located {
  value: unknown;
  line: number;
}

/**
 * The elements of every top-level array in `text`, in order, each with its line. `gh api
 * --paginate` writes each page's array right after the last (`[…][…]`, no separator), which
 * JSON.parse refuses whole; this scanner finds where each element starts and ends (strings
 * and nesting respected) and parses them one at a time, so a bad one names its own line.
 */
export function* arrayElements(
  text: string,
  onProblem: (line: number, problem: string) => never,
): Iterable<Located> {
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  let startLine = 0;
  const finish = (end: number) => {
    const raw = text.slice(start, end);
    start = -1;
    try {
      return { value: JSON.parse(raw) as unknown, line: startLine };
    } catch {
      return onProblem(startLine, "is not valid JSON");
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === "\\") escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r" || c === "\n") continue;
    if (depth === 0) {
      if (c !== "[")
        onProblem(line, "is not a JSON array (expected the arrays gh api or GitLab's API answer)");
      depth = 1;
      continue;
    }
    if (depth === 1 && start < 0) {
      if (c === "]") {
        depth = 0;
        continue;
      }
      if (c === ",") onProblem(line, "has an empty array element");
      start = i;
      startLine = line;
    }
    if (c === '"') inString = true;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") {
      depth--;
      if (depth === 0) {
        if (start >= 0) yield finish(i);
      }
    } else if (c === "," && depth === 1) {
      yield finish(i);
    }
  }
  if (depth !== 0 || inString) onProblem(line, "ends inside an array (the file is cut short)");
}
