import { ENV_VARIABLES } from "@follow-graph/gateway";
import { UsageError } from "./usage-error.ts";

/** The control API's variables, read by the gateway: always offered as flags. */
const CONTROL_VARIABLES = ["FOLLOW_GRAPH_CONTROL", "FOLLOW_GRAPH_FIXTURES"];

/** Flags whose name is not the variable's own, lower-cased with dashes. */
const RENAMED: Record<string, string> = {
  PGLITE_DATA_DIR: "data-dir",
  FOLLOW_GRAPH_CONTROL: "control",
  FOLLOW_GRAPH_FIXTURES: "fixtures",
};

/** Flags that take no value; given, they set their variable to this. */
const SWITCHES: Record<string, string> = { FOLLOW_GRAPH_CONTROL: "1" };

export interface ServerFlag {
  flag: string;
  variable: string;
  switch?: string;
}

/** A flag for every environment variable the server reads: `PGLITE_MAX_QUEUE` is `--pglite-max-queue`. */
export const SERVER_FLAGS: ServerFlag[] = [...new Set([...ENV_VARIABLES, ...CONTROL_VARIABLES])].map(
  (variable) => ({
    flag: RENAMED[variable] ?? variable.toLowerCase().replaceAll("_", "-"),
    variable,
    ...(SWITCHES[variable] ? { switch: SWITCHES[variable] } : {}),
  }),
);

/** The usage lines of `flags`, each naming the variable it stands for. */
export function flagUsage(flags: ServerFlag[]): string {
  return flags
    .map(({ flag, variable, switch: on }) => {
      const left = `  --${flag}${on ? "" : " VALUE"}`;
      return `${left.padEnd(44)}${on ? `sets ${variable}=${on}` : `instead of ${variable}`}`;
    })
    .join("\n");
}

export interface ReadFlags {
  /** The variables the flags set. */
  env: Record<string, string>;
  /** Switches of the command's own that were given (`json`, `memory`). */
  switches: Set<string>;
  /** What follows the flags: after `--`, or from the first word that is not a flag. */
  rest: string[];
}

/**
 * Reads `--flag VALUE`, `--flag=VALUE` and switches; any other option is a UsageError naming it.
 * `ownSwitches` are switches that set no variable (e.g. `json`).
 */
export function readFlags(args: string[], flags: ServerFlag[], ownSwitches: string[] = []): ReadFlags {
  const env: Record<string, string> = {};
  const switches = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") return { env, switches, rest: args.slice(i + 1) };
    if (!arg.startsWith("-") || arg === "-") return { env, switches, rest: args.slice(i) };
    const equals = arg.indexOf("=");
    const name = arg.slice(2, equals < 0 ? undefined : equals);
    const inline = equals < 0 ? undefined : arg.slice(equals + 1);
    const known = arg.startsWith("--") ? flags.find((flag) => flag.flag === name) : undefined;
    if (arg.startsWith("--") && ownSwitches.includes(name) && inline === undefined) {
      switches.add(name);
      continue;
    }
    if (!known) throw new UsageError(`unknown option '${equals < 0 ? arg : arg.slice(0, equals)}'`);
    if (known.switch !== undefined) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      env[known.variable] = known.switch;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith("--")))
      throw new UsageError(`--${name} needs a value`);
    env[known.variable] = value;
  }
  return { env, switches, rest: [] };
}
