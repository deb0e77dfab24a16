import { runCommands } from "./commands.ts";

// Anything unforeseen is still one line and a non-zero exit, not a stack.
process.exitCode = await runCommands(process.argv.slice(2), {
  program: "pnpm cli",
  note: "(uses the same environment as pnpm start)",
  env: process.env,
}).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`error: ${message.replace(/\s*\n\s*/g, " ")}`);
  return 1;
});
