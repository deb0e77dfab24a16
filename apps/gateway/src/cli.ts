import { parseArgs } from "node:util";
import {
  bootstrapRoot,
  type Core,
  type Database,
  isDomainError,
  isStartupError,
  type SeedResult,
  seedGraph,
  seedOptionsProblem,
} from "@follow-graph/core";
import { parseEnv } from "./env.ts";
import { openGraph } from "./graph.ts";
import { createProgress } from "./progress.ts";

const USAGE = `usage: pnpm cli <command> [options]   (uses the same environment as pnpm start)

  migrate                                   apply pending migrations and exit
  users create --username U --email E [--name N] [--admin] [--private]
                                            create a user; prints its id
  tokens create --user U|ID [--scopes api,read_user] [--name N] [--expires YYYY-MM-DD]
                                            mint a token; prints the secret once
  seed --users N [--edges M] [--popular K] [--random-seed S] [--json]
                                            add N active users (seed-<id>) and M random follows
                                            among them (default K, or 0); with --popular, the
                                            first of them gets exactly K followers, counted in M;
                                            the same S gives the same graph; --json prints
                                            one JSON line; progress goes to stderr`;

class UsageError extends Error {}

async function findUserId(core: Core, ref: string): Promise<number> {
  const user = /^\d+$/.test(ref)
    ? await core.users.getUser(Number(ref))
    : await core.users.getUserByUsername(ref);
  if (!user) throw new UsageError(`no user '${ref}'`);
  return user.id;
}

/** A parsed command, ready to run against the opened graph; returns what stdout shows. */
type Run = (graph: { core: Core; database: Database }) => Promise<string>;
/** Reads the arguments, refusing bad ones before the database is opened. */
type Command = (args: string[]) => Run;

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`--${name} must be a whole number`);
  return Number(value);
}

function seedSummary(result: SeedResult, seconds: number): string {
  const popular = result.popular
    ? `; ${result.popular.username} (id ${result.popular.id}) has ${result.popular.followers} followers`
    : "";
  return `seeded ${result.users} users (ids ${result.firstUserId}..${result.lastUserId}) and ${result.edges} follows in ${seconds} s${popular}`;
}

const COMMANDS: Record<string, Command> = {
  migrate: (args) => {
    if (args.length) throw new UsageError(`migrate takes no arguments`);
    return async () => "migrations applied";
  },
  "users create": (args) => {
    const { values } = parseArgs({
      args,
      options: {
        username: { type: "string" },
        email: { type: "string" },
        name: { type: "string" },
        admin: { type: "boolean", default: false },
        private: { type: "boolean", default: false },
      },
    });
    const { username, email } = values;
    if (!username || !email) throw new UsageError("users create needs --username and --email");
    return async ({ core }) => {
      const user = await core.users.createUser({
        username,
        email,
        name: values.name ?? username,
        isAdmin: values.admin,
        privateProfile: values.private,
      });
      return String(user.id);
    };
  },
  "tokens create": (args) => {
    const { values } = parseArgs({
      args,
      options: {
        user: { type: "string" },
        scopes: { type: "string", default: "api" },
        name: { type: "string", default: "cli" },
        expires: { type: "string" },
      },
    });
    const { user } = values;
    if (!user) throw new UsageError("tokens create needs --user");
    if (values.expires !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.expires))
      throw new UsageError("--expires must be YYYY-MM-DD");
    return async ({ core }) => {
      const userId = await findUserId(core, user);
      const { secret } = await core.tokens.createToken(userId, {
        name: values.name,
        scopes: values.scopes
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
        expiresAt: values.expires ?? null,
        prefix: "glpat-",
      });
      return secret;
    };
  },
  seed: (args) => {
    const { values } = parseArgs({
      args,
      options: {
        users: { type: "string" },
        edges: { type: "string" },
        popular: { type: "string" },
        "random-seed": { type: "string" },
        json: { type: "boolean", default: false },
      },
    });
    const users = wholeNumber("users", values.users);
    if (users === undefined) throw new UsageError("seed needs --users N");
    const popular = wholeNumber("popular", values.popular) ?? null;
    const options = {
      users,
      edges: wholeNumber("edges", values.edges) ?? popular ?? 0,
      popular,
      randomSeed: wholeNumber("random-seed", values["random-seed"]) ?? null,
    };
    const problem = seedOptionsProblem(options);
    if (problem) throw new UsageError(`seed: ${problem}`);
    return async ({ database }) => {
      const started = performance.now();
      const progress = createProgress("seed", process.stderr, ["users", "edges"]);
      const result = await seedGraph(database.db, options, progress);
      const seconds = Math.round((performance.now() - started) / 10) / 100;
      if (!values.json) return seedSummary(result, seconds);
      const { firstUserId, lastUserId } = result;
      // Scripts parse this line: keep its keys and their order.
      return JSON.stringify({
        users: result.users,
        edges: result.edges,
        firstUserId,
        lastUserId,
        popular: result.popular,
        seconds,
      });
    };
  },
};

/** The message of a refusal that deserves the usage text and exit 2, if `error` is one. */
const usageMessage = (error: unknown): string | undefined =>
  error instanceof UsageError || (error instanceof TypeError && "code" in error) ? error.message : undefined;

async function main(argv: string[]): Promise<number> {
  const name = argv[0] === "migrate" || argv[0] === "seed" ? argv[0] : argv.slice(0, 2).join(" ");
  const command = COMMANDS[name];
  if (!command) {
    console.error(USAGE);
    return 2;
  }
  let run: Run;
  try {
    run = command(argv.slice(name.split(" ").length));
  } catch (error) {
    const message = usageMessage(error);
    if (message === undefined) throw error;
    console.error(`${message}\n\n${USAGE}`);
    return 2;
  }
  const parsed = parseEnv(process.env);
  if (!parsed.ok) {
    console.error(`Bad configuration: ${parsed.reason}`);
    return 2;
  }
  let graph: Awaited<ReturnType<typeof openGraph>>;
  try {
    graph = await openGraph(parsed.env);
  } catch (error) {
    if (!isStartupError(error)) throw error;
    console.error(error.message);
    return error.exitCode;
  }
  try {
    const { createdSecret } = await bootstrapRoot(graph.core, parsed.env.ROOT_TOKEN);
    // stdout carries only the command's answer; root's token would be lost if never shown.
    if (createdSecret)
      console.error(`Created the token of the administrator 'root' (shown once): ${createdSecret}`);
    console.log(await run(graph));
    return 0;
  } catch (error) {
    const message = usageMessage(error);
    if (message !== undefined) {
      console.error(`${message}\n\n${USAGE}`);
      return 2;
    }
    if (isDomainError(error)) {
      console.error(`${error.message}${error.fields ? `: ${JSON.stringify(error.fields)}` : ""}`);
      return 1;
    }
    throw error;
  } finally {
    await graph.database.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
