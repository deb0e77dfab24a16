// follow-graph diff end to end: scenarios through the three layouts of a fresh server, the
// normalized exchanges, the bin's exit statuses and one-line reasons, and conformance runs
// against a second server (one like this one, which must agree completely, and one configured
// differently, whose disagreements must be found). Every server here is in memory: run once.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv, type RunningServer, startServer } from "@follow-graph/gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogue } from "../src/diff/catalogue/index.ts";
import { conformanceColumns, dialectColumns } from "../src/diff/columns.ts";
import type { DiffReport } from "../src/diff/report-model.ts";
import { runScenarios } from "../src/diff/runner.ts";
import { startEmulator } from "../src/emulator.ts";
import { runBin } from "./run-bin.ts";

const TIMEOUT = 120_000;
const scratch = mkdtempSync(join(tmpdir(), "follow-graph-diff-"));

/** A port of 127.0.0.1 nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const pick = (...names: string[]) => catalogue().filter((scenario) => names.includes(scenario.name));

async function dialectsReport(...names: string[]): Promise<DiffReport> {
  const columns = await dialectColumns(undefined);
  try {
    return (await runScenarios(pick(...names), columns.plans, { mode: "dialects", server: "fresh" })).report;
  } finally {
    await columns.close();
  }
}

/** A second server, in memory, with GitHub's rate limit as given (off when absent). */
async function otherServer(githubRateLimit?: string): Promise<RunningServer> {
  const parsed = parseEnv({
    PORT: "0",
    HOST: "127.0.0.1",
    ROOT_TOKEN: "other-root-token",
    PGLITE_DATA_DIR: "memory://",
    ...(githubRateLimit ? { GITHUB_RATE_LIMIT: githubRateLimit } : {}),
  });
  if (!parsed.ok) throw new Error(parsed.reason);
  return startServer(parsed.env);
}

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("follow-graph diff", () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  describe("the three layouts of a fresh server", () => {
    let report: DiffReport;
    beforeAll(async () => {
      report = await dialectsReport(
        "follow-repeat-self",
        "missing-write-scope",
        "cursor-links",
        "user-to-user-blocks",
      );
    }, TIMEOUT);

    it("reports each scenario's outcome per column in the summary matrix", () => {
      expect(report.columns.map((c) => c.id)).toEqual(["gitlab", "github-enterprise", "github"]);
      const outcome = report.scenarios.find((s) => s.name === "follow-repeat-self")!.outcome;
      expect(outcome).toEqual({
        gitlab: "201 + user / 304 / 304",
        "github-enterprise": "204 / 204 / 204",
        github: "204 / 204 / 204",
      });
      expect(report.totals).toMatchObject({ scenarios: 4, failedSteps: 0 });
      expect(report.scenarios.filter((s) => s.differs).map((s) => s.name)).toEqual([
        "follow-repeat-self",
        "missing-write-scope",
        "user-to-user-blocks",
      ]);
    });

    it("normalizes ids, tokens and the host, and keeps what clients read", () => {
      const step = report.scenarios.find((s) => s.name === "follow-repeat-self")!.steps[0]!;
      expect(step.outcomes.gitlab!.exchange!.request).toMatchObject({
        method: "POST",
        path: "/api/v4/users/{id:bob}/follow",
        headers: { "private-token": "{token:alice}" },
      });
      expect(step.outcomes.gitlab!.exchange!.response.body).toMatchObject({
        id: "{id:bob}",
        username: "bob",
      });
      expect(step.outcomes.github!.exchange!.request).toMatchObject({
        method: "PUT",
        path: "/user/following/bob",
        headers: { authorization: "token {token:alice}" },
      });
      expect(step.differences.map((d) => d.aspect)).toEqual(["status", "body"]);
      const text = JSON.stringify(report);
      expect(text).not.toMatch(/fgdiff-|127\.0\.0\.1/);
      const cursor = report.scenarios.find((s) => s.name === "cursor-links")!.steps[0]!;
      expect(cursor.outcomes["github-enterprise"]!.exchange!.response.headers.link).toContain(
        '<{host}/api/v3/users/alice/followers?per_page=1&cursor={cursor}&page=3>; rel="next"',
      );
      const scope = report.scenarios.find((s) => s.name === "missing-write-scope")!.steps[0]!;
      expect(scope.outcomes.github!.exchange!.response.headers["x-accepted-oauth-scopes"]).toBe(
        "user, user:follow",
      );
    });

    it("says why a step has no request in a dialect, and still makes its change there", () => {
      const blocks = report.scenarios.find((s) => s.name === "user-to-user-blocks")!;
      expect(blocks.steps[0]!.outcomes.gitlab).toEqual({
        summary: "n/a",
        notApplicable: "GitLab has no user-to-user blocks",
      });
      // The block went through GitHub, so GitLab sees the follows it removed.
      expect(blocks.steps[1]!.outcomes.gitlab!.summary).toBe("200 + is_followed: false");
    });

    it(
      "gives the same report twice but for its time",
      async () => {
        const again = await dialectsReport(
          "follow-repeat-self",
          "missing-write-scope",
          "cursor-links",
          "user-to-user-blocks",
        );
        expect({ ...again, generatedAt: "" }).toEqual({ ...report, generatedAt: "" });
      },
      TIMEOUT,
    );
  });

  describe("the bin", () => {
    it(
      "prints the summary matrix and writes the other formats to --out",
      async () => {
        const printed = await runBin(["diff", "follow-repeat-self", "list-order", "--summary", "--no-color"]);
        expect(printed.code).toBe(0);
        expect(printed.stdout.split("\n")[0]).toMatch(
          /^Scenario +GitLab \(\/api\/v4\) +GitHub Enterprise \(\/api\/v3\) +GitHub/,
        );
        expect(printed.stdout).toMatch(
          /follow \/ repeat \/ self +≠ +201 \+ user \/ 304 \/ 304 +204 \/ 204 \/ 204/,
        );
        const out = join(scratch, "report.json");
        const written = await runBin(["diff", "list-order", "--format", "json", "--out", out]);
        expect(written).toMatchObject({ code: 0, stdout: "" });
        expect(written.stderr).toBe(
          `follow-graph diff: wrote ${out} (1 scenario, 1 step differs, 0 failed)\n`,
        );
        const report = JSON.parse(readFileSync(out, "utf8")) as DiffReport;
        expect(report).toMatchObject({ version: 1, mode: "dialects", server: "fresh" });
      },
      TIMEOUT,
    );

    it(
      "runs a user's own scenario file",
      async () => {
        const file = join(scratch, "mine.yaml");
        writeFileSync(
          file,
          "name: mine\ntitle: alice follows bob twice\nusers: [alice, bob]\nsteps:\n  - { follow: bob, as: alice }\n  - { follow: bob, as: alice }\n",
        );
        const result = await runBin(["diff", file, "--format", "markdown", "--summary"]);
        expect(result.stdout).toContain(
          "| alice follows bob twice | 201 + user / 304 | 204 / 204 | 204 / 204 |",
        );
        expect(result.code).toBe(0);
      },
      TIMEOUT,
    );

    it.each([
      [
        ["diff", "no-such-scenario"],
        "follow-graph diff: no built-in scenario 'no-such-scenario' (follow-graph diff --list shows them)",
      ],
      [
        ["diff", "--format", "pdf"],
        "follow-graph diff: --format must be one of text, markdown, html, json, not 'pdf'",
      ],
      [
        ["diff", "--against-gitlab", "http://127.0.0.1:9"],
        "follow-graph diff: --against-gitlab and --gitlab-token go together",
      ],
      [
        ["diff", "--against-github", "https://api.github.com", "--github-token", "t"],
        "follow-graph diff: --against-github cannot be api.github.com",
      ],
    ])(
      "refuses %j with a one-line reason and exit 2",
      async (args, reason) => {
        const result = await runBin(args);
        expect(result.code).toBe(2);
        expect(result.stderr.split("\n")[0]).toContain(reason);
      },
      TIMEOUT,
    );

    it(
      "uses a running server given --url: resets it when its control API is on, else adds prefixed users and says so",
      async () => {
        const withControl = await startEmulator({ rootToken: "diff-url-root-token" });
        const plain = await otherServer();
        try {
          const reset = await runBin([
            "diff",
            "list-order",
            "--url",
            withControl.coordinates.url,
            "--root-token",
            "diff-url-root-token",
            "--summary",
          ]);
          expect(reset.code).toBe(0);
          expect(reset.stderr).toContain(
            `follow-graph diff: resetting the graph at ${withControl.coordinates.url} before each scenario`,
          );
          const added = await runBin([
            "diff",
            "list-order",
            "--url",
            plain.url,
            "--root-token",
            "other-root-token",
            "--summary",
            "--no-color",
          ]);
          expect(added.code).toBe(0);
          expect(added.stderr).toContain("its control API is off, nothing there is reset");
          expect(added.stdout).toMatch(
            /list order +≠ +200 \+ 2 users \(bob, carol\) +200 \+ 2 users \(carol, bob\)/,
          );
          // Root and the three columns' users (alice, bob, carol each) are there, nothing else.
          const users = await fetch(`${plain.url}/api/v4/users?per_page=100`, {
            headers: { "private-token": "other-root-token" },
          });
          expect(((await users.json()) as unknown[]).length).toBe(10);
        } finally {
          await Promise.all([withControl.server.stop(), plain.stop()]);
        }
      },
      TIMEOUT,
    );

    it(
      "refuses a bad scenario file naming the step and field, exit 2",
      async () => {
        const file = join(scratch, "bad.yaml");
        writeFileSync(file, "name: bad\ntitle: bad\nusers: [alice]\nsteps:\n  - { follow: zed }\n");
        const result = await runBin(["diff", file]);
        expect(result).toMatchObject({ code: 2, stdout: "" });
        expect(result.stderr).toBe(`follow-graph diff: ${file}: steps[0].follow: no user 'zed'\n`);
      },
      TIMEOUT,
    );

    it(
      "writes a partial report with the failing step marked when the other server does not answer, exit 1",
      async () => {
        const out = join(scratch, "unreachable.json");
        const port = await closedPort();
        const result = await runBin([
          "diff",
          "follow-repeat-self",
          "list-order",
          "--against-gitlab",
          `http://127.0.0.1:${port}`,
          "--gitlab-token",
          "whatever-token",
          "--format",
          "json",
          "--out",
          out,
        ]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(
          `follow-graph diff: follow-repeat-self: GitLab: http://127.0.0.1:${port}: start state: http://127.0.0.1:${port} did not answer POST /api/v4/users: ECONNREFUSED\n`,
        );
        const report = JSON.parse(readFileSync(out, "utf8")) as DiffReport;
        expect(report.scenarios).toHaveLength(1);
        expect(report.scenarios[0]!.steps[0]!.outcomes["gitlab-other"]!.error).toMatch(/ECONNREFUSED/);
        expect(report.scenarios[0]!.steps[0]!.outcomes["gitlab-this"]!.exchange?.response.status).toBe(201);
      },
      TIMEOUT,
    );
  });

  describe("conformance", () => {
    let twin: RunningServer;
    let limited: RunningServer;
    beforeAll(async () => {
      [twin, limited] = await Promise.all([otherServer(), otherServer("v3=100")]);
    }, TIMEOUT);
    afterAll(async () => {
      await Promise.all([twin?.stop(), limited?.stop()]);
    });

    const conformance = async (other: RunningServer, token = "other-root-token") => {
      const columns = await conformanceColumns({
        running: undefined,
        gitlab: { url: `${other.url}/api/v4`, token },
        github: { url: `${other.url}/api/v3`, token },
      });
      try {
        const scenarios = pick(
          "follow-repeat-self",
          "cursor-links",
          "missing-write-scope",
          "suspended-account",
          "private-profile",
        );
        return await runScenarios(scenarios, columns.plans, { mode: "conformance", server: "fresh" });
      } finally {
        await columns.close();
      }
    };

    it(
      "agrees completely with a second instance of this server",
      async () => {
        const { report, failed } = await conformance(twin);
        expect(failed).toBe(false);
        expect(report.columns.map((c) => c.id)).toEqual([
          "gitlab-this",
          "gitlab-other",
          "github-this",
          "github-other",
        ]);
        expect(report.totals).toMatchObject({ scenarios: 5, differingSteps: 0, failedSteps: 0 });
        // GitHub's admin routes cannot make a private profile: the scenario is n/a there, on both.
        const privateProfile = report.scenarios.find((s) => s.name === "private-profile")!;
        expect(privateProfile.outcome["github-this"]).toMatch(/^n\/a/);
        expect(privateProfile.outcome["gitlab-other"]).toBe(privateProfile.outcome["gitlab-this"]);
      },
      TIMEOUT,
    );

    it(
      "finds and shows where a server configured differently disagrees (GitHub's rate limit on /api/v3)",
      async () => {
        const { report } = await conformance(limited);
        const differing = report.scenarios.filter((s) => s.differs).map((s) => s.name);
        expect(differing).toEqual([
          "follow-repeat-self",
          "cursor-links",
          "missing-write-scope",
          "suspended-account",
        ]);
        const step = report.scenarios[0]!.steps[0]!;
        expect(step.differences).toContainEqual({
          aspect: "github header:x-ratelimit-limit",
          values: { "github-this": "absent", "github-other": "100" },
        });
        expect(step.differences.some((d) => d.aspect.startsWith("gitlab"))).toBe(false);
      },
      TIMEOUT,
    );

    it(
      "exits 1 with --fail-on-difference only when the servers disagree",
      async () => {
        const args = (server: RunningServer) => [
          "diff",
          "follow-repeat-self",
          "--against-github",
          `${server.url}/api/v3`,
          "--github-token",
          "other-root-token",
          "--fail-on-difference",
          "--summary",
        ];
        const agreeing = await runBin(args(twin));
        expect(agreeing.code).toBe(0);
        const disagreeing = await runBin(args(limited));
        expect(disagreeing.code).toBe(1);
        expect(disagreeing.stderr).toContain("follow-graph diff: the columns differ in follow-repeat-self");
      },
      TIMEOUT,
    );

    it(
      "stops with a one-line reason when the other server refuses the token, exit 1",
      async () => {
        const result = await runBin([
          "diff",
          "follow-repeat-self",
          "--against-gitlab",
          twin.url,
          "--gitlab-token",
          "not-the-root-token",
          "--summary",
        ]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`refused the admin token (401) to create the user`);
      },
      TIMEOUT,
    );
  });
});
