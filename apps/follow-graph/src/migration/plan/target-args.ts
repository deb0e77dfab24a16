// The flags plan and apply share: which forge, where, whose token, and the identity map.
import { UsageError } from "../../usage-error.ts";
import type { Dialect } from "./plan-model.ts";

export const FORGE_OPTIONS = {
  to: { type: "string" },
  url: { type: "string" },
  token: { type: "string" },
  "identity-map": { type: "string" },
  "max-wait": { type: "string" },
} as const;

export const FORGE_USAGE = `  --to gitlab|github                        the target's dialect
  --url URL                                 the target: a GitLab's root, a GitHub Enterprise's
                                            root or API base (…/api/v3); not api.github.com
  --token T                                 an administrator's token there (GitLab: with the
                                            sudo scope; or FOLLOW_GRAPH_TARGET_TOKEN)
  --identity-map FILE                       github_login,github_id,gitlab_username,gitlab_id
  --max-wait SECONDS                        the longest wait for a spent rate limit (default 60)`;

export interface ForgeArgs {
  to: Dialect;
  url: string;
  token: string;
  identityMap: string;
  maxWaitSeconds: number;
}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export function forgeArgs(values: Values, env: NodeJS.ProcessEnv = process.env): ForgeArgs {
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const to = text("to");
  if (to === undefined) throw new UsageError("--to gitlab|github is required");
  if (to !== "gitlab" && to !== "github") throw new UsageError(`--to must be gitlab or github, not '${to}'`);
  const url = text("url");
  if (!url) throw new UsageError("--url URL (the target forge) is required");
  const token = text("token") ?? env.FOLLOW_GRAPH_TARGET_TOKEN;
  if (!token) throw new UsageError("--token T (an administrator's token on the target) is required");
  const identityMap = text("identity-map");
  if (!identityMap) throw new UsageError("--identity-map FILE is required");
  const wait = text("max-wait") ?? "60";
  if (!/^\d{1,6}$/.test(wait))
    throw new UsageError(`--max-wait must be a whole number of seconds, not '${wait}'`);
  return { to, url, token, identityMap, maxWaitSeconds: Number(wait) };
}
