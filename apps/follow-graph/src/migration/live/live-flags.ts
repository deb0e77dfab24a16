import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { UsageError } from "../../usage-error.ts";
import type { OnError } from "../import-files/bad-records.ts";
import { TARGET_OPTIONS, type TargetFlags, targetFlags } from "../open-target.ts";

/** What `follow-graph import github|gitlab` was asked for, its flags read and checked. */
export interface LiveImportRequest {
  source: "github" | "gitlab";
  /** The source's address: GitHub's API root, or GitLab's host. */
  sourceUrl: string;
  token?: string;
  users: string[];
  depth: number;
  checkpoint: string;
  maxWaitSeconds: number;
  batchEdges: number;
  batchUsers: number;
  /** The identity map to record the other forge's side from, if any. */
  identityMap?: string;
  /** What a bad record met on the walk does (a map row the source contradicts, a user gone). */
  onError: OnError;
  target: TargetFlags;
}

const DEFAULT_GITHUB_API = "https://api.github.com";

const wholeNumber = (flag: string, value: string | undefined, fallback: number, min: number): number => {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min)
    throw new UsageError(`--${flag} must be a whole number, ${min} or more (not '${value}')`);
  return Number(value);
};

const absoluteUrl = (flag: string, value: string): string => {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol))
    throw new UsageError(`--${flag} must be an absolute http(s) URL (not '${value}')`);
  return value.replace(/\/+$/, "");
};

/** Logins from `--users a,b` or a file of them (one a line, or comma-separated; `#` starts a comment). */
function usersOf(list: string | undefined, file: string | undefined): string[] {
  if (list !== undefined && file !== undefined)
    throw new UsageError("--users and --users-file are exclusive");
  if (list === undefined && file === undefined)
    throw new UsageError("name the users to start from: --users a,b or --users-file F");
  let text = list ?? "";
  if (file !== undefined) {
    try {
      text = readFileSync(file, "utf8")
        .split("\n")
        .map((line) => line.replace(/#.*/, ""))
        .join(",");
    } catch (error) {
      throw new UsageError(
        `cannot read --users-file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  }
  const users = text
    .split(/[\s,]+/)
    .map((login) => login.trim())
    .filter(Boolean);
  if (users.length === 0)
    throw new UsageError(
      file !== undefined ? `--users-file ${file} names no users` : "--users names no users",
    );
  return users;
}

/**
 * Reads the command line. `import github` takes the source as --api-url and, as every command
 * does, a running target as --url; `import gitlab` takes the source as --url, so its running
 * target is --to-url (accepted by both, with --to-root-token beside --root-token).
 */
export function readLiveFlags(
  source: "github" | "gitlab",
  args: string[],
  env: NodeJS.ProcessEnv,
): LiveImportRequest {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: false,
      options: {
        // --url is the target's for import github, the source's for import gitlab.
        ...TARGET_OPTIONS,
        ...(source === "github" ? { "api-url": { type: "string" } } : {}),
        token: { type: "string" },
        users: { type: "string" },
        "users-file": { type: "string" },
        depth: { type: "string" },
        checkpoint: { type: "string" },
        "max-wait": { type: "string" },
        "batch-size": { type: "string" },
        "batch-users": { type: "string" },
        "to-url": { type: "string" },
        "to-root-token": { type: "string" },
        "identity-map": { type: "string" },
        "on-error": { type: "string" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0]!);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);

  const sourceFlag = source === "github" ? "api-url" : "url";
  const givenSource = text(sourceFlag) ?? (source === "github" ? DEFAULT_GITHUB_API : undefined);
  if (givenSource === undefined) throw new UsageError("import gitlab needs the GitLab's address: --url URL");
  const token = text("token") ?? (source === "github" ? env.GITHUB_TOKEN : env.GITLAB_TOKEN);
  if (source === "gitlab" && !token)
    throw new UsageError("import gitlab needs a token: --token T (or GITLAB_TOKEN)");

  const targetUrl = text("to-url") ?? (source === "github" ? text("url") : undefined);
  if (source === "github" && text("url") !== undefined && text("to-url") !== undefined)
    throw new UsageError("--url and --to-url both name the target server: give one");
  if (text("root-token") !== undefined && text("to-root-token") !== undefined)
    throw new UsageError("--root-token and --to-root-token are the same: give one");
  const target = targetFlags({
    ...values,
    url: targetUrl,
    "root-token": text("to-root-token") ?? text("root-token"),
  });

  const identityMap = text("identity-map");
  if (identityMap === "") throw new UsageError("--identity-map needs a file");
  const onError = text("on-error") ?? "abort";
  if (onError !== "abort" && onError !== "skip")
    throw new UsageError(`--on-error must be abort or skip ('${onError}')`);

  return {
    source,
    sourceUrl: absoluteUrl(sourceFlag, givenSource),
    ...(token ? { token } : {}),
    users: usersOf(text("users"), text("users-file")),
    depth: wholeNumber("depth", text("depth"), 1, 1),
    checkpoint: text("checkpoint") ?? `follow-graph-import-${source}.checkpoint.json`,
    maxWaitSeconds: wholeNumber("max-wait", text("max-wait"), 3600, 0),
    batchEdges: wholeNumber("batch-size", text("batch-size"), 5000, 1),
    batchUsers: wholeNumber("batch-users", text("batch-users"), 100, 1),
    ...(identityMap !== undefined ? { identityMap } : {}),
    onError,
    target,
  };
}
