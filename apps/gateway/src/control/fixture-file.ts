import { readFile } from "node:fs/promises";
import { type Core, StartupError } from "@follow-graph/core";
import { parseFixtureText } from "./fixture-text.ts";

/**
 * Loads FOLLOW_GRAPH_FIXTURES at start: JSON or YAML by extension or content. A file that
 * cannot be read, parsed or loaded stops the start (exit 2) naming every bad path; nothing of
 * it is loaded then.
 */
export async function loadFixtureFile(core: Core, file: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new StartupError(`FOLLOW_GRAPH_FIXTURES: cannot read ${file} (${reason})`, 2);
  }
  const parsed = parseFixtureText(text, file);
  const problems = parsed.ok
    ? await core.emulator.loadFixtures(parsed.doc).then((r) => (r.ok ? [] : r.problems))
    : [parsed.problem];
  if (problems.length > 0)
    throw new StartupError(
      `FOLLOW_GRAPH_FIXTURES: ${file} was not loaded:\n${problems.map((p) => `  ${p}`).join("\n")}`,
      2,
    );
}
