/** Which dialect's clients send a token the way this request does. */
export type TokenForm = "gitlab" | "github";

/**
 * The token a request carries, in any form either dialect accepts, and which dialect's form
 * that is: GitLab's `PRIVATE-TOKEN` header and `private_token`/`access_token` parameters, or
 * `Authorization: token …` / `Bearer …` (GitHub's forms; GitLab takes Bearer too, and GitHub's
 * shape is the one a Bearer client is answered in).
 */
export function presentedToken(request: Request): { secret: string; form: TokenForm } | null {
  const header = request.headers.get("private-token")?.trim();
  if (header) return { secret: header, form: "gitlab" };
  const query = new URL(request.url).searchParams;
  const param = query.get("private_token") || query.get("access_token");
  if (param) return { secret: param, form: "gitlab" };
  const authorization = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (authorization?.[1]) return { secret: authorization[1], form: "github" };
  return null;
}

/** The query parameters that may carry a secret: the journal drops them from the paths it keeps. */
export const SECRET_PARAMETERS = ["private_token", "access_token"];
