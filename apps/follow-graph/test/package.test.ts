// The package as users get it: packed to a tarball, installed with npm into an empty folder
// outside the workspace, its bin run through npx around real clients (node's fetch, then the
// pytest example with python-gitlab and PyGithub), follow-graph/testing imported and typechecked.
// Once per CI run, not per engine: everything here is in memory.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageDir, type Result } from "./run-bin.ts";

const PACK_AND_INSTALL = 600_000;
const PROCESSES = 120_000;
const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string };

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env: { ...process.env, ...env }, timeout: PACK_AND_INSTALL, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// Outside the workspace, so nothing resolves from its node_modules.
const scratch = mkdtempSync(join(tmpdir(), "follow-graph-package-"));
const app = join(scratch, "app");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `npx follow-graph exec -- …` in the installed folder. */
const npxExec = (command: string[], env: NodeJS.ProcessEnv = {}) =>
  run("npx", ["--no-install", "follow-graph", "exec", "--", ...command], app, env);

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("the packed follow-graph package", () => {
  beforeAll(async () => {
    // pnpm pack runs the package's prepack: the build (bundle, migrations, template, types).
    const packed = await run("pnpm", ["pack", "--pack-destination", scratch], packageDir);
    if (packed.code !== 0) throw new Error(`pnpm pack failed:\n${packed.stderr}${packed.stdout}`);
    mkdirSync(app);
    writeFileSync(
      join(app, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module" }),
    );
    const installed = await run(
      "npm",
      ["install", "--no-audit", "--no-fund", join(scratch, `follow-graph-${version}.tgz`)],
      app,
    );
    if (installed.code !== 0) throw new Error(`npm install failed:\n${installed.stderr}${installed.stdout}`);
  }, PACK_AND_INSTALL);

  it("brings only PGlite beside itself", () => {
    const lock = JSON.parse(readFileSync(join(app, "package-lock.json"), "utf8")) as {
      packages: Record<string, unknown>;
    };
    expect(Object.keys(lock.packages).sort()).toEqual([
      "",
      "node_modules/@electric-sql/pglite",
      "node_modules/follow-graph",
    ]);
  });

  it(
    "npx follow-graph exec runs a client against a fresh server and exits with its status",
    async () => {
      const check = `
        const response = await fetch(process.env.FOLLOW_GRAPH_GITLAB_URL + "/users/1", {
          headers: { "PRIVATE-TOKEN": process.env.FOLLOW_GRAPH_ROOT_TOKEN },
        });
        const user = await response.json();
        console.log(response.status, user.username);
        process.exit(user.username === "root" ? 0 : 1);`;
      const passed = await npxExec(["node", "--input-type=module", "-e", check]);
      expect(passed).toMatchObject({ code: 0, stdout: "200 root\n" });
      const failed = await npxExec(["node", "-e", "process.exit(3)"]);
      expect(failed.code).toBe(3);
      const missing = await npxExec(["no-such-command-here"]);
      expect(missing.code).toBe(127);
      expect(missing.stderr).toBe("follow-graph exec: cannot run 'no-such-command-here': no such command\n");
    },
    PROCESSES,
  );

  it(
    "npx follow-graph diff prints the catalogue's summary matrix and writes the HTML report",
    async () => {
      const matrix = await run(
        "npx",
        ["--no-install", "follow-graph", "diff", "--summary", "--no-color"],
        app,
      );
      expect(matrix.code).toBe(0);
      expect(matrix.stdout).toMatch(/^Scenario +GitLab \(\/api\/v4\)/);
      expect(matrix.stdout).toMatch(/\nfollow \/ repeat \/ self +≠ +201 \+ user \/ 304 \/ 304 /);
      const html = join(scratch, "report.html");
      const written = await run(
        "npx",
        ["--no-install", "follow-graph", "diff", "list-order", "--format", "html", "--out", html],
        app,
      );
      expect(written.code).toBe(0);
      expect(readFileSync(html, "utf8")).toMatch(/^<!doctype html>/i);
    },
    PROCESSES,
  );

  it(
    "runs the README's migration walk-through: import from one local server, export, plan and apply onto another",
    async () => {
      const readme = readFileSync(join(packageDir, "..", "..", "README.md"), "utf8");
      const walk = readme.slice(readme.indexOf("### A walk-through"), readme.indexOf("The plan prints:"));
      const blocks = [...walk.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], body: m[2]! }));
      // Inside the consumer, so npx finds the installed follow-graph rather than the registry.
      const dir = join(app, "walk");
      mkdirSync(dir);
      for (const { lang, body } of blocks)
        if (lang === "yaml") writeFileSync(join(dir, body.split("\n")[0]!.replace(/^#\s*/, "").trim()), body);
      const script = blocks.find((block) => block.lang === "sh")!.body;
      // The script leaves its two servers running in the background: its own process group
      // (setsid) is stopped when it ends, however it ends, and keeps its status.
      const stopGroup = `trap 'status=$?; trap "" TERM; kill 0; exit $status' EXIT`;
      writeFileSync(join(dir, "walk.sh"), `set -e\n${stopGroup}\n${script}`);
      const ran = await run("setsid", ["bash", "walk.sh"], dir);
      expect(ran.stderr).toContain("4 users created, 5 edges added");
      expect(ran.stdout).toContain("5 to add, 0 to remove, 1 placeholders to create");
      expect(ran.stdout).toContain("applied 5 of 5 items (5 in this run); verified 4 users: no differences");
      expect(ran.code).toBe(0);
      // The graph's 5 users (root, alice, bob, carol, dave), then its 5 edges.
      const lines = readFileSync(join(dir, "edges.ndjson"), "utf8").trim().split("\n");
      expect(lines.filter((line) => line.startsWith('{"follower"'))).toHaveLength(5);
      expect(lines).toHaveLength(10);
    },
    PROCESSES,
  );

  it(
    "runs the pytest example (python-gitlab and PyGithub, reset between tests) and it passes",
    async () => {
      const examples = join(packageDir, "examples", "pytest");
      const result = await npxExec(
        ["/usr/bin/python3", "-m", "pytest", "-p", "no:cacheprovider", "-q", examples],
        {
          PYTHONDONTWRITEBYTECODE: "1",
        },
      );
      expect(result.stdout).toMatch(/\b5 passed\b/);
      expect(result.code).toBe(0);
    },
    PROCESSES,
  );

  it(
    "imports follow-graph/testing, typed for TypeScript users",
    async () => {
      const script = `
        import { startFollowGraph } from "follow-graph/testing";
        const graph = await startFollowGraph();
        const alice = await graph.createUser({ username: "alice" });
        const response = await fetch(graph.githubUrl + "/user", { headers: { Authorization: "token " + alice.token } });
        console.log((await response.json()).login);
        await graph.close();`;
      const imported = await run(process.execPath, ["--input-type=module", "-e", script], app);
      expect(imported).toMatchObject({ code: 0, stdout: "alice\n" });

      writeFileSync(
        join(app, "consumer.ts"),
        `import { type FollowGraph, type Snapshot, startFollowGraph } from "follow-graph/testing";
const graph: FollowGraph = await startFollowGraph({ fixtures: { users: [] } });
const { id, token }: { id: number; token: string } = await graph.createUser({ username: "a", admin: true });
const snapshot: Snapshot = await graph.snapshot();
await graph.restore(snapshot);
const statuses: number[] = graph.requests().map((entry) => entry.status);
// @ts-expect-error a user needs a username
await graph.createUser({ admin: true });
export { id, token, statuses };
`,
      );
      const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
      const compilerOptions = { noEmit: true, strict: true, module: "nodenext", target: "es2022", types: [] };
      writeFileSync(join(app, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["consumer.ts"] }));
      const checked = await run(process.execPath, [tsc, "-p", "."], app);
      expect(checked.stdout + checked.stderr).toBe("");
      expect(checked.code).toBe(0);
    },
    PROCESSES,
  );
});
