import { type Core, ROOT_USER_ID } from "@follow-graph/core";
import { presentedToken, type TokenForm } from "./presented-token.ts";

const GITHUB_DOCS = "https://docs.github.com/rest";

/** A refusal in the shape of the dialect whose token form the request used. */
function refusal(form: TokenForm, status: 401 | 403, githubMessage: string): Response {
  if (form === "gitlab")
    return Response.json({ message: status === 401 ? "401 Unauthorized" : "403 Forbidden" }, { status });
  return new Response(
    JSON.stringify({ message: githubMessage, documentation_url: GITHUB_DOCS, status: String(status) }),
    {
      status,
      headers: { "Content-Type": "application/json; charset=utf-8" },
    },
  );
}

/**
 * Null when the request carries root's token (in any form either dialect accepts), else the
 * refusal: 401 for no token or one that does not work, 403 for anybody else's, each worded
 * as the dialect of its form words it. No token at all is answered as GitHub, whose layout
 * owns the root path the control API lives under.
 */
export async function refuseUnlessRoot(core: Core, request: Request): Promise<Response | null> {
  const presented = presentedToken(request);
  if (!presented) {
    const malformed = request.headers.has("authorization");
    return refusal("github", 401, malformed ? "Bad credentials" : "Requires authentication");
  }
  const found = await core.tokens.resolveToken(presented.secret);
  if (found.status !== "valid") return refusal(presented.form, 401, "Bad credentials");
  if (found.token.userId !== ROOT_USER_ID)
    return refusal(presented.form, 403, "The control API takes the root administrator's token");
  return null;
}
