// The follow-graph command from source: its commands, flags, exit statuses and signals. The
// in-memory cases run in the PGlite suite only; the --database-url case in the PostgreSQL one.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchDatabase } from "@follow-graph/core/testing";
import { afterAll, describe, expect, it } from "vitest";
import { runBin, startBin } from "./run-bin.ts";

const PROCESSES = 120_000;
const scratchDir = mkdtempSync(join(tmpdir(), "follow-graph-bin-"));
afterAll(() => rmSync(scratchDir, { recursive: true, force: true }));
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
// A node one-liner as exec's command.
const node = (code: string) => [process.execPath, "-e", code];

describe.skipIf(onPostgres)("follow-graph", () => {
  it(
    "prints its usage with every command, and each command's own",
    async () => {
      const all = await runBin(["--help"]);
      expect(all).toMatchObject({ code: 0, stderr: "" });
      expect(all.stdout).toMatch(/^usage: follow-graph <command>/);
      for (const command of ["serve", "exec", "migrate", "users create", "tokens create", "seed"])
        expect(all.stdout).toContain(`  ${command}`);
      const serve = await runBin(["serve", "--help"]);
      expect(serve.code).toBe(0);
      for (const flag of ["--port", "--host", "--memory", "--data-dir", "--database-url", "--root-token"])
        expect(serve.stdout).toContain(`  ${flag}`);
      for (const flag of [
        "--public-url",
        "--fixtures",
        "--control",
        "--pglite-durability",
        "--max-body-bytes",
      ])
        expect(serve.stdout).toContain(`  ${flag}`);
      expect(serve.stdout).toContain("--github-rate-limit VALUE");
      const exec = await runBin(["exec", "--help"]);
      expect(exec.code).toBe(0);
      expect(exec.stdout).toContain("FOLLOW_GRAPH_GHES_URL");
    },
    PROCESSES,
  );

  it.each([
    [["serve", "--bogus"], "unknown option '--bogus'", "usage: follow-graph serve"],
    [["serve", "--port"], "--port needs a value", "usage: follow-graph serve"],
    [["serve", "--control=yes"], "--control takes no value", "usage: follow-graph serve"],
    [["exec", "--port", "1", "--", "true"], "unknown option '--port'", "usage: follow-graph exec"],
    [["exec"], "exec needs a command after --", "usage: follow-graph exec"],
    [["users", "create", "--data-dir"], "--data-dir needs a value", "usage: follow-graph <command>"],
  ])("refuses %j: one line saying why, the usage, exit 2", async (args, reason, usage) => {
    const result = await runBin(args);
    expect(result.code).toBe(2);
    const [first, blank, head] = result.stderr.split("\n");
    expect([first, blank]).toEqual([reason, ""]);
    expect(head).toContain(usage);
  });

  it(
    "serve --memory --port 0 --json prints one JSON line once it answers, serves the control API with --control, and stops on SIGTERM",
    async () => {
      const rootToken = "serve-root-token-1";
      const serve = startBin([
        "serve",
        "--memory",
        "--port",
        "0",
        "--json",
        "--control",
        `--root-token=${rootToken}`,
      ]);
      const line = JSON.parse(await serve.firstLine());
      expect(Object.keys(line)).toEqual([
        "url",
        "gitlabUrl",
        "githubUrl",
        "enterpriseUrl",
        "rootToken",
        "pid",
      ]);
      expect(line).toMatchObject({ rootToken, pid: serve.child.pid });
      expect(line.gitlabUrl).toBe(`${line.url}/api/v4`);
      expect(line.enterpriseUrl).toBe(`${line.url}/api/v3`);
      const root = await fetch(`${line.gitlabUrl}/users/1`, { headers: { "PRIVATE-TOKEN": rootToken } });
      expect(((await root.json()) as { username: string }).username).toBe("root");
      const reset = await fetch(`${line.url}/__follow-graph/reset`, {
        method: "POST",
        headers: { Authorization: `Bearer ${rootToken}` },
      });
      expect(reset.status).toBeLessThan(300);
      serve.child.kill("SIGTERM");
      expect(await serve.exited).toBe(0);
    },
    PROCESSES,
  );

  it(
    "serve prints one line naming its URL; the store commands take --data-dir and read the same graph",
    async () => {
      const dataDir = join(scratchDir, "store");
      const created = await runBin([
        "users",
        "create",
        "--username",
        "erin",
        "--email",
        "e@example.com",
        "--data-dir",
        dataDir,
      ]);
      expect(created).toMatchObject({ code: 0, stdout: "2\n" });
      const token = await runBin(["tokens", "create", "--user", "erin", `--data-dir=${dataDir}`]);
      expect(token.code).toBe(0);
      const serve = startBin(["serve", "--data-dir", dataDir, "--port", "0"]);
      const line = await serve.firstLine();
      const url = line.match(
        /^follow-graph listening on (http:\/\/127\.0\.0\.1:\d+) \(database: PGlite /,
      )?.[1];
      expect(url).toBeDefined();
      const me = await fetch(`${url}/api/v4/user`, { headers: { "PRIVATE-TOKEN": token.stdout.trim() } });
      expect(((await me.json()) as { username: string }).username).toBe("erin");
      serve.child.kill("SIGINT");
      expect(await serve.exited).toBe(0);
    },
    PROCESSES,
  );

  it(
    "exec gives the command the coordinates and exits with its status",
    async () => {
      const check = `
        const e = process.env;
        const origin = e.FOLLOW_GRAPH_URL;
        const ok = e.FOLLOW_GRAPH_GITLAB_URL === origin + "/api/v4" && e.FOLLOW_GRAPH_GHES_URL === origin + "/api/v3"
          && e.FOLLOW_GRAPH_GITHUB_URL === origin;
        const res = await fetch(origin + "/user", { headers: { Authorization: "token " + e.FOLLOW_GRAPH_ROOT_TOKEN } });
        const body = await res.json();
        process.exit(ok && body.login === "root" ? 5 : 1);`;
      const result = await runBin(["exec", "--", process.execPath, "--input-type=module", "-e", check]);
      expect(result).toMatchObject({ code: 5, stderr: "" });
    },
    PROCESSES,
  );

  it(
    "exec answers 127 with one line for a command that cannot start, 128 + n for a signal",
    async () => {
      const missing = await runBin(["exec", "--", "no-such-command-here"]);
      expect(missing).toMatchObject({
        code: 127,
        stderr: "follow-graph exec: cannot run 'no-such-command-here': no such command\n",
      });
      const signalled = await runBin(["exec", "--", ...node("process.kill(process.pid, 'SIGKILL')")]);
      expect(signalled.code).toBe(128 + 9);
    },
    PROCESSES,
  );

  it(
    "SIGTERM to exec stops the command and the server",
    async () => {
      const exec = startBin([
        "exec",
        "--",
        ...node("console.log(process.env.FOLLOW_GRAPH_URL); setInterval(() => {}, 1000)"),
      ]);
      const url = await exec.firstLine();
      exec.child.kill("SIGTERM");
      expect(await exec.exited).toBe(128 + 15);
      await expect(fetch(`${url}/api/v4/version`)).rejects.toThrow();
    },
    PROCESSES,
  );

  it(
    "exec --fixtures loads a file, and refuses a bad one naming every bad path, exit 2, without running the command",
    async () => {
      const good = join(scratchDir, "good.yaml");
      writeFileSync(good, "users:\n  - username: gina\n    token: gina-token-0001\nfollows: []\n");
      const check = `const r = await fetch(process.env.FOLLOW_GRAPH_GITLAB_URL + "/user", { headers: { "PRIVATE-TOKEN": "gina-token-0001" } });
        process.exit((await r.json()).username === "gina" ? 0 : 1);`;
      const loaded = await runBin([
        "exec",
        "--fixtures",
        good,
        "--",
        process.execPath,
        "--input-type=module",
        "-e",
        check,
      ]);
      expect(loaded.code).toBe(0);

      const bad = join(scratchDir, "bad.json");
      writeFileSync(
        bad,
        JSON.stringify({ users: [{ username: "ok" }, { username: "" }, { username: "x", admin: "yes" }] }),
      );
      const refused = await runBin(["exec", "--fixtures", bad, "--", ...node("console.log('ran')")]);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe("");
      expect(refused.stderr).toContain("users[1].username");
      expect(refused.stderr).toContain("users[2].admin");
      expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    },
    PROCESSES,
  );
});

describe.skipIf(!onPostgres)("follow-graph exec --database-url", () => {
  it(
    "resets the database's graph at the start: what an earlier run left is gone",
    async () => {
      const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL!);
      try {
        const fixtures = join(scratchDir, "pg.json");
        writeFileSync(fixtures, JSON.stringify({ users: [{ username: "hank" }] }));
        const count = `const r = await fetch(process.env.FOLLOW_GRAPH_GITLAB_URL + "/users", { headers: { "PRIVATE-TOKEN": process.env.FOLLOW_GRAPH_ROOT_TOKEN } });
          process.exit((await r.json()).length);`;
        const code = [process.execPath, "--input-type=module", "-e", count];
        const first = await runBin([
          "exec",
          "--database-url",
          scratch.url,
          "--fixtures",
          fixtures,
          "--",
          ...code,
        ]);
        expect(first.code).toBe(2);
        const second = await runBin(["exec", "--database-url", scratch.url, "--", ...code]);
        expect(second.code).toBe(1);
      } finally {
        await scratch.drop();
      }
    },
    PROCESSES,
  );
});
