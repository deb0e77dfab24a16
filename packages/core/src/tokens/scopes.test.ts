import { describe, expect, it } from "vitest";
import { scopesIn } from "./scopes.ts";

describe("scopesIn", () => {
  it("reads GitLab scopes in GitHub's vocabulary", () => {
    expect(scopesIn("github", ["api"])).toEqual(["api", "user"]);
    expect(scopesIn("github", ["read_user", "read_api"])).toEqual(["read_user", "read:user", "read_api"]);
    expect(scopesIn("github", ["admin_mode"])).toEqual(["admin_mode", "site_admin"]);
  });

  it("reads GitHub scopes in GitLab's vocabulary", () => {
    expect(scopesIn("gitlab", ["user:follow"])).toEqual(["user:follow", "follow", "read_user"]);
    expect(scopesIn("gitlab", ["user"])).toEqual(["user", "follow", "read_user"]);
    expect(scopesIn("gitlab", ["read:user"])).toEqual(["read:user", "read_user", "read_api"]);
    expect(scopesIn("gitlab", ["site_admin"])).toEqual(["site_admin", "api", "admin_mode"]);
  });

  it("never reads a GitHub follow scope as GitLab's all-purpose api", () => {
    for (const scope of ["user", "user:follow", "read:user"])
      expect(scopesIn("gitlab", [scope])).not.toContain("api");
  });

  it("leaves unrelated scopes alone and never duplicates", () => {
    expect(scopesIn("github", ["repo", "api", "user"])).toEqual(["repo", "api", "user"]);
    expect(scopesIn("gitlab", ["public_repo"])).toEqual(["public_repo"]);
    expect(scopesIn("gitlab", [])).toEqual([]);
  });
});
