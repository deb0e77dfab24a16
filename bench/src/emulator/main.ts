// `tsx bench/src/emulator/main.ts [--runs N] [--engines pglite,postgres] [--pg-url URL]`: the
// emulator's speed figures alone, as JSON (`pnpm build` first: it measures the built package).
import { parseArgs } from "node:util";
import type { Engine } from "../types.ts";
import { measureEmulator } from "./measure-emulator.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    engines: { type: "string", default: "pglite" },
    "pg-url": { type: "string" },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error("--runs must be a whole number of at least 1");
  process.exit(2);
}
const engines = values.engines.split(",").map((e) => e.trim());
if (engines.some((e) => e !== "pglite" && e !== "postgres")) {
  console.error("--engines takes pglite and/or postgres");
  process.exit(2);
}
console.log(
  JSON.stringify(
    await measureEmulator({
      runs,
      engines: engines as Engine[],
      ...(values["pg-url"] ? { pgUrl: values["pg-url"] } : {}),
    }),
    null,
    2,
  ),
);
