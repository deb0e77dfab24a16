import { UsageError } from "../../usage-error.ts";
import { openControlTarget } from "../control-target.ts";
import { resolveTarget, TARGET_OPTIONS, TARGET_USAGE, targetFlags } from "../open-target.ts";
import { openStore, storeTarget } from "../store-target.ts";
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

const isHttpUrl = (text: string) => URL.canParse(text) && /^https?:$/.test(new URL(text).protocol);

/**
 * The graph an export reads, from the target flags: a running server (`--url`, root's token),
 * whose dialects answer over HTTP, or a store, opened once for both its keyset reads and a
 * gateway in this process on its core. Every flag is checked before anything is opened.
 */
export async function openExportSource(values: Values): Promise<ExportSource> {
  const resolved = resolveTarget(targetFlags(values));
  const publicUrl = typeof values["public-url"] === "string" ? values["public-url"] : undefined;
  if (resolved.kind === "server") {
    if (publicUrl !== undefined) throw new UsageError("--public-url is for a store: a server names its own");
    const target = openControlTarget(resolved.url, resolved.rootToken);
    const origin = new URL(resolved.url).origin;
    const endpoint = { origin, token: resolved.rootToken, fetch, close: async () => {} };
    return { target, endpoint: async () => endpoint };
  }
  if (publicUrl !== undefined && !isHttpUrl(publicUrl))
    throw new UsageError(`--public-url must be an absolute http(s) URL ('${publicUrl}')`);
  const { core, database, description } = await openStore(resolved.env, HOLDER);
  return {
    target: storeTarget(core, database, description),
    endpoint: () => inProcessEndpoint(core, publicUrl ?? DEFAULT_PUBLIC_URL),
  };
}
