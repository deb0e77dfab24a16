import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const gatewayDir = fileURLToPath(new URL("..", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "follow-graph-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "src/cli.ts", ...args],
      { cwd: gatewayDir, env: { ...process.env, PGLITE_DATA_DIR: dataDir, DATABASE_URL: "" } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe("pnpm cli", () => {
  it("creates a user and mints a token that the server accepts", async () => {
    const created = await cli("users", "create", "--username", "erin", "--email", "erin@example.com");
    expect(created).toMatchObject({ code: 0, stdout: "2\n" });
    const minted = await cli("tokens", "create", "--user", "erin", "--scopes", "read_user");
    expect(minted.code).toBe(0);
    expect(minted.stdout).toMatch(/^glpat-[A-Za-z0-9]{20}\n$/);
    expect((await cli("migrate")).code).toBe(0);
  });

  it.each([
    [["bogus"], 2, "usage: pnpm cli"],
    [["users", "create", "--nope"], 2, "Unknown option '--nope'"],
    [["users", "create", "--username", "x"], 2, "users create needs --username and --email"],
    [["tokens", "create", "--user", "nobody"], 2, "no user 'nobody'"],
    [["tokens", "create", "--user", "erin", "--expires", "soon"], 2, "--expires must be YYYY-MM-DD"],
    [
      ["users", "create", "--username", "erin", "--email", "e2@example.com"],
      1,
      "Username has already been taken",
    ],
  ])("refuses %j with a clear message and exit %i", async (args, code, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
  });
});
