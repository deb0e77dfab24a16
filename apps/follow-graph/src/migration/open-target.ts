import { type Env, parseEnv } from "@follow-graph/gateway";
import { DEFAULT_DATA_DIR } from "../serve.ts";
import { UsageError } from "../usage-error.ts";
import type { GraphTarget } from "./contracts.ts";
import { openControlTarget } from "./control-target.ts";
import { openStoreTarget } from "./store-target.ts";

/** The target flags as node:util parseArgs reads them; the commands spread these into their own. */
export const TARGET_OPTIONS = {
  "database-url": { type: "string" },
  "data-dir": { type: "string" },
  memory: { type: "boolean" },
  url: { type: "string" },
  "root-token": { type: "string" },
} as const;

/** The target flags' help lines, in the layout of the bin's other usage texts. */
export const TARGET_USAGE = `  --database-url URL                        a PostgreSQL store (instead of DATABASE_URL)
  --data-dir DIR                            an embedded PGlite store (instead of PGLITE_DATA_DIR;
                                            default ./.follow-graph/pglite, as serve keeps it)
  --memory                                  a throw-away in-memory store
  --url URL --root-token T                  a running server, through its control API (started
                                            with --control); T is root's token (or ROOT_TOKEN)`;

export interface TargetFlags {
  databaseUrl?: string;
  dataDir?: string;
  memory?: boolean;
  url?: string;
  rootToken?: string;
}

/** The target flags among parseArgs' values for TARGET_OPTIONS (and whatever else). */
export function targetFlags(
  values: Record<string, string | boolean | (string | boolean)[] | undefined>,
): TargetFlags {
  const text = (name: string) => {
    const value = values[name];
    return typeof value === "string" ? value : undefined;
  };
  return {
    databaseUrl: text("database-url"),
    dataDir: text("data-dir"),
    memory: values.memory === true,
    url: text("url"),
    rootToken: text("root-token"),
  };
}

export interface OpenTargetOptions {
  /** What an embedded store's lock names to a second process, e.g. `follow-graph import`. */
  holder: string;
  /** Where unset flags are looked up (DATABASE_URL, PGLITE_DATA_DIR, ROOT_TOKEN). */
  env?: NodeJS.ProcessEnv;
}

/** Where the flags point, checked but not opened yet. */
export type ResolvedTarget = { kind: "server"; url: string; rootToken: string } | { kind: "store"; env: Env };

/**
 * Reads the flags (falling back on the environment) into the target they name, or throws a
 * UsageError for a clash or a missing token: a command checks this before it reads any file.
 */
export function resolveTarget(flags: TargetFlags, env: NodeJS.ProcessEnv = process.env): ResolvedTarget {
  const stores = (["databaseUrl", "dataDir", "memory"] as const).filter((name) => flags[name]);
  const flagName = { databaseUrl: "--database-url", dataDir: "--data-dir", memory: "--memory" };
  if (flags.url !== undefined) {
    if (stores.length) throw new UsageError(`--url and ${flagName[stores[0]!]} are exclusive`);
    const rootToken = flags.rootToken ?? env.ROOT_TOKEN;
    if (!rootToken) throw new UsageError("--url needs root's token: --root-token T (or ROOT_TOKEN)");
    return { kind: "server", url: flags.url, rootToken };
  }
  if (stores.length > 1)
    throw new UsageError(`${flagName[stores[0]!]} and ${flagName[stores[1]!]} are exclusive`);
  const chosen = {
    ...(flags.databaseUrl ? { DATABASE_URL: flags.databaseUrl } : {}),
    ...(flags.dataDir || flags.memory
      ? { DATABASE_URL: "", PGLITE_DATA_DIR: flags.memory ? "memory://" : flags.dataDir }
      : {}),
    ...(flags.rootToken ? { ROOT_TOKEN: flags.rootToken } : {}),
  };
  const parsed = parseEnv({ ...env, ...chosen }, { PGLITE_DATA_DIR: DEFAULT_DATA_DIR });
  if (!parsed.ok) throw new UsageError(`bad configuration: ${parsed.reason}`);
  return { kind: "store", env: parsed.env };
}

/**
 * The graph the flags name: a running server (`--url` and root's token), or a store named the
 * way `follow-graph serve` names it (`--database-url`, `--data-dir`, `--memory`, else the
 * environment, else ./.follow-graph/pglite). A flag clash is a UsageError; a store that cannot
 * be opened, or that a running server holds, a StartupError naming why.
 */
export async function openTarget(flags: TargetFlags, options: OpenTargetOptions): Promise<GraphTarget> {
  const target = resolveTarget(flags, options.env ?? process.env);
  return target.kind === "server"
    ? openControlTarget(target.url, target.rootToken)
    : openStoreTarget(target.env, options.holder);
}
