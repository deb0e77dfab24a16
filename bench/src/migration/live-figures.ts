// `follow-graph import github|gitlab --depth 1` of one account with F followers, read from a
// local instance of this server (`follow-graph serve`, GITHUB_RATE_LIMIT=off, so the figure is
// the importer's and not the limit's) through Octokit and @gitbeaker/rest, each import its own
// process into a fresh store on each engine: the wall, start-up included, against 2 minutes.
import { join } from "node:path";
import { log } from "../log.ts";
import { ENGINE_LABEL, type Engine } from "../types.ts";
import { BOUNDS, type MigrationFigure } from "./figures.ts";
import { serve } from "./serve.ts";
import { createScratchStore, withScratchStore } from "./stores.ts";
import { timedBin } from "./timed-bin.ts";

const SOURCE_TOKEN = "fg-root-bench-source";
const PER_PAGE = 100;

interface Source {
  url: string;
  login: string;
  engine: Engine;
  seedSeconds: number;
  stop(): Promise<void>;
}

/** A served store seeded with one account of `followers` followers (and nothing else). */
async function startSource(engine: Engine, pgUrl: string, followers: number): Promise<Source> {
  const store = await createScratchStore(engine, pgUrl);
  try {
    log(`migration: the source: seeding an account with ${followers} followers (${ENGINE_LABEL[engine]})`);
    const seeded = await timedBin([
      "seed",
      "--users",
      String(followers + 1),
      "--edges",
      String(followers),
      "--popular",
      String(followers),
      "--random-seed",
      "1",
      "--json",
      ...store.flags,
    ]);
    const line = seeded.stdout.trim().split("\n").at(-1) ?? "";
    const { popular } = JSON.parse(line) as { popular?: { username: string; followers: number } };
    if (popular?.followers !== followers)
      throw new Error(`the seed made no account with ${followers} followers: ${line}`);
    const server = await serve("serve (live import source)", store.flags, {
      rootToken: SOURCE_TOKEN,
      env: { GITHUB_RATE_LIMIT: "off" },
    });
    return {
      url: server.url,
      login: popular.username,
      engine,
      seedSeconds: seeded.seconds,
      stop: async () => {
        await server.stop();
        await store.remove();
      },
    };
  } catch (error) {
    await store.remove();
    throw error;
  }
}

const DIALECTS = [
  { kind: "github", client: "Octokit", sourceFlag: "--api-url" },
  { kind: "gitlab", client: "@gitbeaker/rest", sourceFlag: "--url" },
] as const;

export async function measureLiveImport(
  engines: Engine[],
  pgUrl: string,
  followers: number,
  workDir: string,
): Promise<{ figures: MigrationFigure[]; note: string }> {
  // The source stands in for GitHub or GitLab: PostgreSQL when there is one, so that its
  // serving is the steadier part and the figure is the importer's.
  const source = await startSource(engines.includes("postgres") ? "postgres" : "pglite", pgUrl, followers);
  const figures: MigrationFigure[] = [];
  try {
    const count = followers.toLocaleString("en");
    const pages = Math.ceil(followers / PER_PAGE).toLocaleString("en");
    for (const engine of engines)
      for (const dialect of DIALECTS)
        await withScratchStore(engine, pgUrl, async (store) => {
          log(
            `migration: ${ENGINE_LABEL[engine]}: live import ${dialect.kind} of ${source.login} (${count} followers)`,
          );
          const run = await timedBin([
            "import",
            dialect.kind,
            dialect.sourceFlag,
            source.url,
            "--token",
            SOURCE_TOKEN,
            "--users",
            source.login,
            "--depth",
            "1",
            "--checkpoint",
            join(workDir, `${engine}-${dialect.kind}.checkpoint.json`),
            ...store.flags,
          ]);
          const added = Number(run.stderr.match(/: \d+ users created, (\d+) edges added/)?.[1] ?? Number.NaN);
          if (added !== followers)
            throw new Error(
              `import ${dialect.kind} added ${added} edges, not ${followers}:\n${run.stderr.slice(-2000)}`,
            );
          figures.push(
            {
              engine,
              figure: `live import (${dialect.kind}, ${dialect.client}) of a ${count}-follower account, ${pages} pages of ${PER_PAGE}, from a local instance (wall, start-up included)`,
              bound: BOUNDS.liveSeconds,
              unit: "s",
              value: run.seconds,
              detail: `${Math.round(followers / run.seconds).toLocaleString("en")} edges/s`,
            },
            { engine, figure: "peak RSS of that import", unit: "MB", value: run.peakMb },
          );
        });
  } finally {
    await source.stop();
  }
  const note = `Live import source: \`follow-graph serve\` with GITHUB_RATE_LIMIT=off on ${ENGINE_LABEL[source.engine]}, seeded with \`follow-graph seed --users ${followers + 1} --edges ${followers} --popular ${followers}\` (${source.seedSeconds.toFixed(1)} s); \`follow-graph import github --api-url URL\` and \`import gitlab --url URL\`, \`--users ${source.login} --depth 1\`, root's token.`;
  return { figures, note };
}
