import type { Core } from "@follow-graph/core";

/** A token the fuzzer may present, with what it is for the report. */
export interface FixtureToken {
  secret: string;
  /** e.g. `fz_user_2 [read_api]`, or `fz_user_3 [api] (revoked)`. */
  label: string;
}

export interface FixtureUser {
  id: number;
  username: string;
}

/** The accounts and tokens requests refer to, seeded once before a run. */
export interface World {
  rootToken: string;
  users: FixtureUser[];
  tokens: FixtureToken[];
  /** Ids of tokens, for `DELETE /personal_access_tokens/:id`. */
  tokenIds: number[];
}

// Every scope set a route tells apart, in either vocabulary, plus ones that grant nothing here.
const SCOPE_SETS: string[][] = [
  ["api"],
  ["read_api"],
  ["read_user"],
  ["ai_workflows"],
  ["sudo"],
  ["admin_mode"],
  ["api", "admin_mode"],
  ["api", "sudo"],
  ["user"],
  ["user:follow"],
  ["read:user"],
  ["site_admin"],
  ["repo"],
];

/**
 * Seeds, beside root (already bootstrapped with `rootToken`), an administrator, plain users with a token of every scope
 * set, users in each state a route treats differently (blocked, banned, deactivated, private,
 * following turned off), an expired and a revoked token, and a few follows between them.
 */
export async function seedWorld(core: Core, rootToken: string): Promise<World> {
  const users: FixtureUser[] = [{ id: 1, username: "root" }];
  const tokens: FixtureToken[] = [{ secret: rootToken, label: "root [root's scopes]" }];
  const tokenIds: number[] = [];

  const addUser = async (
    username: string,
    extra: { isAdmin?: boolean; privateProfile?: boolean; followingEnabled?: boolean } = {},
  ) => {
    const user = await core.users.createUser({
      username,
      name: `Fuzz ${username}`,
      email: `${username}@example.com`,
      ...extra,
    });
    users.push({ id: user.id, username: user.username });
    return user.id;
  };
  const addToken = async (userId: number, username: string, scopes: string[], expiresAt?: string) => {
    const { token, secret } = await core.tokens.createToken(userId, {
      name: "fuzz",
      scopes,
      ...(expiresAt ? { expiresAt } : {}),
    });
    tokens.push({ secret, label: `${username} [${scopes.join(" ")}]${expiresAt ? " (expired)" : ""}` });
    tokenIds.push(token.id);
    return token.id;
  };

  const admin = await addUser("fz_admin", { isAdmin: true });
  for (const scopes of [["api", "sudo"], ["site_admin"], ["admin_mode"], ["read_api"]])
    await addToken(admin, "fz_admin", scopes);
  for (const [i, scopes] of SCOPE_SETS.entries()) {
    const name = `fz_user_${i}`;
    await addToken(await addUser(name), name, scopes);
  }
  const hidden = await addUser("fz_private", { privateProfile: true });
  await addToken(hidden, "fz_private", ["api"]);
  const closed = await addUser("fz_closed", { followingEnabled: false });
  await addToken(closed, "fz_closed", ["api"]);
  for (const [name, action] of [
    ["fz_blocked", "block"],
    ["fz_banned", "ban"],
    ["fz_deactivated", "deactivate"],
  ] as const) {
    const id = await addUser(name);
    await addToken(id, name, ["api", "user"]);
    await core.users.moderate(1, id, action);
  }
  const expiredOwner = users[2]!;
  await addToken(expiredOwner.id, expiredOwner.username, ["api"], "2020-01-01");
  const revokedOwner = users[3]!;
  const revoked = await addToken(revokedOwner.id, revokedOwner.username, ["api"]);
  await core.tokens.revokeToken(revoked);
  tokens[tokens.length - 1]!.label += " (revoked)";

  // A small graph, so lists have pages and follows have something to undo.
  const plain = users.filter((u) => u.username.startsWith("fz_user_"));
  for (const [i, a] of plain.entries())
    for (const b of plain.slice(i + 1, i + 4)) {
      await core.follows.follow(a.id, b.id);
      await core.follows.follow(b.id, a.id);
    }
  await core.follows.follow(plain[0]!.id, hidden);
  await core.follows.follow(plain[1]!.id, 1);
  return { rootToken, users, tokens, tokenIds };
}
