import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createCore, openDatabase } from "@follow-graph/core";
import { createScratchDatabase } from "@follow-graph/core/testing";
import { afterAll, describe, expect, it } from "vitest";

const gatewayDir = fileURLToPath(new URL("..", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "follow-graph-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Tests that start several CLI processes: each start costs seconds on a busy 2-core machine.
const PROCESSES_TIMEOUT = 120_000;

type Result = { code: number; stdout: string; stderr: string };

function cli(...args: string[]): Promise<Result> {
  return cliOn("", ...args);
}

/** The CLI on PostgreSQL at `databaseUrl`, or on its own PGlite when that is empty. */
function cliOn(databaseUrl: string, ...args: string[]): Promise<Result> {
  return cliWith({ DATABASE_URL: databaseUrl }, ...args);
}

/** The CLI with these environment variables (empty ones count as unset), on `dataDir` unless told. */
function cliWith(env: Record<string, string>, ...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "src/cli.ts", ...args],
      {
        cwd: gatewayDir,
        env: { ...process.env, PGLITE_DATA_DIR: dataDir, DATABASE_URL: "", ROOT_TOKEN: "", ...env },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe("pnpm cli", () => {
  it(
    "creates a user and mints a token that the server accepts",
    async () => {
      const created = await cli("users", "create", "--username", "erin", "--email", "erin@example.com");
      expect(created).toMatchObject({ code: 0, stdout: "2\n" });
      // The first use creates root; its token goes to stderr, as stdout holds only the answer.
      expect(created.stderr).toMatch(/Created the token of the administrator 'root' \(shown once\): glpat-/);
      const minted = await cli("tokens", "create", "--user", "erin", "--scopes", "read_user");
      expect(minted.code).toBe(0);
      expect(minted.stdout).toMatch(/^glpat-[A-Za-z0-9]{20}\n$/);
      expect((await cli("migrate")).code).toBe(0);
    },
    PROCESSES_TIMEOUT,
  );

  it.each([
    [["bogus"], 2, "unknown command 'bogus'"],
    [[], 2, "missing command"],
    [["tokens", "bogus"], 2, "unknown command 'tokens bogus'"],
    [
      ["tokens", "create", "--user", "erin", "--scopes", "foo"],
      2,
      "--scopes: unknown scope 'foo' (known: api,",
    ],
    [["tokens", "create", "--user", "erin", "--scopes", " , "], 2, "--scopes must name at least one scope"],
    [
      ["tokens", "create", "--user", "erin", "--expires", "2020-01-01"],
      2,
      "--expires must be a day after today",
    ],
    [["users", "create", "--nope"], 2, "Unknown option '--nope'"],
    [["users", "create", "--username", "x"], 2, "users create needs --username and --email"],
    [["tokens", "create", "--user", "nobody"], 2, "no user 'nobody'"],
    [["tokens", "create", "--user", "erin", "--expires", "soon"], 2, "--expires must be YYYY-MM-DD"],
    [
      ["users", "create", "--username", "erin", "--email", "e2@example.com"],
      1,
      "Username has already been taken",
    ],
    [["seed"], 2, "seed needs --users N"],
    [["seed", "--users", "ten"], 2, "--users must be a whole number"],
    [["seed", "--users", "10", "--edges=-5"], 2, "--edges must be a whole number"],
    [["seed", "--users", "10", "--popular", "10"], 2, "popular must be at most users - 1 = 9"],
    [["seed", "--users", "10", "--popular", "5", "--edges", "4"], 2, "edges must be at least popular = 5"],
    [["seed", "--users", "10", "--edges", "91"], 2, "edges must be at most users × (users - 1) = 90"],
    [["seed", "--users", "10", "--json", "extra"], 2, "Unexpected argument 'extra'"],
  ])("refuses %j with a clear message and exit %i", async (args, code, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(code);
    // The reason is the first line, alone; a refused command line is followed by the usage.
    const [reason, ...rest] = result.stderr.split("\n");
    expect(reason).toContain(message);
    if (code === 2) expect(rest.join("\n")).toMatch(/^\nusage: pnpm cli/);
    expect(result.stdout).toBe("");
  });

  it.each([
    [["--help"], "tokens rotate-root"],
    [["-h"], "seed --users N"],
    [["seed", "--help"], "seed --users N"],
    [["tokens", "create", "--user", "erin", "--help"], "tokens create --user U|ID"],
    [["tokens", "--help"], "tokens create --user U|ID"],
  ])("%j prints the usage on stdout and exits 0", async (args, shown) => {
    const result = await cli(...args);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^usage: pnpm cli <command>/);
    expect(result.stdout).toContain(shown);
    expect(result.stdout).toContain("-h, --help");
  });

  it(
    "seeds a graph and prints one JSON line, with one progress line per step on stderr",
    async () => {
      const server = process.env.TEST_DATABASE_URL;
      const scratch = server ? await createScratchDatabase(server) : undefined;
      try {
        const args = [
          "seed",
          "--users",
          "50",
          "--edges",
          "400",
          "--popular",
          "30",
          "--random-seed",
          "3",
          "--json",
        ];
        const seeded = await cliOn(scratch?.url ?? "", ...args);
        expect(seeded.code).toBe(0);
        const lines = seeded.stdout.split("\n");
        expect(lines).toHaveLength(2);
        expect(lines[1]).toBe("");
        const result = JSON.parse(lines[0]!);
        expect(Object.keys(result)).toEqual([
          "users",
          "edges",
          "firstUserId",
          "lastUserId",
          "popular",
          "seconds",
        ]);
        expect(result).toMatchObject({ users: 50, edges: 400, lastUserId: result.firstUserId + 49 });
        expect(result.popular).toEqual({
          id: result.firstUserId,
          username: `seed-${result.firstUserId}`,
          followers: 30,
        });
        expect(result.seconds).toBeTypeOf("number");
        expect(seeded.stderr).toMatch(
          /^seed: users 50 in \d+\.\d s\nseed: edges 400 in \d+\.\d s\nseed: counters in \d+\.\d s\nseed: vacuum analyze in \d+\.\d s\n$/m,
        );

        const again = await cliOn(scratch?.url ?? "", "seed", "--users", "3");
        expect(again.code).toBe(0);
        expect(again.stdout).toMatch(/^seeded 3 users \(ids (\d+)\.\.(\d+)\) and 0 follows in [\d.]+ s\n$/);
      } finally {
        await scratch?.drop();
      }
    },
    PROCESSES_TIMEOUT,
  );

  it(
    "tokens rotate-root prints a new root token once and revokes the ROOT_TOKEN and generated ones",
    async () => {
      const server = process.env.TEST_DATABASE_URL;
      const scratch = server ? await createScratchDatabase(server) : undefined;
      const ownDir = mkdtempSync(join(tmpdir(), "follow-graph-rotate-"));
      const env = { DATABASE_URL: scratch?.url ?? "", PGLITE_DATA_DIR: ownDir };
      try {
        // The next start would put ROOT_TOKEN back: refused before the database is opened.
        const refused = await cliWith({ ...env, ROOT_TOKEN: "old-root-token-1" }, "tokens", "rotate-root");
        expect(refused).toMatchObject({ code: 2, stdout: "" });
        expect(refused.stderr).toBe(
          "tokens rotate-root: ROOT_TOKEN is set and the next start would make it root's token again; set ROOT_TOKEN to a new secret instead\n",
        );

        expect((await cliWith({ ...env, ROOT_TOKEN: "old-root-token-1" }, "migrate")).code).toBe(0);
        const rotated = await cliWith(env, "tokens", "rotate-root");
        expect(rotated).toMatchObject({ code: 0, stderr: "Revoked 1 earlier root token\n" });
        expect(rotated.stdout).toMatch(/^glpat-[A-Za-z0-9]{20}\n$/);
        const again = await cliWith(env, "tokens", "rotate-root");
        expect(again.code).toBe(0);

        const database = await openDatabase(
          scratch ? { driver: "postgres", url: scratch.url } : { driver: "pglite", dataDir: ownDir },
        );
        try {
          const { tokens } = createCore({ db: database.db });
          expect((await tokens.resolveToken("old-root-token-1")).status).toBe("revoked");
          expect((await tokens.resolveToken(rotated.stdout.trim())).status).toBe("revoked");
          expect(await tokens.resolveToken(again.stdout.trim())).toMatchObject({
            status: "valid",
            user: { id: 1, isAdmin: true },
          });
        } finally {
          await database.close();
        }
      } finally {
        await scratch?.drop();
        rmSync(ownDir, { recursive: true, force: true });
      }
    },
    PROCESSES_TIMEOUT,
  );
});
