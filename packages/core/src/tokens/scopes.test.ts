import { describe, expect, it } from "vitest";
import { ADMIN_SCOPE, FOLLOW_SCOPE, scopesIn } from "./scopes.ts";

describe("scopesIn", () => {
  it("reads GitLab scopes in GitHub's vocabulary", () => {
    expect(scopesIn("github", ["api"])).toEqual(["api", "user"]);
    expect(scopesIn("github", ["read_user", "read_api"])).toEqual(["read_user", "read_api", "read:user"]);
    expect(scopesIn("github", ["api", "admin_mode"])).toEqual(["api", "admin_mode", "user", "site_admin"]);
  });

  it("reads `admin_mode` as `site_admin` only beside `api`, as GitLab needs `api` for any admin call", () => {
    expect(scopesIn("github", ["admin_mode"])).toEqual(["admin_mode"]);
    expect(scopesIn("github", ["admin_mode", "read_api"])).toEqual(["admin_mode", "read_api", "read:user"]);
    expect(scopesIn("github", ["admin_mode", "sudo"])).toEqual(["admin_mode", "sudo"]);
  });

  it("reads GitHub scopes in GitLab's vocabulary", () => {
    expect(scopesIn("gitlab", ["user:follow"])).toEqual(["user:follow", FOLLOW_SCOPE, "read_user"]);
    expect(scopesIn("gitlab", ["user"])).toEqual(["user", FOLLOW_SCOPE, "read_user"]);
    expect(scopesIn("gitlab", ["read:user"])).toEqual(["read:user", "read_user"]);
    expect(scopesIn("gitlab", ["site_admin"])).toEqual([
      "site_admin",
      ADMIN_SCOPE,
      "admin_mode",
      "read_user",
    ]);
  });

  it("never reads a GitHub scope as GitLab's all-purpose api, nor as sudo", () => {
    for (const scope of ["user", "user:follow", "read:user", "site_admin"]) {
      expect(scopesIn("gitlab", [scope])).not.toContain("api");
      expect(scopesIn("gitlab", [scope])).not.toContain("sudo");
    }
  });

  it("gives nothing for a translation's own name stored as a scope", () => {
    expect(scopesIn("gitlab", [FOLLOW_SCOPE, ADMIN_SCOPE])).toEqual([]);
    expect(scopesIn("gitlab", ["user", FOLLOW_SCOPE])).toEqual(["user", FOLLOW_SCOPE, "read_user"]);
  });

  it("leaves unrelated scopes alone and never duplicates", () => {
    expect(scopesIn("github", ["repo", "api", "user"])).toEqual(["repo", "api", "user"]);
    expect(scopesIn("gitlab", ["public_repo"])).toEqual(["public_repo"]);
    expect(scopesIn("gitlab", [])).toEqual([]);
  });
});
