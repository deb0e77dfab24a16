import { readFileSync } from "node:fs";
import { parseFixtureText } from "@follow-graph/gateway";

/** The document in a fixture file (JSON or YAML, as the server reads FOLLOW_GRAPH_FIXTURES), or why not. */
export function readFixtureFile(path: string): { ok: true; doc: unknown } | { ok: false; reason: string } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return {
      ok: false,
      reason: `cannot read the fixtures ${path} (${(error as NodeJS.ErrnoException).code ?? error})`,
    };
  }
  const parsed = parseFixtureText(text, path);
  return parsed.ok ? parsed : { ok: false, reason: `${path} was not loaded: ${parsed.problem}` };
}
