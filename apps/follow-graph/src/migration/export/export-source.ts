import { isStartupError, StartupError } from "@follow-graph/core";
import { openGraph, parseEnv } from "@follow-graph/gateway";
import { DEFAULT_DATA_DIR } from "../../serve.ts";
import { UsageError } from "../../usage-error.ts";
import { openTarget, TARGET_OPTIONS, TARGET_USAGE, type TargetFlags, targetFlags } from "../open-target.ts";
import { storeTarget } from "../store-target.ts";
import { inProcessEndpoint } from "./in-process-endpoint.ts";
import type { ExportSource } from "./run-export.ts";

/** What the lock on an embedded store calls an export to a second process. */
const HOLDER = "follow-graph export";
/** Where `follow-graph serve` listens unless told: the origin a store's URLs name by default. */
export const DEFAULT_PUBLIC_URL = "http://127.0.0.1:3000";

/** An export reads; a throw-away store would hold nothing to carry out. */
const { memory: _memory, ...SOURCE_TARGET_OPTIONS } = TARGET_OPTIONS;
export const SOURCE_OPTIONS = SOURCE_TARGET_OPTIONS;
export const SOURCE_USAGE = TARGET_USAGE.split("\n")
  .filter((line) => !line.includes("--memory"))
  .join("\n");

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** The store the flags name, as openTarget reads them (the environment for what is unset). */
function storeEnv(flags: TargetFlags) {
  if (flags.databaseUrl && flags.dataDir) throw new UsageError("--database-url and --data-dir are exclusive");
  const parsed = parseEnv(
    {
      ...process.env,
      ...(flags.databaseUrl ? { DATABASE_URL: flags.databaseUrl } : {}),
      ...(flags.dataDir ? { DATABASE_URL: "", PGLITE_DATA_DIR: flags.dataDir } : {}),
    },
    { PGLITE_DATA_DIR: DEFAULT_DATA_DIR },
  );
  if (!parsed.ok) throw new UsageError(`bad configuration: ${parsed.reason}`);
  return parsed.env;
}

/** A running server's lock gets the flags that reach the same graph through it. */
function throughServerInstead(error: unknown): unknown {
  if (!isStartupError(error) || !/ is in use by /.test(error.message)) return error;
  const message = error.message.replace(/: stop it, .*$/, "");
  return new StartupError(`${message}: stop it, or export through it with --url and --root-token`, 2);
}

function describeStore(databaseUrl: string | undefined, dataDir: string): string {
  if (!databaseUrl) return `the PGlite store in ${dataDir}`;
  const url = new URL(databaseUrl);
  return `PostgreSQL ${decodeURIComponent(url.pathname.slice(1)) || "postgres"} on ${url.host}`;
}

/**
 * The graph an export reads, from the target flags: a running server (`--url`, root's token),
 * whose dialects answer over HTTP, or a store, opened once for both its keyset reads and a
 * gateway in this process on its core. openTarget's store hides its core, which the
 * in-process gateway needs, so a store is opened here the way openTarget opens one.
 */
export async function openExportSource(values: Values): Promise<ExportSource> {
  const flags = targetFlags(values);
  const publicUrl = typeof values["public-url"] === "string" ? values["public-url"] : undefined;
  if (flags.url !== undefined) {
    if (publicUrl !== undefined) throw new UsageError("--public-url is for a store: a server names its own");
    const target = await openTarget(flags, { holder: HOLDER });
    const token = flags.rootToken ?? process.env.ROOT_TOKEN ?? "";
    const origin = new URL(flags.url).origin;
    return { target, endpoint: async () => ({ origin, token, fetch, close: async () => {} }) };
  }
  if (publicUrl !== undefined && !(URL.canParse(publicUrl) && /^https?:$/.test(new URL(publicUrl).protocol)))
    throw new UsageError(`--public-url must be an absolute http(s) URL ('${publicUrl}')`);
  const env = storeEnv(flags);
  const { core, database } = await openGraph(env, HOLDER).catch((error: unknown) => {
    throw throughServerInstead(error);
  });
  try {
    await core.users.ensureRoot();
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
  return {
    target: storeTarget(core, database, describeStore(env.DATABASE_URL, env.PGLITE_DATA_DIR)),
    endpoint: () => inProcessEndpoint(core, publicUrl ?? DEFAULT_PUBLIC_URL),
  };
}
