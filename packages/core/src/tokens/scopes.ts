/** The two vocabularies a token's scopes may be written in. */
export type Dialect = "gitlab" | "github";

/**
 * The scopes GitLab lets a personal access token carry (`POST /users/:id/personal_access_tokens`
 * refuses any other), shared by that route and the CLI so both accept the same tokens.
 */
export const GITLAB_TOKEN_SCOPES = [
  "api",
  "read_api",
  "read_user",
  "create_runner",
  "manage_runner",
  "k8s_proxy",
  "read_repository",
  "write_repository",
  "read_registry",
  "write_registry",
  "read_virtual_registry",
  "write_virtual_registry",
  "read_observability",
  "write_observability",
  "ai_features",
  "ai_workflows",
  "sudo",
  "admin_mode",
  "read_service_ping",
  "self_rotate",
] as const;

/**
 * What a GitHub follow scope grants GitLab: following, which GitLab itself only grants with
 * its all-purpose `api`. Reading `user:follow` as `api` would also open GitLab's admin
 * writes to an administrator's follow-only token; this grants the follow routes alone.
 */
export const FOLLOW_SCOPE = "follow";

/**
 * What GitHub's `site_admin` grants GitLab: its admin writes, which GitLab itself grants with
 * `api`. Reading `site_admin` as `api` would also let the token follow and unfollow through
 * GitLab, which GitHub refuses it (following needs `user` or `user:follow` there).
 */
export const ADMIN_SCOPE = "admin";

/**
 * Grants that exist only as translations. A token stored with one of these names (GHES
 * impersonation accepts any string) gets nothing from it: only the table below hands them out.
 */
const TRANSLATION_ONLY = new Set<string>([FOLLOW_SCOPE, ADMIN_SCOPE]);

/** `grants` in the reading dialect, for a token that carries every scope in `when`. */
interface Equivalent {
  when: readonly string[];
  grants: readonly string[];
}

/**
 * What scopes of one dialect grant in the other. A token keeps the scopes it was minted with;
 * each dialect reads them through this table. The rule: no scope grants in the other dialect
 * more than it grants in its own. So GitLab's `admin_mode` is GitHub's `site_admin` only
 * beside `api` (GitLab answers an `admin_mode`-only token 403 everywhere, and needs `api` for
 * any admin call), and `sudo` is nothing in GitHub, which has no Sudo.
 */
const EQUIVALENTS: Record<Dialect, readonly Equivalent[]> = {
  // GitHub scopes as GitLab reads them.
  gitlab: [
    // GitHub's `user` also writes the profile, but GitLab's only profile writes are admin ones.
    { when: ["user"], grants: [FOLLOW_SCOPE, "read_user"] },
    { when: ["user:follow"], grants: [FOLLOW_SCOPE, "read_user"] },
    // Profiles only: not `read_api`, which reads GitLab's whole API.
    { when: ["read:user"], grants: ["read_user"] },
    // Any GitHub token reads; GHES admin routes need `site_admin` (Admin Mode's scope kept for
    // the day GitLab's Admin Mode is modelled).
    { when: ["site_admin"], grants: [ADMIN_SCOPE, "admin_mode", "read_user"] },
  ],
  // GitLab scopes as GitHub reads them.
  github: [
    { when: ["api"], grants: ["user"] },
    { when: ["read_user"], grants: ["read:user"] },
    { when: ["read_api"], grants: ["read:user"] },
    { when: ["api", "admin_mode"], grants: ["site_admin"] },
  ],
};

/** The token's scopes plus what they grant in `dialect`'s vocabulary, without duplicates. */
export function scopesIn(dialect: Dialect, scopes: readonly string[]): string[] {
  const held = new Set(scopes.filter((scope) => !TRANSLATION_ONLY.has(scope)));
  const seen = new Set(held);
  for (const { when, grants } of EQUIVALENTS[dialect])
    if (when.every((scope) => held.has(scope))) for (const scope of grants) seen.add(scope);
  return [...seen];
}

/**
 * The stored scope sets that earn a token one of `anyOf` in `dialect`'s reading: a token is
 * admitted exactly when its scopes contain one of these sets (`scopesIn` read backwards). A
 * statement that must judge a token in SQL, before it writes, tests these.
 */
export function scopeSetsGranting(dialect: Dialect, anyOf: readonly string[]): string[][] {
  const sets: string[][] = [];
  for (const scope of anyOf) {
    if (!TRANSLATION_ONLY.has(scope)) sets.push([scope]);
    for (const { when, grants } of EQUIVALENTS[dialect])
      if (grants.includes(scope) && !when.some((held) => TRANSLATION_ONLY.has(held))) sets.push([...when]);
  }
  return sets;
}
