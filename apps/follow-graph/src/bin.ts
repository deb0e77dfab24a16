import { isStartupError } from "@follow-graph/core";
import { runCommands } from "@follow-graph/gateway";
import { DIFF_USAGE, diff, diffHelp } from "./diff/command.ts";
import { EXEC_USAGE, exec, execHelp } from "./exec.ts";
import {
  applyCommand,
  exportCommand,
  importCommand,
  MIGRATION_USAGE,
  planCommand,
} from "./migration/commands.ts";
import { DEFAULT_DATA_DIR, SERVE_USAGE, serve, serveHelp } from "./serve.ts";
import { UsageError } from "./usage-error.ts";

const NOTE = "(flags override the environment variables they stand for)";

/** The bin's own commands; the store commands (migrate, users, tokens, seed) are the gateway's. */
const OWN: Record<
  string,
  { run: (args: string[]) => Promise<number | "running">; help: (args: string[]) => string }
> = {
  serve: { run: serve, help: serveHelp },
  exec: { run: exec, help: execHelp },
  diff: { run: diff, help: diffHelp },
  import: importCommand,
  export: exportCommand,
  plan: planCommand,
  apply: applyCommand,
};

const wantsHelp = (args: string[]) => {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
};

async function main(argv: string[]): Promise<number | "running"> {
  const [name, ...args] = argv;
  const host = {
    program: "follow-graph",
    note: NOTE,
    extraUsage: `${SERVE_USAGE}\n${EXEC_USAGE}\n${DIFF_USAGE}\n${MIGRATION_USAGE}`,
    env: process.env,
    defaults: { PGLITE_DATA_DIR: DEFAULT_DATA_DIR },
  };
  const own = name === undefined ? undefined : OWN[name];
  // The store commands, unknown words and the overall `--help`: the gateway's runner answers.
  if (!own) return runCommands(argv, host);
  if (wantsHelp(args)) {
    console.log(own.help(args));
    return 0;
  }
  try {
    return await own.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${own.help(args)}`);
      return 2;
    }
    if (isStartupError(error)) {
      console.error(error.message);
      return error.exitCode;
    }
    throw error;
  }
}

// Anything unforeseen is still one line and a non-zero exit, not a stack.
const status = await main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`follow-graph: ${message.replace(/\s*\n\s*/g, " ")}`);
  return 1;
});
if (status !== "running") process.exitCode = status;
