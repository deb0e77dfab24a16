import type { Env } from "../env.ts";

/**
 * The settings a start runs with, as the configuration line shows them: every one, with the
 * secrets left out — ROOT_TOKEN only as whether it is set, DATABASE_URL without its password.
 */
export function settingsForLog(env: Env): Record<string, unknown> {
  const { ROOT_TOKEN, DATABASE_URL, ...rest } = env;
  return {
    ...rest,
    ROOT_TOKEN: ROOT_TOKEN ? "(set)" : "(unset)",
    ...(DATABASE_URL ? { DATABASE_URL: withoutPassword(DATABASE_URL) } : {}),
  };
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "redacted";
  // Options in the query (e.g. ?password=) are dropped whole rather than read one by one.
  parsed.search = "";
  return parsed.toString();
}
