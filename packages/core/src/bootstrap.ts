import type { Core } from "./core.ts";
import { DomainError } from "./errors/domain-error.ts";
import { ROOT_USER_ID } from "./users/service.ts";

/** Everything the built-in administrator's token may do, in both dialects. */
export const ROOT_TOKEN_SCOPES = ["api", "read_api", "read_user", "sudo", "admin_mode"];

/**
 * Makes sure `root` exists and can sign in. With `rootToken`, that secret becomes (or stays)
 * a token of root's. Without it, the first start mints one and returns it so it can be
 * printed once; later starts return nothing.
 */
export async function bootstrapRoot(core: Core, rootToken?: string): Promise<{ createdSecret?: string }> {
  await core.users.ensureRoot();
  if (rootToken !== undefined) {
    const found = await core.tokens.resolveToken(rootToken);
    if (found.status === "valid" && found.user.id !== ROOT_USER_ID)
      throw new DomainError("invalid_input", "ROOT_TOKEN is already the token of another user");
    if (found.status === "unknown")
      await core.tokens.createToken(ROOT_USER_ID, {
        name: "ROOT_TOKEN",
        scopes: ROOT_TOKEN_SCOPES,
        secret: rootToken,
      });
    return {};
  }
  if ((await core.tokens.countTokens(ROOT_USER_ID)) > 0) return {};
  const { secret } = await core.tokens.createToken(ROOT_USER_ID, {
    name: "root",
    scopes: ROOT_TOKEN_SCOPES,
    prefix: "glpat-",
  });
  return { createdSecret: secret };
}
