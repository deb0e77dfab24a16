import type { Core, NewUser } from "@follow-graph/core";

/** A token the fuzzer may present, with what it is for the report. */
export interface FixtureToken {
  id: number;
  secret: string;
  /** e.g. `fz_user_2 [read_api]`, or `fz_user_3 [api] (revoked)`. */
  label: string;
}

export interface FixtureUser {
  id: number;
  username: string;
}

/** The accounts and tokens requests refer to by position; `restoreWorld` keeps them usable. */
export interface World {
  rootToken: string;
  users: FixtureUser[];
  tokens: FixtureToken[];
}

interface TokenSpec {
  scopes: string[];
  expired?: boolean;
  revoked?: boolean;
}

interface UserSpec {
  username: string;
  extra?: Partial<NewUser>;
  action?: "block" | "ban" | "deactivate";
  tokens: TokenSpec[];
}

// Every scope set a route tells apart, in either vocabulary, plus one that grants nothing here.
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
 * Beside root: an administrator, plain users with a token of every scope set, users in each
 * state a route treats differently (blocked, banned, deactivated, private, following turned
 * off), and an expired and a revoked token.
 */
const SPECS: UserSpec[] = [
  {
    username: "fz_admin",
    extra: { isAdmin: true },
    tokens: [
      { scopes: ["api", "sudo"] },
      { scopes: ["site_admin"] },
      { scopes: ["admin_mode"] },
      { scopes: ["read_api"] },
    ],
  },
  ...SCOPE_SETS.map((scopes, i) => ({ username: `fz_user_${i}`, tokens: [{ scopes }] })),
  { username: "fz_private", extra: { privateProfile: true }, tokens: [{ scopes: ["api"] }] },
  { username: "fz_closed", extra: { followingEnabled: false }, tokens: [{ scopes: ["api"] }] },
  { username: "fz_blocked", action: "block", tokens: [{ scopes: ["api", "user"] }] },
  { username: "fz_banned", action: "ban", tokens: [{ scopes: ["api", "user"] }] },
  { username: "fz_deactivated", action: "deactivate", tokens: [{ scopes: ["api", "user"] }] },
  {
    username: "fz_stale",
    tokens: [
      { scopes: ["api"], expired: true },
      { scopes: ["api"], revoked: true },
    ],
  },
];

async function mintToken(
  core: Core,
  userId: number,
  username: string,
  spec: TokenSpec,
): Promise<FixtureToken> {
  const { token, secret } = await core.tokens.createToken(userId, {
    name: "fuzz",
    scopes: spec.scopes,
    ...(spec.expired ? { expiresAt: "2020-01-01" } : {}),
  });
  if (spec.revoked) await core.tokens.revokeToken(token.id);
  const state = spec.expired ? " (expired)" : spec.revoked ? " (revoked)" : "";
  return { id: token.id, secret, label: `${username} [${spec.scopes.join(" ")}]${state}` };
}

async function createFixture(core: Core, spec: UserSpec, attempt = 0) {
  const username = attempt ? `${spec.username}_${attempt}` : spec.username;
  const user = await core.users
    .createUser({ username, name: `Fuzz ${username}`, email: `${username}@example.com`, ...spec.extra })
    // The name may have been taken by a user the fuzz created since.
    .catch(() => null);
  if (!user) return createFixture(core, spec, attempt + 1);
  if (spec.action) await core.users.moderate(1, user.id, spec.action);
  const tokens: FixtureToken[] = [];
  for (const t of spec.tokens) tokens.push(await mintToken(core, user.id, user.username, t));
  return { user: { id: user.id, username: user.username }, tokens };
}

/** Seeds the fixtures beside root (already bootstrapped with `rootToken`) and a few follows. */
export async function seedWorld(core: Core, rootToken: string): Promise<World> {
  const world: World = {
    rootToken,
    users: [{ id: 1, username: "root" }],
    tokens: [{ id: 0, secret: rootToken, label: "root [root's scopes]" }],
  };
  for (const spec of SPECS) {
    const { user, tokens } = await createFixture(core, spec);
    world.users.push(user);
    world.tokens.push(...tokens);
  }
  // A small graph, so lists have pages and follows have something to undo.
  const plain = world.users.filter((u) => u.username.startsWith("fz_user_"));
  for (const [i, a] of plain.entries())
    for (const b of plain.slice(i + 1, i + 4)) {
      await core.follows.follow(a.id, b.id);
      await core.follows.follow(b.id, a.id);
    }
  await core.follows.follow(plain[0]!.id, world.users.find((u) => u.username === "fz_private")!.id);
  await core.follows.follow(plain[1]!.id, 1);
  return world;
}

/**
 * Puts back what the fuzz took from the fixtures (accepted deletions, renames and token
 * revocations), in place, so later cases still find a user of every kind and a token of
 * every scope set. Returns whether anything was stored.
 */
export async function restoreWorld(core: Core, world: World): Promise<boolean> {
  let changed = false;
  let t = 1;
  for (const [i, spec] of SPECS.entries()) {
    const fixture = world.users[i + 1]!;
    const tokens = world.tokens.slice(t, t + spec.tokens.length);
    const user = await core.users.findUser(fixture.id);
    if (!user) {
      const fresh = await createFixture(core, spec);
      world.users[i + 1] = fresh.user;
      world.tokens.splice(t, spec.tokens.length, ...fresh.tokens);
      changed = true;
    } else {
      fixture.username = user.username;
      for (const [j, tokenSpec] of spec.tokens.entries()) {
        if (tokenSpec.revoked) continue;
        const stored = await core.tokens.getToken(tokens[j]!.id);
        if (stored && !stored.revokedAt) continue;
        world.tokens[t + j] = await mintToken(core, user.id, user.username, tokenSpec);
        changed = true;
      }
    }
    t += spec.tokens.length;
  }
  return changed;
}
