// `follow-graph export`: the graph carried out of a store or a running server, as edges
// (NDJSON, CSV) or as each user's lists in a dialect's own shape (github, gitlab).
import { statSync } from "node:fs";
import { parseArgs } from "node:util";
import { isDomainError } from "@follow-graph/core";
import { UsageError } from "../usage-error.ts";
import { openExportSource, SOURCE_OPTIONS, SOURCE_USAGE } from "./export/export-source.ts";
import { writeIdentityMap } from "./export/identity-map-export.ts";
import { EXPORT_FORMATS, type ExportFormat, ExportRefusal, runExport } from "./export/run-export.ts";

const help =
  () => `usage: follow-graph export --as ndjson|csv|github|gitlab [--users a,b] [--out PATH|-] [flags]
       follow-graph export --identity-map FILE [--as …] [--users a,b] [flags]

Streams the graph out a page at a time (memory stays bounded however large it is); progress
and a last summary line go to stderr.

  --as ndjson                               first every user, one {"login","name"?,"identities"?}
                                            a line in id order, then every edge, one
                                            {"follower","followee","at"} a line in (follower,
                                            followee) order: what import ndjson reads back into
                                            the same graph (the same export, byte for byte)
  --as csv                                  the edges' columns, with a header row (no users)
  --as github | gitlab                      every user's followers and following exactly as that
                                            dialect's list routes answer root (GitHub simple-user,
                                            GitLab UserBasic arrays), walked by their Link headers;
                                            root's own lists included
  --users a,b                               only these users: the edges touching them, or their
                                            lists; one the graph lacks is an error (exit 1)
  --out PATH                                ndjson, csv: the file. github, gitlab: the directory
                                            getting followers/<login>.json and following/<login>.json
                                            (what import arrays reads). Default - : stdout; for
                                            github, gitlab one line per user,
                                            {"user":login,"followers":[…],"following":[…]}
  --identity-map FILE                       also (or, without --as, only) writes the identity map:
                                            github_login,github_id,gitlab_username,gitlab_id, one
                                            row per user (or --users) from the identities its
                                            imports recorded, empty where unknown; a user with
                                            none recorded on either forge has no row
  --public-url URL                          on a store: the origin the github and gitlab shapes'
                                            URLs name, as serve's PUBLIC_URL (default
                                            http://127.0.0.1:3000, where serve listens by default)
${SOURCE_USAGE}
  -h, --help                                show this help`;

/** ndjson and csv write a file, github and gitlab a directory: the other kind is refused at once. */
function checkOut(out: string, as: ExportFormat) {
  const wantsDir = as === "github" || as === "gitlab";
  const found = statSync(out, { throwIfNoEntry: false });
  if (found && found.isDirectory() !== wantsDir)
    throw new UsageError(
      `--out ${out} is a ${wantsDir ? "file" : "directory"}; --as ${as} writes a ${wantsDir ? "directory" : "file"}`,
    );
}

function readRequest(args: string[]) {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    // parseArgs' wording, trimmed to the bin's: `unknown option '--x'`, without its advice.
    const message = (error as Error).message.split(". To specify")[0]!;
    throw new UsageError(message.replace(/^Unknown option/, "unknown option"));
  }
  const { values, positionals } = parsed;
  if (positionals.length) throw new UsageError(`export takes no arguments ('${positionals[0]}')`);
  const as = values.as as ExportFormat | undefined;
  const identityMap = values["identity-map"];
  if (identityMap === "" || identityMap === "-")
    throw new UsageError("--identity-map needs a file (stdout is the export's)");
  if (as === undefined && identityMap === undefined)
    throw new UsageError("export needs --as ndjson|csv|github|gitlab");
  if (as !== undefined && !EXPORT_FORMATS.includes(as))
    throw new UsageError(`--as must be one of ${EXPORT_FORMATS.join(", ")} (not '${values.as}')`);
  const users = values.users?.split(",").map((login) => login.trim());
  if (users && (users.length === 0 || users.some((login) => login === "")))
    throw new UsageError("--users must name users, separated by commas");
  if (values.out === "") throw new UsageError("--out needs a path, or - for stdout");
  if (as === undefined && values.out !== undefined) throw new UsageError("--out needs --as");
  if (as !== undefined && values.out !== undefined && values.out !== "-") checkOut(values.out, as);
  if (identityMap !== undefined && statSync(identityMap, { throwIfNoEntry: false })?.isDirectory())
    throw new UsageError(`--identity-map ${identityMap} is a directory; it writes a file`);
  const request = as && { as, out: values.out ?? "-", ...(users ? { users } : {}) };
  return { request, users, identityMap, values };
}

const parse = (args: string[]) =>
  parseArgs({
    args,
    allowPositionals: true,
    options: {
      as: { type: "string" },
      users: { type: "string" },
      out: { type: "string" },
      "public-url": { type: "string" },
      "identity-map": { type: "string" },
      ...SOURCE_OPTIONS,
    },
  });

export const exportCommand = {
  run: async (args: string[]): Promise<number> => {
    const { request, users, identityMap, values } = readRequest(args);
    const source = await openExportSource(values);
    try {
      if (request) await runExport(request, source, { stdout: process.stdout, stderr: process.stderr });
      if (identityMap !== undefined) {
        // readUsers refuses a user the graph lacks (user_not_found), as runExport does.
        const map = await writeIdentityMap(source.target, identityMap, users);
        const unknown = map.unknown ? `; ${map.unknown} with no identity recorded left out` : "";
        process.stderr.write(`export: identity map of ${map.rows} users to ${identityMap}${unknown}\n`);
      }
      return 0;
    } catch (error) {
      // The reader of stdout went away (`| head`): it has all it wanted, as with any filter.
      if ((error as NodeJS.ErrnoException).code === "EPIPE" && request?.out === "-") return 0;
      // The graph's refusals (a user it lacks) are one line and exit 1, like any other failure.
      if (error instanceof ExportRefusal || (isDomainError(error) && error.code === "user_not_found")) {
        console.error(`follow-graph export: ${error.message}`);
        return 1;
      }
      throw error;
    } finally {
      await source.target.close();
    }
  },
  help,
};
