import { parseArgs } from "node:util";
import { bootstrapRoot, type Core, isDomainError } from "@follow-graph/core";
import { parseEnv } from "./env.ts";
import { openGraph } from "./graph.ts";

const USAGE = `usage: pnpm cli <command> [options]   (uses the same environment as pnpm start)

  migrate                                   apply pending migrations and exit
  users create --username U --email E [--name N] [--admin] [--private]
                                            create a user; prints its id
  tokens create --user U|ID [--scopes api,read_user] [--name N] [--expires YYYY-MM-DD]
                                            mint a token; prints the secret once`;

class UsageError extends Error {}

async function findUserId(core: Core, ref: string): Promise<number> {
  const user = /^\d+$/.test(ref)
    ? await core.users.getUser(Number(ref))
    : await core.users.getUserByUsername(ref);
  if (!user) throw new UsageError(`no user '${ref}'`);
  return user.id;
}

type Command = (core: Core, args: string[]) => Promise<string>;

const COMMANDS: Record<string, Command> = {
  migrate: async (_core, args) => {
    if (args.length) throw new UsageError(`migrate takes no arguments`);
    return "migrations applied";
  },
  "users create": async (core, args) => {
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
    if (!values.username || !values.email) throw new UsageError("users create needs --username and --email");
    const user = await core.users.createUser({
      username: values.username,
      email: values.email,
      name: values.name ?? values.username,
      isAdmin: values.admin,
      privateProfile: values.private,
    });
    return String(user.id);
  },
  "tokens create": async (core, args) => {
    const { values } = parseArgs({
      args,
      options: {
        user: { type: "string" },
        scopes: { type: "string", default: "api" },
        name: { type: "string", default: "cli" },
        expires: { type: "string" },
      },
    });
    if (!values.user) throw new UsageError("tokens create needs --user");
    if (values.expires !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.expires))
      throw new UsageError("--expires must be YYYY-MM-DD");
    const userId = await findUserId(core, values.user);
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
  },
};

async function main(argv: string[]): Promise<number> {
  const name = argv[0] === "migrate" ? "migrate" : argv.slice(0, 2).join(" ");
  const command = COMMANDS[name];
  if (!command) {
    console.error(USAGE);
    return 2;
  }
  const parsed = parseEnv(process.env);
  if (!parsed.ok) {
    console.error(`Bad configuration: ${parsed.reason}`);
    return 2;
  }
  const { database, core } = await openGraph(parsed.env);
  try {
    await bootstrapRoot(core, parsed.env.ROOT_TOKEN);
    console.log(await command(core, argv.slice(name.split(" ").length)));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error)) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (isDomainError(error)) {
      console.error(`${error.message}${error.fields ? `: ${JSON.stringify(error.fields)}` : ""}`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
