import { describe, expect, it } from "vitest";
import { parseEnv, SERVED_DEFAULTS } from "./env.ts";

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

  it("reads GITHUB_RATE_LIMIT=off as both layouts off, and per layout as root= and v3= joined by ;", () => {
    expect(parseEnv({ GITHUB_RATE_LIMIT: "off" })).toMatchObject({
      ok: true,
      env: { GITHUB_RATE_LIMIT: {} },
    });
    expect(parseEnv({ GITHUB_RATE_LIMIT: "root=5000,60;v3=off" })).toMatchObject({
      ok: true,
      env: { GITHUB_RATE_LIMIT: { dotcom: { authenticated: 5000, anonymous: 60 }, enterprise: undefined } },
    });
    const v3Only = parseEnv({ GITHUB_RATE_LIMIT: "v3=100" });
    expect(v3Only.ok && v3Only.env.GITHUB_RATE_LIMIT).toEqual({
      enterprise: { authenticated: 100, anonymous: 60 },
    });
  });

  it("lets defaults stand in for unset or empty variables only, as `pnpm start` gives api.github.com's limits", () => {
    const served = parseEnv({}, SERVED_DEFAULTS);
    expect(served.ok && served.env.GITHUB_RATE_LIMIT).toEqual({
      dotcom: { authenticated: 5000, anonymous: 60 },
    });
    const empty = parseEnv({ GITHUB_RATE_LIMIT: "" }, SERVED_DEFAULTS);
    expect(empty.ok && empty.env.GITHUB_RATE_LIMIT).toEqual({
      dotcom: { authenticated: 5000, anonymous: 60 },
    });
    const off = parseEnv({ GITHUB_RATE_LIMIT: "off" }, SERVED_DEFAULTS);
    expect(off.ok && off.env.GITHUB_RATE_LIMIT).toEqual({});
    const both = parseEnv({ GITHUB_RATE_LIMIT: "5000" }, SERVED_DEFAULTS);
    expect(both.ok && both.env.GITHUB_RATE_LIMIT).toEqual({ authenticated: 5000, anonymous: 60 });
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
    [{ DATABASE_POOL_SIZE: "0" }, "DATABASE_POOL_SIZE must be a whole number of at least 1"],
    [{ DATABASE_POOL_SIZE: "ten" }, "DATABASE_POOL_SIZE must be a whole number of at least 1"],
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

  it.each(["root=5000;root=off", "root=lots", "v4=5000", "root=5000;", "root=5000;v3=1,2,3", "Root=5000"])(
    "refuses GITHUB_RATE_LIMIT=%s, saying how per-layout limits are written",
    (value) => {
      expect(parseEnv({ GITHUB_RATE_LIMIT: value })).toEqual({
        ok: false,
        reason:
          "GITHUB_RATE_LIMIT per layout must be root= and/or v3=, each once, followed by limits or off, joined by ; (root=5000,60;v3=off)",
      });
    },
  );
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
