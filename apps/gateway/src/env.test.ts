import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.ts";

describe("parseEnv", () => {
  it("applies the documented defaults", () => {
    const parsed = parseEnv({});
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.env).toMatchObject({ PORT: 3000, HOST: "127.0.0.1" });
    expect(parsed.env.PGLITE_DATA_DIR).toMatch(/\.data\/pglite$/);
    expect(parsed.env.DATABASE_URL).toBeUndefined();
  });

  it("reads GITHUB_RATE_LIMIT as signed-in and anonymous limits, anonymous 60 unless given; off when unset", () => {
    expect(parseEnv({ GITHUB_RATE_LIMIT: "5000" })).toMatchObject({
      ok: true,
      env: { GITHUB_RATE_LIMIT: { authenticated: 5000, anonymous: 60 } },
    });
    expect(parseEnv({ GITHUB_RATE_LIMIT: "100,0" })).toMatchObject({
      ok: true,
      env: { GITHUB_RATE_LIMIT: { authenticated: 100, anonymous: 0 } },
    });
    const unset = parseEnv({});
    expect(unset.ok && unset.env.GITHUB_RATE_LIMIT).toBeUndefined();
  });

  it("treats empty variables as unset", () => {
    const parsed = parseEnv({ PORT: "", DATABASE_URL: "" });
    expect(parsed).toMatchObject({ ok: true, env: { PORT: 3000 } });
  });

  it.each([
    [{ PORT: "http" }, "PORT must be a whole number from 0 to 65535"],
    [{ PORT: "70000" }, "PORT must be a whole number from 0 to 65535"],
    [{ PUBLIC_URL: "example.com" }, "PUBLIC_URL must be an absolute http(s) URL"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL must be a postgres:// URL"],
    [{ ROOT_TOKEN: "short" }, "ROOT_TOKEN must be 8 to 255 printable characters, no spaces"],
    [
      { GITHUB_RATE_LIMIT: "lots" },
      "GITHUB_RATE_LIMIT must be requests per hour for signed-in callers, optionally followed by a comma and the anonymous limit (5000 or 5000,60)",
    ],
    [
      { GITHUB_RATE_LIMIT: "5000,60,1" },
      "GITHUB_RATE_LIMIT must be requests per hour for signed-in callers, optionally followed by a comma and the anonymous limit (5000 or 5000,60)",
    ],
  ])("refuses %o with one clear reason", (source, reason) => {
    expect(parseEnv(source)).toEqual({ ok: false, reason });
  });
});

describe("parseEnv: the limits", () => {
  it("defaults them", () => {
    expect(parseEnv({})).toMatchObject({
      ok: true,
      env: {
        PGLITE_DURABILITY: "strict",
        PGLITE_MAX_QUEUE: 64,
        MAX_BODY_BYTES: 1048576,
        SHUTDOWN_TIMEOUT: 10,
      },
    });
  });

  it.each([
    [{ PGLITE_DURABILITY: "fast" }, "PGLITE_DURABILITY must be strict or relaxed"],
    [{ PGLITE_MAX_QUEUE: "0" }, "PGLITE_MAX_QUEUE must be a whole number of at least 1"],
    [{ MAX_BODY_BYTES: "1mb" }, "MAX_BODY_BYTES must be a whole number of at least 1"],
    [{ SHUTDOWN_TIMEOUT: "-1" }, "SHUTDOWN_TIMEOUT must be a whole number of at least 1"],
  ])("refuses %o with one clear reason", (source, reason) => {
    expect(parseEnv(source)).toEqual({ ok: false, reason });
  });
});
