import { describe, expect, it } from "vitest";
import { sqlText } from "../db/json-statement.ts";
import { readableSql } from "../testing/readable-sql.ts";
import type { CallerPolicy } from "../tokens/caller.ts";
import { GITLAB_TOKEN_SCOPES, scopeSetsGranting, scopesIn } from "../tokens/scopes.ts";
import { policyParams, toggleSql } from "./follow-statement.ts";

// The write path's prepared call, pinned whole; and the policy compiled for the function, which
// must admit exactly the tokens `judge` admits. Pure: PGlite's pass only.
describe.skipIf(process.env.TEST_DATABASE_URL)("the follow statement", () => {
  it("is one call of follow_graph_toggle", () => {
    expect(readableSql(sqlText(toggleSql()))).toMatchInlineSnapshot(`
      "select follow_graph_toggle(
              $1::boolean,
              $2::bytea, $3::bigint,
              $4::date, $5::jsonb,
              $6::boolean, $7::jsonb,
              $8::bigint, $9::text,
              $10::boolean, $11::integer) as r"
    `);
  });

  it("compiles a policy into refused states, the admin flag and scope sets", () => {
    const policy: CallerPolicy = {
      dialect: "github",
      checks: [
        { check: "account", refused: ["blocked", "banned"] },
        { check: "admin" },
        { check: "scope", anyOf: ["user", "site_admin"] },
      ],
    };
    expect(policyParams(policy)).toEqual({
      refusedStates: ["blocked", "banned"],
      adminOnly: true,
      scopeGroups: [[["user"], ["api"], ["site_admin"], ["api", "admin_mode"]]],
    });
  });

  // Every scope either dialect names, the translation-only grants, and a stranger.
  const UNIVERSE = [
    ...GITLAB_TOKEN_SCOPES,
    ...["user", "user:follow", "read:user", "site_admin", "repo", "follow", "admin", "nonsense"],
  ];
  const ANY_OF = [
    ["api", "follow"],
    ["api", "read_api", "read_user"],
    ["api", "admin"],
    ["user", "user:follow"],
    ["user"],
    ["site_admin"],
    ["read:user"],
  ];

  it("admits a token by its scope sets exactly when scopesIn grants it one of anyOf", () => {
    const held: string[][] = [[]];
    for (const a of UNIVERSE) {
      held.push([a]);
      for (const b of UNIVERSE) if (a < b) held.push([a, b]);
    }
    const seen = { admitted: 0, refused: 0 };
    for (const dialect of ["gitlab", "github"] as const)
      for (const anyOf of ANY_OF) {
        const sets = scopeSetsGranting(dialect, anyOf);
        for (const scopes of held) {
          const byTranslation = scopesIn(dialect, scopes).some((scope) => anyOf.includes(scope));
          const bySets = sets.some((set) => set.every((scope) => scopes.includes(scope)));
          expect(bySets, `${dialect} ${anyOf} for [${scopes}]`).toBe(byTranslation);
          seen[byTranslation ? "admitted" : "refused"]++;
        }
      }
    // Both answers were met often: the sets are neither everything nor nothing.
    expect(seen.admitted).toBeGreaterThan(500);
    expect(seen.refused).toBeGreaterThan(500);
  });
});
