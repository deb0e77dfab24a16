import { parseArgs } from "node:util";
import {
  bootstrapRoot,
  type Core,
  type Database,
  GITLAB_TOKEN_SCOPES,
  isDomainError,
  isExpired,
  isStartupError,
  parseUserRef,
  rotateRootToken,
  type SeedResult,
  seedGraph,
  seedOptionsProblem,
} from "@follow-graph/core";
import { type Env, parseEnv } from "./env.ts";
import { openGraph } from "./graph.ts";
import { createProgress } from "./progress.ts";

/** Each command's usage lines; `--help` after a command prints its own. */
const COMMAND_USAGE: Record<string, string> = {
  migrate: `  migrate                                   apply pending migrations and exit`,
  "users create": `  users create --username U --email E [--name N] [--admin] [--private]
                                            create a user; prints its id`,
  "tokens create": `  tokens create --user U|ID [--scopes api,read_user] [--name N] [--expires YYYY-MM-DD]
                                            mint a token (GitLab's scopes; default api);
                                            prints the secret once`,
  "tokens rotate-root": `  tokens rotate-root                        give root a new token, printed once, and revoke
                                            its earlier ROOT_TOKEN and generated ones (not
                                            with ROOT_TOKEN set: change ROOT_TOKEN instead)`,
  seed: `  seed --users N [--edges M] [--popular K] [--random-seed S] [--json]
                                            add N active users (seed-<id>) and M random follows
                                            among them (default K, or 0); with --popular, the
                                            first of them gets exactly K followers, counted in M;
                                            the same S gives the same graph; --json prints
                                            one JSON line; progress goes to stderr`,
};

/** The store flags every command takes, each standing for the environment variable it names. */
export const STORE_FLAGS = {
  "database-url": "DATABASE_URL",
  "data-dir": "PGLITE_DATA_DIR",
  "root-token": "ROOT_TOKEN",
} as const;

const STORE_USAGE = `  --database-url URL, --data-dir DIR, --root-token T
                                            the store and root's token (instead of DATABASE_URL,
                                            PGLITE_DATA_DIR, ROOT_TOKEN)`;

/** Who runs the commands: the name their usage shows, and the environment they read. */
export interface CommandsHost {
  /** `pnpm cli` or `follow-graph`. */
  program: string;
  /** What follows the usage line, e.g. which environment the commands read. */
  note?: string;
  /** Usage lines of commands the host adds itself (the bin's serve and exec). */
  extraUsage?: string;
  env: NodeJS.ProcessEnv;
  /** Stand-ins for unset variables (the bin's default data directory). */
  defaults?: Record<string, string>;
}

class UsageError extends Error {}

/** The usage of the commands `names` (all when absent), as `host` shows it. */
function usageOf(host: CommandsHost, names?: string[]): string {
  const all = names === undefined;
  const head = `usage: ${host.program} <command> [options]${host.note ? `   ${host.note}` : ""}`;
  const lines = [
    ...(all && host.extraUsage ? [host.extraUsage] : []),
    ...(names ?? Object.keys(COMMAND_USAGE)).map((name) => COMMAND_USAGE[name]),
  ];
  return `${head}\n\n${lines.join("\n")}\n\n${STORE_USAGE}\n  -h, --help                                show this help (also after a command)`;
}

/**
 * Takes the store flags (`--database-url U` or `--database-url=U`) out of `args`, before any
 * `--`, as the environment variables they stand for.
 */
export function takeStoreFlags(args: string[]): { args: string[]; env: Record<string, string> } {
  const rest: string[] = [];
  const env: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      rest.push(...args.slice(i));
      break;
    }
    const [flag, inline] = arg.startsWith("--")
      ? [arg.slice(2).split("=")[0]!, arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : undefined]
      : ["", undefined];
    const variable = STORE_FLAGS[flag as keyof typeof STORE_FLAGS];
    if (!variable) {
      rest.push(arg);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`--${flag} needs a value`);
    env[variable] = value;
  }
  return { args: rest, env };
}

/** `--user`: digits are an id, anything else a username. */
async function findUserId(core: Core, text: string): Promise<number> {
  const ref = parseUserRef(text, "id_or_username");
  const user = ref === null ? null : await core.users.findUser(ref);
  if (!user) throw new UsageError(`no user '${text}'`);
  return user.id;
}

/** A parsed command, ready to run against the opened graph; returns what stdout shows. */
type Run = (graph: { core: Core; database: Database }) => Promise<string>;
interface Parsed {
  run: Run;
  /** A refusal that depends on the environment, checked before the database is opened. */
  refuse?: (env: Env) => string | undefined;
  /** Whether root's token is settled first, as `pnpm start` does (a rotation does it itself). */
  bootstrapsRoot?: boolean;
}
/** Reads the arguments, refusing bad ones before the database is opened. */
type Command = (args: string[]) => Parsed | Run;

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`--${name} must be a whole number`);
  return Number(value);
}

/** `--scopes` as the GitLab API reads `scopes`: known GitLab scopes, at least one. */
function readScopes(value: string): string[] {
  const scopes = [
    ...new Set(
      value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (scopes.length === 0) throw new UsageError("--scopes must name at least one scope");
  const known: readonly string[] = GITLAB_TOKEN_SCOPES;
  const unknown = scopes.filter((scope) => !known.includes(scope));
  if (unknown.length)
    throw new UsageError(
      `--scopes: unknown scope${unknown.length > 1 ? "s" : ""} ${unknown.map((s) => `'${s}'`).join(", ")} (known: ${known.join(", ")})`,
    );
  return scopes;
}

/** `--expires` as the API reads `expires_at`: a real calendar day, after today. */
function readExpiry(value: string | undefined): string | null {
  if (value === undefined) return null;
  const valid =
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    !Number.isNaN(Date.parse(value)) &&
    new Date(value).toISOString().slice(0, 10) === value;
  if (!valid) throw new UsageError("--expires must be YYYY-MM-DD");
  if (isExpired({ expiresAt: value })) throw new UsageError("--expires must be a day after today");
  return value;
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
    const scopes = readScopes(values.scopes);
    const expiresAt = readExpiry(values.expires);
    return async ({ core }) => {
      const userId = await findUserId(core, user);
      const { secret } = await core.tokens.createToken(userId, {
        name: values.name,
        scopes,
        expiresAt,
        prefix: "glpat-",
      });
      return secret;
    };
  },
  "tokens rotate-root": (args) => {
    if (args.length) throw new UsageError("tokens rotate-root takes no arguments");
    return {
      // ROOT_TOKEN sets root's token at every start: a rotation here would be undone by the
      // next one, and the token it replaced would come back.
      refuse: (env) =>
        env.ROOT_TOKEN === undefined
          ? undefined
          : "tokens rotate-root: ROOT_TOKEN is set and the next start would make it root's token again; set ROOT_TOKEN to a new secret instead",
      bootstrapsRoot: false,
      run: async ({ core }) => {
        const { secret, revoked } = await rotateRootToken(core);
        console.error(`Revoked ${revoked} earlier root token${revoked === 1 ? "" : "s"}`);
        return secret;
      },
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

/** Asks for help: `-h` or `--help` among the options (not after a `--`). */
const wantsHelp = (args: string[]) => {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
};

/** The command `argv` names and the arguments after it, or the group (`tokens`) it names. */
function commandOf(argv: string[]): { name: string; args: string[] } | { group: string[]; word: string } {
  for (const length of [1, 2]) {
    const name = argv.slice(0, length).join(" ");
    if (COMMANDS[name]) return { name, args: argv.slice(length) };
  }
  const word = argv[0] ?? "";
  return { group: Object.keys(COMMANDS).filter((name) => name.startsWith(`${word} `)), word };
}

/** A refusal of the command line: one line saying why, then the usage, exit 2. */
function refuse(message: string, usage: string): number {
  console.error(`${message}\n\n${usage}`);
  return 2;
}

/**
 * Runs the command `argv` names (migrate, users create, tokens create, tokens rotate-root,
 * seed) and returns its exit status: 0, 1 for a refusal by the graph, 2 for a bad command line
 * or configuration. Its answer goes to stdout, everything else to stderr.
 */
export async function runCommands(argv: string[], host: CommandsHost): Promise<number> {
  const USAGE = usageOf(host);
  let storeEnv: Record<string, string>;
  try {
    ({ args: argv, env: storeEnv } = takeStoreFlags(argv));
  } catch (error) {
    return refuse((error as Error).message, USAGE);
  }
  const first = argv[0];
  if (first === undefined) return refuse("missing command", USAGE);
  if (first === "--help" || first === "-h" || first === "help") {
    console.log(USAGE);
    return 0;
  }
  const found = commandOf(argv);
  if ("group" in found) {
    const { group, word } = found;
    const sub = argv[1];
    if (group.length === 0 || (sub !== undefined && !sub.startsWith("-")))
      return refuse(
        word.startsWith("-")
          ? `unknown option '${word}'`
          : `unknown command '${group.length ? `${word} ${sub}` : word}'`,
        USAGE,
      );
    if (wantsHelp(argv)) {
      console.log(usageOf(host, group));
      return 0;
    }
    return refuse(`'${word}' needs a command: ${group.join(", ")}`, usageOf(host, group));
  }
  const { name, args } = found;
  if (wantsHelp(args)) {
    console.log(usageOf(host, [name]));
    return 0;
  }
  let parsed: Parsed;
  try {
    const made = COMMANDS[name]!(args);
    parsed = typeof made === "function" ? { run: made } : made;
  } catch (error) {
    const message = usageMessage(error);
    if (message === undefined) throw error;
    return refuse(message, usageOf(host, [name]));
  }
  const env = parseEnv({ ...host.env, ...storeEnv }, host.defaults);
  if (!env.ok) {
    console.error(`Bad configuration: ${env.reason}`);
    return 2;
  }
  const refusal = parsed.refuse?.(env.env);
  if (refusal) {
    console.error(refusal);
    return 2;
  }
  let graph: Awaited<ReturnType<typeof openGraph>>;
  try {
    graph = await openGraph(env.env, `${host.program} ${name}`);
  } catch (error) {
    if (!isStartupError(error)) throw error;
    console.error(error.message);
    return error.exitCode;
  }
  try {
    if (parsed.bootstrapsRoot !== false) {
      const { createdSecret } = await bootstrapRoot(graph.core, env.env.ROOT_TOKEN);
      // stdout carries only the command's answer; root's token would be lost if never shown.
      if (createdSecret)
        console.error(`Created the token of the administrator 'root' (shown once): ${createdSecret}`);
    }
    console.log(await parsed.run(graph));
    return 0;
  } catch (error) {
    const message = usageMessage(error);
    if (message !== undefined) return refuse(message, usageOf(host, [name]));
    if (isStartupError(error)) {
      console.error(error.message);
      return error.exitCode;
    }
    // The core's own plain-English wording of the code and its data, on one line.
    if (isDomainError(error)) {
      console.error(error.message.replace(/\s*\n\s*/g, " "));
      return 1;
    }
    throw error;
  } finally {
    await graph.database.close();
  }
}
