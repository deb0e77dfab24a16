// The built-in catalogue: scenarios as YAML documents inside the bundle (no files to ship),
// parsed by the same step language as the user's own files.
import type { Scenario } from "../scenario.ts";
import { parseScenarioText } from "../scenario-parse.ts";
import { ACCESS_SCENARIOS } from "./access.ts";
import { FOLLOW_SCENARIOS } from "./follows.ts";
import { LIST_SCENARIOS } from "./lists.ts";
import { MODERATION_SCENARIOS } from "./moderation.ts";

const SOURCES = [...FOLLOW_SCENARIOS, ...LIST_SCENARIOS, ...ACCESS_SCENARIOS, ...MODERATION_SCENARIOS];

let parsed: Scenario[] | undefined;

/** Every built-in scenario, in the catalogue's order. */
export function catalogue(): Scenario[] {
  parsed ??= SOURCES.map((text, i) => parseScenarioText(text, `catalogue[${i}]`));
  return parsed;
}
