// `tsx bench/src/emulator/main.ts [--runs N]`: the emulator's speed figures alone, as JSON.
import { parseArgs } from "node:util";
import { measureEmulator } from "./measure-emulator.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error("--runs must be a whole number of at least 1");
  process.exit(2);
}
console.log(JSON.stringify(await measureEmulator({ runs }), null, 2));
