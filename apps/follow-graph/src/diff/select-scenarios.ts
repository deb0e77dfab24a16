// Which scenarios a run takes: the built-in ones named on the command line, the scenarios in
// the files named there, or, when nothing is named, the whole catalogue.
import { existsSync, readFileSync } from "node:fs";
import { catalogue } from "./catalogue/index.ts";
import type { Scenario } from "./scenario.ts";
import { parseScenarioFile, ScenarioError } from "./scenario-parse.ts";

const looksLikeFile = (word: string) =>
  /\.(ya?ml|json)$/i.test(word) || word.includes("/") || existsSync(word);

function readScenarioFile(path: string): Scenario[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScenarioError(
      `${path}: cannot be read (${code === "ENOENT" ? "no such file" : (code ?? String(error))})`,
    );
  }
  return parseScenarioFile(text, path);
}

export function selectScenarios(words: string[]): Scenario[] {
  if (words.length === 0) return catalogue();
  const builtIn = new Map(catalogue().map((scenario) => [scenario.name, scenario]));
  const chosen: Scenario[] = [];
  const seen = new Map<string, string>();
  for (const word of words) {
    const found = looksLikeFile(word) ? readScenarioFile(word) : [builtIn.get(word)];
    for (const scenario of found) {
      if (!scenario)
        throw new ScenarioError(`no built-in scenario '${word}' (follow-graph diff --list shows them)`);
      const earlier = seen.get(scenario.name);
      if (earlier)
        throw new ScenarioError(`${scenario.source}: the scenario '${scenario.name}' is also in ${earlier}`);
      seen.set(scenario.name, scenario.source);
      chosen.push(scenario);
    }
  }
  return chosen;
}
