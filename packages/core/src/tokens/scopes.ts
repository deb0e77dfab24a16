/** The two vocabularies a token's scopes may be written in. */
export type Dialect = "gitlab" | "github";

/**
 * What a GitHub follow scope grants GitLab: following, which GitLab itself only grants with
 * its all-purpose `api`. Reading `user:follow` as `api` would also open GitLab's admin
 * writes to an administrator's follow-only token; this grants the follow routes alone.
 */
export const FOLLOW_SCOPE = "follow";

/**
 * What each scope of one dialect grants in the other. A token keeps the scopes it was minted
 * with; each dialect reads them through this table, so a GitLab `api` token can follow
 * through GitHub's routes and a GitHub `user:follow` token through GitLab's.
 */
const EQUIVALENTS: Record<Dialect, Record<string, readonly string[]>> = {
  // GitHub scopes as GitLab reads them.
  gitlab: {
    user: [FOLLOW_SCOPE, "read_user"],
    "user:follow": [FOLLOW_SCOPE, "read_user"],
    "read:user": ["read_user", "read_api"],
    // GHES admin routes need only `site_admin`; GitLab's need `api` (and Admin Mode's scope).
    site_admin: ["api", "admin_mode"],
  },
  // GitLab scopes as GitHub reads them.
  github: {
    api: ["user"],
    read_user: ["read:user"],
    read_api: ["read:user"],
    admin_mode: ["site_admin"],
  },
};

/** The token's scopes plus what they grant in `dialect`'s vocabulary, without duplicates. */
export function scopesIn(dialect: Dialect, scopes: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const scope of scopes) {
    seen.add(scope);
    for (const equivalent of EQUIVALENTS[dialect][scope] ?? []) seen.add(equivalent);
  }
  return [...seen];
}
