// `follow-graph import SOURCE …`: from files here (ndjson, arrays, mastodon); from a live
// forge in import-live.ts.
import { accessSync, constants, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { isDomainError, isStartupError } from "@follow-graph/core";
import { UsageError } from "../usage-error.ts";
import type { GraphTarget, ImportMode } from "./contracts.ts";
import { ControlTargetError } from "./control-target.ts";
import { IdentityMapError, readIdentityMap } from "./identity/identity-map.ts";
import { withIdentityMap } from "./identity/map-records.ts";
import { type ListKind, readArrays } from "./import-files/arrays.ts";
import { type BadRecords, badRecords, type OnError, withoutBadEdges } from "./import-files/bad-records.ts";
import { type ImportTotals, importUnits } from "./import-files/batches.ts";
import { readMastodon } from "./import-files/mastodon.ts";
import { readNdjson } from "./import-files/ndjson.ts";
import { ImportFileError, type ImportUnit } from "./import-files/units.ts";
import { importLive, importLiveHelp } from "./import-live.ts";
import { openTarget, resolveTarget, TARGET_OPTIONS, TARGET_USAGE, targetFlags } from "./open-target.ts";

const SOURCES = "github|gitlab|ndjson|arrays|mastodon";
const DEFAULT_BATCH = 5000;

const FILE_USAGE = `usage: follow-graph import ndjson FILE|- [flags]
       follow-graph import arrays FILE… [--list followers|following] [flags]
       follow-graph import mastodon FILE|- --user LOGIN [--keep-domain] [flags]
       follow-graph import github|gitlab …   (see follow-graph import github --help)

Brings follows in from files, in batches, each one transaction; users are created by login
(case-insensitively) with the ids and logins the files give them on GitHub or GitLab.

  ndjson     one JSON object a line: an edge {"follower","followee","at"?} by logins, or by
             the ids of user lines {"login","id"?,"name"?,"identities"?} before it
  arrays     one user's followers (or following) a file, named by the user (alice.json), as
             gh api --paginate users/alice/followers or GitLab's GET /users/:id/followers
             answer them; the list is the folder's name (followers/, following/) or --list
  mastodon   Mastodon's follows export (following_accounts.csv): whom --user follows; an
             account's login is its username (with --keep-domain: username.server)

  --mode merge|overwrite                    merge (default) adds; overwrite also removes what
                                            each list held whole in the files no longer holds
                                            (ndjson: each follower's lines must be together)
  --batch N                                 edges per transaction (default ${DEFAULT_BATCH})
  --on-error abort|skip                     a bad record (any source: a self-edge, an edge the
                                            input gave already; ndjson: bad JSON, a bad line, an
                                            id no user line before it gave): abort (default)
                                            stops at it, naming file:line, nothing of its batch
                                            stored; skip reports it on stderr with file:line,
                                            leaves it out, imports the rest and exits 0, the
                                            summary counting it (an arrays or mastodon file
                                            that cannot be parsed still aborts)
  --identity-map FILE                       CSV github_login,github_id,gitlab_username,gitlab_id:
                                            each user the map names (by its login, or the login
                                            the file gives it, on either side) gets both sides
                                            recorded, so plan and apply know it on the other
                                            forge; a bad map is one line naming file:line, exit 1
${TARGET_USAGE}
  -h, --help                                show this help`;

const FILE_OPTIONS = {
  ...TARGET_OPTIONS,
  mode: { type: "string" },
  batch: { type: "string" },
  list: { type: "string" },
  user: { type: "string" },
  "keep-domain": { type: "boolean" },
  "identity-map": { type: "string" },
  "on-error": { type: "string" },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof FILE_OPTIONS; allowPositionals: true }>
>["values"];

function readMode(value: string | undefined): ImportMode {
  if (value === undefined || value === "merge" || value === "overwrite") return value ?? "merge";
  throw new UsageError(`--mode must be merge or overwrite ('${value}')`);
}

function readOnError(value: string | undefined): OnError {
  if (value === undefined || value === "abort" || value === "skip") return value ?? "abort";
  throw new UsageError(`--on-error must be abort or skip ('${value}')`);
}

function readBatch(value: string | undefined): number {
  if (value === undefined) return DEFAULT_BATCH;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1 || Number(value) > 100_000)
    throw new UsageError("--batch must be a whole number from 1 to 100000");
  return Number(value);
}

/** The units a source's files yield, or a UsageError for a bad command line. */
function unitsOf(
  source: string,
  files: string[],
  values: Values,
  mode: ImportMode,
  bad: BadRecords,
): AsyncIterable<ImportUnit> {
  const only = (flag: string, sources: string[]) => {
    if (values[flag as keyof Values] !== undefined && !sources.includes(source))
      throw new UsageError(`--${flag} is for import ${sources.join(" or ")}`);
  };
  only("list", ["arrays"]);
  only("user", ["mastodon"]);
  only("keep-domain", ["mastodon"]);
  if (files.length === 0) throw new UsageError(`import ${source} needs a file`);
  if (source === "ndjson") {
    if (files.length > 1) throw new UsageError("import ndjson takes one file (or - for stdin)");
    return readNdjson(files[0]!, mode === "overwrite", bad);
  }
  if (source === "arrays") {
    const list = values.list;
    if (list !== undefined && list !== "followers" && list !== "following")
      throw new UsageError(`--list must be followers or following ('${list}')`);
    if (files.includes("-")) throw new UsageError("import arrays reads files named by their user, not stdin");
    return readArrays(files, list as ListKind | undefined);
  }
  if (!values.user) throw new UsageError("import mastodon needs --user LOGIN (whose follows the file lists)");
  if (files.length > 1) throw new UsageError("import mastodon takes one file (or - for stdin)");
  return readMastodon(files[0]!, values.user, values["keep-domain"] === true);
}

const count = (n: number) => n.toLocaleString("en-US");

const describeTotals = (t: ImportTotals) =>
  `${count(t.edgesRead)} edges read: ${count(t.usersCreated)} users created, ${count(t.edgesAdded)} edges added, ${count(t.edgesRemoved)} removed${t.edgesSkipped ? `, ${count(t.edgesSkipped)} skipped (blocked)` : ""}`;

/** One line per committed batch on stderr, at most one a second (and the last). */
function batchProgress(source: string): (totals: ImportTotals) => void {
  let last = 0;
  return (totals) => {
    const now = performance.now();
    if (now - last < 1000) return;
    last = now;
    process.stderr.write(`import ${source}: batch ${totals.batches}, ${describeTotals(totals)}\n`);
  };
}

/** Why the import stopped, in one line; what earlier batches stored stays stored. */
function failure(error: unknown, done: ImportTotals | undefined): string | undefined {
  const kept = done?.batches
    ? ` (nothing of this batch was stored; the ${count(done.batches)} before it were: ${describeTotals(done)})`
    : " (nothing was stored)";
  if (error instanceof ImportFileError) return `${error.where}: ${error.problem}${kept}`;
  if (error instanceof ControlTargetError) return `${error.message}${kept}`;
  if (isDomainError(error)) return `${error.message.replace(/\s*\n\s*/g, " ")}${kept}`;
  return undefined;
}

/** Each file is there and readable before any store is opened. */
function checkReadable(files: string[]): void {
  for (const file of files) {
    if (file === "-") continue;
    try {
      accessSync(file, constants.R_OK);
      if (!statSync(file).isFile()) throw Object.assign(new Error(file), { code: "EISDIR" });
    } catch (error) {
      throw new ImportFileError(
        file,
        `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
  }
}

function parseFileArgs(args: string[]) {
  try {
    return parseArgs({ args, options: FILE_OPTIONS, allowPositionals: true });
  } catch (error) {
    // node:util's refusals (an unknown option, a missing value) are the command line's.
    throw new UsageError((error as Error).message);
  }
}

async function importFiles(source: string, args: string[]): Promise<number> {
  const { values, positionals } = parseFileArgs(args);
  const mode = readMode(values.mode);
  const batchEdges = readBatch(values.batch);
  if (values["identity-map"] === "") throw new UsageError("--identity-map needs a file");
  const bad = badRecords(readOnError(values["on-error"]), (line) => process.stderr.write(line));
  const read = withoutBadEdges(unitsOf(source, positionals, values, mode, bad), bad);
  resolveTarget(targetFlags(values));
  let units = read;
  try {
    checkReadable(positionals);
    // The map is read whole before any store opens: a bad one stores nothing.
    if (values["identity-map"] !== undefined)
      units = withIdentityMap(read, await readIdentityMap(values["identity-map"]));
  } catch (error) {
    if (error instanceof IdentityMapError) {
      console.error(`follow-graph import ${source}: ${error.message} (nothing was stored)`);
      return 1;
    }
    console.error(`follow-graph import ${source}: ${failure(error, undefined)}`);
    return 1;
  }
  const target: GraphTarget = await openTarget(targetFlags(values), {
    holder: `follow-graph import ${source}`,
  });
  const started = performance.now();
  let done: ImportTotals | undefined;
  try {
    const progress = batchProgress(source);
    const totals = await importUnits(target, units, mode, {
      batchEdges,
      onBatch: (t) => {
        done = { ...t };
        progress(t);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const skipped = bad.skipped ? `; ${count(bad.skipped)} bad records skipped` : "";
    console.log(
      `imported into ${target.description}: ${describeTotals(totals)}${skipped} in ${seconds.toFixed(2)} s`,
    );
    return 0;
  } catch (error) {
    if (isStartupError(error)) throw error;
    const message = failure(error, done);
    if (message === undefined) throw error;
    console.error(`follow-graph import ${source}: ${message}`);
    return 1;
  } finally {
    // What the batches stored stays stored: a failure after them (the statistics' refresh) is a warning.
    await target.close().catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`follow-graph import ${source}: after the import: ${message.replace(/\s*\n\s*/g, " ")}`);
    });
  }
}

export const importCommand = {
  run: async (args: string[]): Promise<number> => {
    const [source, ...rest] = args;
    if (source === "github" || source === "gitlab") return importLive(source, rest);
    if (source === "ndjson" || source === "arrays" || source === "mastodon") return importFiles(source, rest);
    throw new UsageError(
      source === undefined ? `import needs a source: ${SOURCES}` : `unknown source '${source}' (${SOURCES})`,
    );
  },
  /** `import github --help` is the live import's own. */
  help: (args: string[] = []) =>
    args[0] === "github" || args[0] === "gitlab" ? importLiveHelp(args[0]) : FILE_USAGE,
};
