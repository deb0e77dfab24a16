import type { Core } from "./core.ts";
import { StartupError } from "./errors/startup-error.ts";
import { ROOT_USER_ID } from "./users/service.ts";

/** Everything the built-in administrator's token may do, in both dialects. */
export const ROOT_TOKEN_SCOPES = ["api", "read_api", "read_user", "sudo", "admin_mode"];

/** What a token adopted from `ROOT_TOKEN` is called. */
export const ROOT_TOKEN_NAME = "ROOT_TOKEN";
/** What a generated root token is called: the first start's, and each `tokens rotate-root`'s. */
export const GENERATED_ROOT_TOKEN_NAME = "root";
/**
 * Root's bootstrap tokens, which a rotation replaces. Tokens minted for root through the API
 * carry other names and are left alone.
 */
const BOOTSTRAP_TOKEN_NAMES = [ROOT_TOKEN_NAME, GENERATED_ROOT_TOKEN_NAME];

/**
 * Makes sure `root` exists and can sign in. With `rootToken`, that secret becomes root's
 * token and every other bootstrap token of root's (earlier `ROOT_TOKEN`s, the generated one)
 * is revoked: setting `ROOT_TOKEN` to a new value rotates it. Without it, the first start
 * mints one and returns it so it can be printed once; later starts change nothing.
 */
export async function bootstrapRoot(
  core: Core,
  rootToken?: string,
): Promise<{ createdSecret?: string; revoked?: number }> {
  await core.users.ensureRoot();
  if (rootToken !== undefined) {
    const keepId = await adoptRootToken(core, rootToken);
    const revoked = await core.tokens.revokeTokensNamedExcept(ROOT_USER_ID, BOOTSTRAP_TOKEN_NAMES, keepId);
    return revoked ? { revoked } : {};
  }
  if ((await core.tokens.countTokens(ROOT_USER_ID)) > 0) return {};
  const { secret } = await mintRootToken(core);
  return { createdSecret: secret };
}

/** The id of root's token whose secret is `rootToken`, minting it on first sight. */
async function adoptRootToken(core: Core, rootToken: string): Promise<number> {
  const found = await core.tokens.resolveToken(rootToken);
  if (found.status === "unknown") {
    const { token } = await core.tokens.createToken(ROOT_USER_ID, {
      name: ROOT_TOKEN_NAME,
      scopes: ROOT_TOKEN_SCOPES,
      secret: rootToken,
    });
    return token.id;
  }
  if (found.token.userId !== ROOT_USER_ID)
    throw new StartupError("ROOT_TOKEN is already the token of another user; choose another secret", 2);
  // A revoked secret is one somebody meant to stop working (a rotation, a leak): never revive it.
  if (found.status !== "valid")
    throw new StartupError(`ROOT_TOKEN is a ${found.status} token of root's; choose a new secret`, 2);
  return found.token.id;
}

const mintRootToken = (core: Core) =>
  core.tokens.createToken(ROOT_USER_ID, {
    name: GENERATED_ROOT_TOKEN_NAME,
    scopes: ROOT_TOKEN_SCOPES,
    prefix: "glpat-",
  });

/**
 * Gives root a new generated token and revokes its bootstrap tokens (the `ROOT_TOKEN` ones
 * and earlier generated ones); tokens minted for root through the API stay. The secret is
 * returned once. The new token is minted first, so root is never left without one.
 */
export async function rotateRootToken(core: Core): Promise<{ secret: string; revoked: number }> {
  await core.users.ensureRoot();
  const { token, secret } = await mintRootToken(core);
  const revoked = await core.tokens.revokeTokensNamedExcept(ROOT_USER_ID, BOOTSTRAP_TOKEN_NAMES, token.id);
  return { secret, revoked };
}
