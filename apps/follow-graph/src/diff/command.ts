// `follow-graph diff`: reads the command line, picks the scenarios and the columns, runs them
// and writes the report. Exit 0 when every step ran (and, with --fail-on-difference, nothing
// differs), 1 when a step failed or a difference fails the run, 2 for a refused command line.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { UsageError } from "../usage-error.ts";
import { catalogue } from "./catalogue/index.ts";
import { type Columns, conformanceColumns, DiffSetupError, dialectColumns } from "./columns.ts";
import { REPORT_FORMATS, type ReportFormat, renderReport } from "./render/index.ts";
import { runScenarios } from "./runner.ts";
import { ScenarioError } from "./scenario-parse.ts";
import { selectScenarios } from "./select-scenarios.ts";

export const DIFF_USAGE = `  diff [SCENARIO|FILE…] [--format text|markdown|html|json] [--out FILE]
                                            run scenarios through both dialects, side by side`;

export const diffHelp = () => `usage: follow-graph diff [SCENARIO|FILE…] [flags]

Runs each scenario's steps through GitLab's v4 dialect, GitHub Enterprise Server's layout
(/api/v3) and api.github.com's layout (the root), on one fresh in-memory graph, and reports
each dialect's requests and answers side by side, after a summary matrix. A SCENARIO is a
built-in scenario's name (--list shows them); a FILE (.yaml, .yml or .json) holds your own
scenario, or a list of them. Without either, the whole built-in catalogue runs.

  --format text|markdown|html|json          the report's format (default: text)
  --out FILE                                write the report to FILE instead of stdout
  --summary                                 text and markdown: only the summary matrix
  --list                                    list the built-in scenarios and exit
  --url URL --root-token T                  use the running server at URL instead of a fresh
                                            one: its graph is reset for each scenario when its
                                            control API is on, else users are added beside
                                            what is there, their names behind a prefix
  --against-gitlab URL --gitlab-token T     conformance: GitLab's steps here and on URL
  --against-github URL --github-token T     conformance: GitHub's steps here and on URL
                                            (a GitHub Enterprise Server, e.g. …/api/v3)
  --fail-on-difference                      exit 1 when a reported step differs between columns
  --color, --no-color                       text: colour (default: when stdout is a terminal)
  -h, --help                                show this help

Conformance runs make the scenario's users on the other server through its admin routes
(an administrator's token), under a fresh prefix, and leave them there.`;

const OPTIONS = {
  format: { type: "string" },
  out: { type: "string" },
  summary: { type: "boolean" },
  list: { type: "boolean" },
  url: { type: "string" },
  "root-token": { type: "string" },
  "against-gitlab": { type: "string" },
  "gitlab-token": { type: "string" },
  "against-github": { type: "string" },
  "github-token": { type: "string" },
  "fail-on-difference": { type: "boolean" },
  color: { type: "boolean" },
  "no-color": { type: "boolean" },
} as const;

function readCommandLine(args: string[]) {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`follow-graph diff: ${(error as Error).message.split("\n")[0]}`);
  }
  const { values, positionals } = parsed;
  const format = (values.format ?? "text") as ReportFormat;
  if (!REPORT_FORMATS.includes(format))
    throw new UsageError(
      `follow-graph diff: --format must be one of ${REPORT_FORMATS.join(", ")}, not '${format}'`,
    );
  const pair = (url: keyof typeof values, token: keyof typeof values) => {
    const u = values[url] as string | undefined;
    const t = values[token] as string | undefined;
    if ((u === undefined) !== (t === undefined))
      throw new UsageError(`follow-graph diff: --${url} and --${token} go together`);
    return u === undefined ? undefined : { url: u, token: t! };
  };
  return {
    format,
    out: values.out,
    summaryOnly: values.summary ?? false,
    list: values.list ?? false,
    running: pair("url", "root-token"),
    againstGitlab: pair("against-gitlab", "gitlab-token"),
    againstGithub: pair("against-github", "github-token"),
    failOnDifference: values["fail-on-difference"] ?? false,
    color: values["no-color"]
      ? false
      : (values.color ?? (format === "text" && !values.out && isColourTerminal())),
    names: positionals,
  };
}

const isColourTerminal = () => Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined;

function listCatalogue(): string {
  const scenarios = catalogue();
  const width = Math.max(...scenarios.map((s) => s.name.length));
  return scenarios.map((s) => `${s.name.padEnd(width)}  ${s.description ?? s.title}`).join("\n");
}

/** `follow-graph diff`: the exit status. */
export async function diff(args: string[]): Promise<number> {
  const line = readCommandLine(args);
  if (line.list) {
    console.log(listCatalogue());
    return 0;
  }
  let scenarios: ReturnType<typeof selectScenarios>;
  try {
    scenarios = selectScenarios(line.names);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    console.error(`follow-graph diff: ${error.message}`);
    return 2;
  }
  const conformance = line.againstGitlab || line.againstGithub;
  let columns: Columns;
  try {
    columns = conformance
      ? await conformanceColumns({
          running: line.running,
          gitlab: line.againstGitlab,
          github: line.againstGithub,
        })
      : await dialectColumns(line.running);
  } catch (error) {
    if (!(error instanceof DiffSetupError)) throw error;
    console.error(error.message);
    return error.exitCode;
  }
  if (columns.notice) console.error(`follow-graph diff: ${columns.notice}`);
  try {
    const { report, failed } = await runScenarios(scenarios, columns.plans, {
      mode: conformance ? "conformance" : "dialects",
      server: line.running ? line.running.url : "fresh",
    });
    const text = renderReport(report, line.format, { color: line.color, summaryOnly: line.summaryOnly });
    if (line.out) {
      writeFileSync(line.out, text.endsWith("\n") ? text : `${text}\n`);
      const { scenarios: count, differingSteps, failedSteps } = report.totals;
      const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
      console.error(
        `follow-graph diff: wrote ${line.out} (${counted(count, "scenario", "scenarios")}, ${counted(differingSteps, "step differs", "steps differ")}, ${failedSteps} failed)`,
      );
    } else process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    for (const scenario of report.scenarios)
      if (scenario.error) console.error(`follow-graph diff: ${scenario.name}: ${scenario.error}`);
    if (failed) return 1;
    if (line.failOnDifference && report.scenarios.some((s) => s.differs)) {
      const differing = report.scenarios.filter((s) => s.differs).map((s) => s.name);
      console.error(`follow-graph diff: the columns differ in ${differing.join(", ")}`);
      return 1;
    }
    return 0;
  } finally {
    await columns.close();
  }
}
