// `follow-graph import github|gitlab`: a follow graph walked on a live forge through its
// published client (Octokit, @gitbeaker/rest) into a store or a running server, resumable.
import { existsSync, rmSync } from "node:fs";
import type { Forge } from "./contracts.ts";
import { createGitHubForge } from "./forge/github-forge.ts";
import { createGitLabForge } from "./forge/gitlab-forge.ts";
import type { WaitPolicy } from "./forge/rate-wait.ts";
import { type IdentityRow, readIdentityMap } from "./identity/identity-map.ts";
import { liveIdentityMapper } from "./identity/live-identities.ts";
import { badRecords } from "./import-files/bad-records.ts";
import { ImportFileError } from "./import-files/units.ts";
import { mismatch, readCheckpoint, writeCheckpoint } from "./live/checkpoint.ts";
import { type LiveImportRequest, readLiveFlags } from "./live/live-flags.ts";
import { startCheckpoint, walkForge } from "./live/walk.ts";
import { createWalkProgress, type ProgressOutput } from "./live/walk-progress.ts";
import { openTarget, TARGET_USAGE } from "./open-target.ts";

const COMMON_FLAGS = `  --users a,b                               the users to start from
  --users-file F                            the same, one a line (or comma-separated; # comments)
  --depth N                                 1 (default): their own lists; 2: also the lists of
                                            the users met in them; and so on
  --checkpoint FILE                         where progress is kept (default
                                            ./follow-graph-import-SOURCE.checkpoint.json)
  --max-wait SECONDS                        the longest rate-limit wait accepted (default 3600);
                                            a longer one stops the import (rerun to continue)
  --batch-size N                            edges per batch written (default 5000)
  --batch-users N                           users whose lists one batch gathers at most (default
                                            100; a batch is also written every 2 s)
  --identity-map FILE                       CSV github_login,github_id,gitlab_username,gitlab_id:
                                            each user met that the map names by its FORGE
                                            login gets the map's other side recorded too, so
                                            plan and apply know it on the other forge (the
                                            source's own login and id stay as FORGE gives
                                            them); a bad map is one line naming file:line,
                                            exit 1, nothing stored
  --on-error abort|skip                     a bad record met on the walk (a map row giving a
                                            user another FORGE id than FORGE does; a user
                                            whose lists answer 404, gone since a list named
                                            it): abort (default) stops at it, naming it, with
                                            nothing of its batch stored and the checkpoint
                                            kept; skip reports it on stderr and goes on (the
                                            row left out, the gone user walked as having no
                                            lists), the summary counting it`;

const RESUMING = `A checkpoint file, rewritten after each batch is written, lets a stopped or killed
import continue where it was: run the same command again. It is removed once the import is
complete. Progress goes to stderr: a bar on a terminal, one line per batch otherwise.`;

const HELP = {
  github: `usage: follow-graph import github [--api-url URL] [--token T] (--users a,b | --users-file F)
                                  [--depth N] [target flags]

Walks the followers and following of the given users on GitHub to depth N through Octokit
(paginate, with the throttling and retry plugins waiting out X-RateLimit-* and Retry-After),
creating the users met, their GitHub login and id kept as identities, and the edges. Each
user's followers get follow times that sort as GitHub lists them (oldest first).
${RESUMING}

  --api-url URL                             GitHub's API (default https://api.github.com;
                                            GitHub Enterprise Server: https://HOST/api/v3)
  --token T                                 a token (or GITHUB_TOKEN; without one, anonymous)
${COMMON_FLAGS.replaceAll("SOURCE", "github").replaceAll("FORGE", "GitHub")}
${TARGET_USAGE}
  --to-url URL, --to-root-token T           the same as --url, --root-token (as import gitlab
                                            spells them)
  -h, --help                                show this help`,
  gitlab: `usage: follow-graph import gitlab --url URL --token T (--users a,b | --users-file F)
                                  [--depth N] [target flags]

Walks the followers and following of the given users on GitLab to depth N through
@gitbeaker/rest (Users.allFollowers and allFollowing, a page at a time, waiting out 429s and
503s as Retry-After says), creating the users met, their GitLab username and id kept as
identities, and the edges (GitLab keeps no follow times: the edges get the import's).
${RESUMING}

  --url URL                                 the GitLab (its API under /api/v4)
  --token T                                 a token with read_user or api (or GITLAB_TOKEN)
${COMMON_FLAGS.replaceAll("SOURCE", "gitlab").replaceAll("FORGE", "GitLab")}
${TARGET_USAGE.replace("  --url URL --root-token T                  a running server", "  --to-url URL --root-token T               a running server")}
  --to-root-token T                         the same as --root-token
  -h, --help                                show this help`,
};

export const importLiveHelp = (source: "github" | "gitlab") => HELP[source];

function forgeOf(request: LiveImportRequest, wait: WaitPolicy): Forge {
  return request.source === "github"
    ? createGitHubForge({
        apiUrl: request.sourceUrl,
        ...(request.token ? { token: request.token } : {}),
        wait,
      })
    : createGitLabForge({ url: request.sourceUrl, token: request.token ?? "", wait });
}

const oneLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, " ");

export async function importLive(
  source: "github" | "gitlab",
  args: string[],
  io: { stderr: ProgressOutput; env: NodeJS.ProcessEnv } = { stderr: process.stderr, env: process.env },
): Promise<number> {
  const request = readLiveFlags(source, args, io.env);
  const label = `import ${source}`;
  const fail = (message: string) => {
    io.stderr.write(`follow-graph ${label}: ${message}\n`);
    return 1;
  };
  const progress = createWalkProgress(io.stderr, label);
  const forge = forgeOf(request, {
    maxWaitSeconds: request.maxWaitSeconds,
    maxRetries: 8,
    onWait: progress.waiting,
  });
  const asked = {
    source: { kind: source, url: request.sourceUrl },
    users: request.users,
    depth: request.depth,
  };
  let existing: ReturnType<typeof readCheckpoint>;
  try {
    existing = readCheckpoint(request.checkpoint);
  } catch (error) {
    return fail(oneLine(error));
  }
  const wrong = existing && mismatch(existing, asked);
  if (wrong)
    return fail(
      `checkpoint ${request.checkpoint} cannot continue this import: ${wrong} (remove it, or give another --checkpoint)`,
    );

  const sourceName = `${source} at ${request.sourceUrl}`;
  let rows: IdentityRow[] | undefined;
  try {
    // The map is read whole before any store opens: a bad one stores nothing.
    if (request.identityMap !== undefined) rows = await readIdentityMap(request.identityMap);
  } catch (error) {
    return fail(`${oneLine(error)} (nothing was stored)`);
  }
  const bad = badRecords(request.onError, (line) => io.stderr.write(`${label}: ${line}`));
  const identify =
    rows && liveIdentityMapper({ rows, kind: source, path: request.identityMap!, source: sourceName, bad });
  const onGone = (user: { login: string; level: number }) =>
    bad.report(
      `${sourceName}: '${user.login}'`,
      `answers 404: gone since a list at depth ${user.level} named it`,
    );

  const target = await openTarget(request.target, { holder: `follow-graph ${label}`, env: io.env });
  let checkpoint = existing;
  try {
    checkpoint ??= await startCheckpoint(forge, asked.source, request.users, request.depth);
    if (!existing) writeCheckpoint(request.checkpoint, checkpoint);
    else
      io.stderr.write(
        `${label}: continuing from ${request.checkpoint} (${checkpoint.done.length} users walked, ${checkpoint.queue.length} to go)\n`,
      );
    const finished = await walkForge({
      forge,
      target,
      checkpoint,
      save: (next) => writeCheckpoint(request.checkpoint, next),
      onStep: progress.step,
      batchEdges: request.batchEdges,
      batchUsers: request.batchUsers,
      onGone,
      ...(identify ? { identify } : {}),
    });
    rmSync(request.checkpoint, { force: true });
    const { usersCreated, edgesAdded, edgesSkipped } = finished.totals;
    const skipped = edgesSkipped ? `, ${edgesSkipped} left out across blocks` : "";
    const badSkipped = bad.skipped ? `; ${bad.skipped} bad records skipped` : "";
    progress.end(
      `${finished.done.length} users walked to depth ${request.depth} on ${request.sourceUrl}: ${usersCreated} users created, ${edgesAdded} edges added${skipped} to ${target.description}${badSkipped}`,
    );
    return 0;
  } catch (error) {
    if (checkpoint)
      progress.end(`stopped with ${checkpoint.done.length} users walked, ${checkpoint.queue.length} to go`);
    // A bad record stops the rerun too until the map is mended or it is skipped.
    const rerun =
      error instanceof ImportFileError
        ? "mend it, or rerun with --on-error skip, to continue"
        : "rerun the same command to continue";
    const kept = existsSync(request.checkpoint) ? ` (progress kept in ${request.checkpoint}: ${rerun})` : "";
    return fail(`${oneLine(error)}${kept}`);
  } finally {
    await target.close();
  }
}
