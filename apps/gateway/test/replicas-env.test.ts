import { describe, expect, it } from "vitest";
import { ENV_VARIABLES, parseEnv } from "../src/env.ts";

const primary = "postgres://postgres@127.0.0.1:5432/graph";

// Parsing only: the same on both engines, so it runs in the PGlite pass.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("DATABASE_REPLICA_URLS", () => {
  it("reads comma-separated postgres:// URLs, spaces around commas allowed", () => {
    const parsed = parseEnv({
      DATABASE_URL: primary,
      DATABASE_REPLICA_URLS: "postgres://postgres@10.0.0.2:5432/graph, postgresql://reader@10.0.0.3/graph",
    });
    expect(parsed).toMatchObject({
      ok: true,
      env: {
        DATABASE_REPLICA_URLS: [
          "postgres://postgres@10.0.0.2:5432/graph",
          "postgresql://reader@10.0.0.3/graph",
        ],
      },
    });
    const unset = parseEnv({ DATABASE_URL: primary });
    expect(unset.ok && unset.env.DATABASE_REPLICA_URLS).toBeUndefined();
  });

  it("refuses anything but postgres:// URLs, and an empty entry", () => {
    for (const value of ["mysql://db/graph", "postgres://ok/graph,", "10.0.0.2:5432"])
      expect(parseEnv({ DATABASE_URL: primary, DATABASE_REPLICA_URLS: value })).toEqual({
        ok: false,
        reason: "DATABASE_REPLICA_URLS must be postgres:// URLs separated by commas",
      });
  });

  it("refuses replicas of the embedded store", () => {
    expect(parseEnv({ DATABASE_REPLICA_URLS: "postgres://10.0.0.2/graph" })).toEqual({
      ok: false,
      reason:
        "DATABASE_REPLICA_URLS needs DATABASE_URL: replicas serve reads for a PostgreSQL primary, and the embedded PGlite store has none",
    });
  });

  it("refuses replicas beside the emulator's control API", () => {
    expect(
      parseEnv({
        DATABASE_URL: primary,
        DATABASE_REPLICA_URLS: "postgres://10.0.0.2/graph",
        FOLLOW_GRAPH_CONTROL: "1",
      }),
    ).toEqual({
      ok: false,
      reason:
        "DATABASE_REPLICA_URLS cannot be combined with FOLLOW_GRAPH_CONTROL: the emulator's resets and fixtures must be seen at once by every caller",
    });
  });

  it("is one of the variables the follow-graph bin offers as a flag (--database-replica-urls)", () => {
    expect(ENV_VARIABLES).toContain("DATABASE_REPLICA_URLS");
  });
});
